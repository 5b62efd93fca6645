import type { tasksEn } from './en.ts';

/** tasks 部分的简体中文界面文字（术语见 GLOSSARY.md）。 */
export const tasksZhCN: typeof tasksEn = {
  title: '任务',
};
