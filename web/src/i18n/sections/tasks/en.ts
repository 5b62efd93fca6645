/** English UI text of the tasks section; en.ts includes it, so it defines the keys zh-CN and zh-TW must have. */
export const tasksEn = {
  title: 'Tasks',
};
