/** English UI text of the quotes section; en.ts includes it, so it defines the keys zh-CN and zh-TW must have. */
export const quotesEn = {
  title: 'Quotes',
};
