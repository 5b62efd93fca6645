import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '#src/shared/schema.ts';
import { setDayjsLocale } from './dayjs.ts';
import type { Messages, Section, SectionTexts } from './en.ts';

/** The UI languages, in the order the language switch shows them. */
export const uiLocales = ['zh-CN', 'zh-TW', 'en'] as const satisfies readonly Locale[];
// Fails to compile when the server adds a locale the UI does not have.
const coversServerLocales: Exclude<Locale, (typeof uiLocales)[number]> extends never ? true : false = true;
void coversServerLocales;

/** Each language's own name, shown in the switch whatever the current language is. */
export const localeNames: Record<Locale, { short: string; long: string }> = {
  'zh-CN': { short: '简体', long: '简体中文' },
  'zh-TW': { short: '繁體', long: '繁體中文' },
  en: { short: 'English', long: 'English' },
};

/** Each language file is its own chunk: only the one in use is downloaded. */
const loaders: Record<Locale, () => Promise<Messages>> = {
  'zh-CN': async () => (await import('./zh-CN.ts')).zhCN,
  'zh-TW': async () => (await import('./zh-TW.ts')).zhTW,
  en: async () => (await import('./en.ts')).en,
};

/** Section text, one chunk per section and language, loaded with the pages that use it. */
const sectionLoaders: { [S in Section]: Record<Locale, () => Promise<SectionTexts[S]>> } = {
  analytics: {
    'zh-CN': async () => (await import('./sections/analytics/zh-CN.ts')).analyticsZhCN,
    'zh-TW': async () => (await import('./sections/analytics/zh-TW.ts')).analyticsZhTW,
    en: async () => (await import('./sections/analytics/en.ts')).analyticsEn,
  },
  customers: {
    'zh-CN': async () => (await import('./sections/customers/zh-CN.ts')).customersZhCN,
    'zh-TW': async () => (await import('./sections/customers/zh-TW.ts')).customersZhTW,
    en: async () => (await import('./sections/customers/en.ts')).customersEn,
  },
  data: {
    'zh-CN': async () => (await import('./sections/data/zh-CN.ts')).dataZhCN,
    'zh-TW': async () => (await import('./sections/data/zh-TW.ts')).dataZhTW,
    en: async () => (await import('./sections/data/en.ts')).dataEn,
  },
  leads: {
    'zh-CN': async () => (await import('./sections/leads/zh-CN.ts')).leadsZhCN,
    'zh-TW': async () => (await import('./sections/leads/zh-TW.ts')).leadsZhTW,
    en: async () => (await import('./sections/leads/en.ts')).leadsEn,
  },
  pipeline: {
    'zh-CN': async () => (await import('./sections/pipeline/zh-CN.ts')).pipelineZhCN,
    'zh-TW': async () => (await import('./sections/pipeline/zh-TW.ts')).pipelineZhTW,
    en: async () => (await import('./sections/pipeline/en.ts')).pipelineEn,
  },
  quotes: {
    'zh-CN': async () => (await import('./sections/quotes/zh-CN.ts')).quotesZhCN,
    'zh-TW': async () => (await import('./sections/quotes/zh-TW.ts')).quotesZhTW,
    en: async () => (await import('./sections/quotes/en.ts')).quotesEn,
  },
  tasks: {
    'zh-CN': async () => (await import('./sections/tasks/zh-CN.ts')).tasksZhCN,
    'zh-TW': async () => (await import('./sections/tasks/zh-TW.ts')).tasksZhTW,
    en: async () => (await import('./sections/tasks/en.ts')).tasksEn,
  },
  forecast: {
    'zh-CN': async () => (await import('./sections/forecast/zh-CN.ts')).forecastZhCN,
    'zh-TW': async () => (await import('./sections/forecast/zh-TW.ts')).forecastZhTW,
    en: async () => (await import('./sections/forecast/en.ts')).forecastEn,
  },
};
const sectionsInUse = new Set<Section>();
const sectionsLoaded = new Set<string>();

async function ensureSection(locale: Locale, section: Section): Promise<void> {
  const key = `${locale}:${section}`;
  if (sectionsLoaded.has(key)) return;
  const text = await sectionLoaders[section][locale]();
  i18n.addResourceBundle(locale, 'translation', { [section]: text }, true, true);
  sectionsLoaded.add(key);
}

/** Loads the text of these sections in the current language (and, from then on, in any language switched to). */
export async function loadSections(sections: readonly Section[]): Promise<void> {
  for (const section of sections) sectionsInUse.add(section);
  await Promise.all(sections.map((section) => ensureSection(currentLocale(), section)));
}

const storageKey = 'guanxi.locale';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (uiLocales as readonly string[]).includes(value);

/** Chinese when the browser prefers Chinese (Traditional for Taiwan, Hong Kong, Macau), else English. */
export function browserLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return /^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-TW' : 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function initialLocale(): Locale {
  const stored = localStorage.getItem(storageKey);
  if (isLocale(stored)) return stored;
  return browserLocale(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

async function ensureLoaded(locale: Locale): Promise<void> {
  if (!i18n.hasResourceBundle(locale, 'translation')) {
    i18n.addResourceBundle(locale, 'translation', await loaders[locale]());
  }
}

function applyLocale(locale: Locale): void {
  setDayjsLocale(locale);
  // The lang attribute makes the browser pick Simplified or Traditional glyphs for CJK text.
  document.documentElement.lang = locale;
}

/** Switches the interface language and remembers it on this device (the account keeps it too). */
export async function setUiLocale(locale: Locale): Promise<void> {
  localStorage.setItem(storageKey, locale);
  await ensureLoaded(locale);
  await Promise.all([...sectionsInUse].map((section) => ensureSection(locale, section)));
  applyLocale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : 'en');

/** Starts i18next in the remembered or browser language; call before the first render. */
export async function initI18n(): Promise<void> {
  const locale = initialLocale();
  applyLocale(locale);
  // Every language file has every key (checked by the Messages type), so no fallback language is loaded.
  await i18n.use(initReactI18next).init({
    resources: { [locale]: { translation: await loaders[locale]() } },
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...uiLocales],
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
  });
}

export { i18n };
