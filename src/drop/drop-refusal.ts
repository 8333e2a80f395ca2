import { describeTypes, type FileRequest } from '../s3/file-request-link';

export interface Refusal {
  /** For the uploader, one sentence. */
  message: string;
  /** For the link's owner, when only they can fix it. */
  owner?: string;
  /** Whether trying the same file again may work. */
  retry: boolean;
}

/**
 * Why an upload from the drop page failed, from what xhrSend throws: an S3 error answer (named after its code, with
 * the HTTP status), a TypeError when no answer could be read, an AbortError on Cancel. RGW's answers to policy
 * violations are in the shared verified facts: the message names the condition that failed.
 */
export function explainRefusal(
  error: unknown,
  request: Pick<FileRequest, 'contentType'>,
  origin: string,
): Refusal {
  const e = (error ?? {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const message = e.message ?? '';
  if (e.name === 'AbortError') return { message: 'Cancelled.', retry: true };
  if (status === undefined) {
    return {
      message:
        'The storage server could not be reached from this page, or it refused this page: check your connection and retry; if it keeps failing, tell the person who sent the link.',
      owner: `For the link’s owner: the bucket’s CORS rules must allow POST from ${origin} (Request files in the app offers “Apply CORS rule”).`,
      retry: true,
    };
  }
  if (/policy expired/i.test(message)) {
    return { message: 'The link expired before this file was sent. Ask for a new link.', retry: false };
  }
  if (e.name === 'EntityTooLarge') {
    return { message: 'The storage refused it: it is larger than this link allows.', retry: false };
  }
  if (/policy condition failed/i.test(message) && /\$key/i.test(message)) {
    return { message: 'The link does not allow this file name (outside its folder).', retry: false };
  }
  if (/policy condition failed/i.test(message)) {
    return {
      message: `The storage refused its type: this link accepts ${describeTypes(request.contentType).toLowerCase()}.`,
      retry: false,
    };
  }
  if (status === 403) {
    return {
      message:
        'The storage refused the link: it was changed on the way, or its owner revoked it. Ask for a new link.',
      retry: false,
    };
  }
  if (status >= 500 || status === 429) {
    return { message: `The storage server had a problem (HTTP ${status}). Retry in a moment.`, retry: true };
  }
  return {
    message: `The storage refused the file (HTTP ${status}${e.name ? `, ${e.name}` : ''}).`,
    retry: true,
  };
}
