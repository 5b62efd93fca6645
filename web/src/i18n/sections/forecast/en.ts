/** English UI text of the forecast section; en.ts includes it, so it defines the keys zh-CN and zh-TW must have. */
export const forecastEn = {
  title: 'Forecast',
};
