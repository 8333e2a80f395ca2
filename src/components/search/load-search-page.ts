/** The search results page's chunk: loaded by App when a search is shown, and ahead by the search field. */
export const loadSearchPage = () => import('./SearchPage');
