/**
 * The versions views' chunk, for the object browser's lazy panel and for fetching it ahead: in a bucket that
 * keeps versions, picking a view then does not wait for code.
 */
export const loadVersionsPanel = () => import('./VersionsPanel');
