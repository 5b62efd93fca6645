import type { tasksEn } from './en.ts';

/** tasks 部分的繁體中文介面文字（術語見 GLOSSARY.md）。 */
export const tasksZhTW: typeof tasksEn = {
  title: '任務',
};
