/** English UI text of the leads section; en.ts includes it, so it defines the keys zh-CN and zh-TW must have. */
export const leadsEn = {
  title: 'Leads',
};
