import type { forecastEn } from './en.ts';

/** forecast 部分的繁體中文介面文字（術語見 GLOSSARY.md）。 */
export const forecastZhTW: typeof forecastEn = {
  title: '銷售預測',
};
