/** Keys per listing page: S3's most. Its own module so code without the SDK (the search worker) can use it. */
export const PAGE_SIZE = 1000;

/**
 * The first page of a listing someone waits to see (a folder's first rows, enough for a tall screen; a search's
 * first matches): a short page comes back sooner than a full one. The pages after it are full-size.
 */
export const FIRST_PAGE_SIZE = 100;
