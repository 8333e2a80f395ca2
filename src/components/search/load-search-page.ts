import { preloadableNamed } from '../ui/lazy';

/**
 * The search results page, a chunk of its own: loaded by App when a search is shown, and ahead by the search
 * field (`loadSearchPage`), so that clicking Search draws it at once.
 */
export const { Component: SearchPage, preload: loadSearchPage } = preloadableNamed(
  () => import('./SearchPage'),
  'SearchPage',
);
