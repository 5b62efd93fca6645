import type { forecastEn } from './en.ts';

/** forecast 部分的简体中文界面文字（术语见 GLOSSARY.md）。 */
export const forecastZhCN: typeof forecastEn = {
  title: '销售预测',
};
