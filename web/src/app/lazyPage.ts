import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';
import { loadSections } from '../i18n/index.ts';
import type { Section } from '../i18n/en.ts';

/**
 * A route's page loaded on first visit (its own chunk); pages are named exports. `sections` are the UI text
 * sections the page uses, downloaded with it rather than with the first screen.
 */
export const lazyPage = <K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  sections: readonly Section[] = [],
): LazyExoticComponent<ComponentType> =>
  lazy(async () => {
    const [page] = await Promise.all([load(), loadSections(sections)]);
    return { default: page[name] };
  });
