import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';

/** A route's page loaded on first visit (its own chunk); pages are named exports. */
export const lazyPage = <K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> => lazy(async () => ({ default: (await load())[name] }));
