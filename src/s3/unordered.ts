import type { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/core/protocols';
import { S3AppError } from './errors';
import type { S3Session } from './session';

/**
 * Ceph RGW's listing extension: `allow-unordered=true` lets each index shard answer in its own (hash) order, much
 * faster on huge buckets. The SDK has no field for it (boto3 needs an extensions file; see the seed), so it is
 * added to the query at the build step, before signing. RGW 16.2 answers InvalidArgument when a delimiter comes
 * with it, so an unordered listing is flat: no folders, and no order from the server.
 */
export const ALLOW_UNORDERED = 'allow-unordered';

export function allowUnordered(command: ListObjectsV2Command): void {
  command.middlewareStack.add(
    (next) => (args) => {
      if (HttpRequest.isInstance(args.request)) args.request.query[ALLOW_UNORDERED] = 'true';
      return next(args);
    },
    { step: 'build', name: 's3fmAllowUnordered', override: true },
  );
}

/**
 * The server answered the listing but refused the parameter (RGW with a delimiter, or a server that rejects
 * unknown query parameters). Servers that ignore it (AWS, MinIO) simply list in order, which is harmless.
 */
export class UnorderedListingRefused extends S3AppError {
  constructor(cause: S3AppError, endpoint: string) {
    super(
      'not-implemented',
      `${endpoint} refused the unordered listing (allow-unordered=true).`,
      'This server does not offer it here; the folder is listed in the normal order instead.',
      { code: cause.code, status: cause.status, requestId: cause.requestId },
    );
    this.name = 'UnorderedListingRefused';
  }

  /** The refusal, when `error` is one; otherwise `error` itself (a missing bucket stays a missing bucket). */
  static from(error: S3AppError, session: S3Session): S3AppError {
    const refused =
      error.code === 'InvalidArgument' ||
      error.kind === 'not-implemented' ||
      (error.kind === 'unknown' && (error.status === 400 || error.status === 501));
    return refused ? new UnorderedListingRefused(error, session.profile.endpoint) : error;
  }
}
