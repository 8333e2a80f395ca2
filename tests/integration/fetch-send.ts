import { etagHiddenError, s3HttpError, unquoteEtag, type BlobSender } from '../../src/s3/upload/xhr-send';

/** The page's part sender, with fetch: what the upload tests use in Node. */
export const fetchSend: BlobSender = async (request) => {
  const response = await fetch(request.url, {
    method: 'PUT',
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  const text = await response.text();
  if (!response.ok) throw s3HttpError(response.status, text);
  const etag = unquoteEtag(response.headers.get('etag'));
  if (request.requireEtag && !etag) throw etagHiddenError();
  request.onProgress?.(request.body.size);
  return { status: response.status, etag };
};
