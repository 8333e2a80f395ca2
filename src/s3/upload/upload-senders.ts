// The code that moves a file's bytes (signing, XHR, multipart, batches) and picks content types: a chunk of its
// own, loaded by the queue when its first file starts, or ahead of time through `loadUploadEngine`.
export { postBatch } from './batch-post';
export { contentTypeFor } from './content-type';
export { abortMultipart, uploadMultipart } from './multipart';
export { signPostPolicy } from './post-policy';
export { putSingle } from './single-put';
