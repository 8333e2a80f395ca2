import type { CopyObjectCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/core/protocols';
import type { BuildMiddleware } from '@smithy/types';

/**
 * Copy only if the source still has this ETag. RGW 16 ignores the SDK's `x-amz-copy-source-if-match` and reads the
 * older `x-amz-copy-if-match` instead, on CopyObject only (UploadPartCopy ignores both: see multipart-copy.ts).
 * Both names are sent, so AWS and others get theirs. Added at the build step, so the header is signed.
 */
export function requireSourceEtag(command: CopyObjectCommand | UploadPartCopyCommand, etag: string): void {
  command.input.CopySourceIfMatch = `"${etag}"`;
  const addHeader: BuildMiddleware<object, object> = (next) => (args) => {
    if (HttpRequest.isInstance(args.request)) args.request.headers['x-amz-copy-if-match'] = `"${etag}"`;
    return next(args);
  };
  // The two commands' stacks are typed apart, and a union of them is not callable.
  (command.middlewareStack as { add(m: BuildMiddleware<object, object>, o: object): void }).add(addHeader, {
    step: 'build',
    name: 's3fmCopyIfMatch',
    override: true,
  });
}
