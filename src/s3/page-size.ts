/** Keys per listing page: S3's most. Its own module so code without the SDK (the search worker) can use it. */
export const PAGE_SIZE = 1000;
