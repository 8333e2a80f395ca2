/** Keys per listing page: S3's most. Its own module so code without the SDK (the search worker) can use it. */
export const PAGE_SIZE = 1000;

/**
 * The first page of a folder's listing (its first rows, enough for a tall screen): a short page comes back sooner
 * than a full one. The pages after it are full-size. (A search's first page is full-size: its first match may be
 * anywhere in it.)
 */
export const FIRST_PAGE_SIZE = 100;
