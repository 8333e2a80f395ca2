import { allowsFormPost } from './cors-rules';
import { getBucketCors } from './cors';
import { S3AppError } from './errors';
import { fileRequestUrl, TYPE_CHOICES, type TypeChoice } from './file-request-link';
import type { S3Session } from './session';
import { signPostPolicy } from './upload/post-policy';

export interface FileRequestOptions {
  bucket: string;
  /** The folder files go into ('' for the bucket's root). */
  prefix: string;
  seconds: number;
  maxBytes: number;
  types: TypeChoice;
  label: string;
  sessionFolders: boolean;
}

export interface CreatedFileRequest {
  url: string;
  expiresAt: Date;
  /**
   * Whether the bucket's CORS rules let the drop page (this origin) post: true, false, or an error when the rules
   * could not be read (the link works all the same if they allow it).
   */
  cors: { allowed: boolean } | { error: S3AppError };
}

/**
 * Signs a file request (see file-request-link.ts): a POST policy for keys under the folder, within the limits,
 * with this connection's keys, and checks that the bucket lets the drop page (on `appOrigin`) post.
 */
export async function createFileRequest(
  session: S3Session,
  options: FileRequestOptions,
  appOrigin: string,
): Promise<CreatedFileRequest> {
  const { bucket, prefix, seconds, maxBytes, types, label, sessionFolders } = options;
  const rule = TYPE_CHOICES.find((choice) => choice.id === types)?.rule ?? TYPE_CHOICES[0].rule;
  const [target, cors] = await Promise.all([
    signPostPolicy(session, bucket, prefix, { seconds, maxBytes, contentType: rule }),
    getBucketCors(session, bucket).then(
      (rules) => ({ allowed: allowsFormPost(rules, appOrigin) }),
      (error: unknown) => ({ error: error as S3AppError }),
    ),
  ]);
  const url = fileRequestUrl(appOrigin, { url: target.url, fields: target.fields, label, sessionFolders });
  return { url, expiresAt: new Date(target.expiresAt), cors };
}
