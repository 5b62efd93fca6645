/** English UI text of the pipeline section; en.ts includes it, so it defines the keys zh-CN and zh-TW must have. */
export const pipelineEn = {
  title: 'Pipeline',
};
