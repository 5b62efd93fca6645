import type { pipelineEn } from './en.ts';

/** pipeline 部分的繁體中文介面文字（術語見 GLOSSARY.md）。 */
export const pipelineZhTW: typeof pipelineEn = {
  title: '商機',
};
