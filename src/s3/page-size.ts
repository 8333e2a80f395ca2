/** Keys per listing page: S3's most. Its own module so code without the SDK (the search worker) can use it. */
export const PAGE_SIZE = 1000;

/**
 * A first page: a folder's when it is opened (enough rows for a tall screen), a search's first request. A short
 * page comes back sooner than a full one, so the first rows show sooner. The pages after it are full-size.
 */
export const FIRST_PAGE_SIZE = 100;
