/** S3 keys are at most 1024 bytes of UTF-8 (a module of its own: the drop page needs the number, not the errors). */
export const MAX_KEY_BYTES = 1024;
