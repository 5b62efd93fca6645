import type { pipelineEn } from './en.ts';

/** pipeline 部分的简体中文界面文字（术语见 GLOSSARY.md）。 */
export const pipelineZhCN: typeof pipelineEn = {
  title: '商机',
};
