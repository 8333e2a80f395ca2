import type { S3Session } from '../s3/session';

/** A stable id for query keys: endpoint and access key, never the secret. */
export const connectionId = (session: S3Session) => `${session.profile.endpoint}|${session.accessKeyId}`;

/**
 * The one query-key factory. Keys run from general to specific so a whole subtree can be invalidated:
 * everything of a connection, its buckets, or one folder's listing.
 */
export const s3Keys = {
  all: (connectionId: string) => ['s3', connectionId] as const,
  buckets: (connectionId: string) => [...s3Keys.all(connectionId), 'buckets'] as const,
  bucket: (connectionId: string, bucket: string) => [...s3Keys.all(connectionId), 'bucket', bucket] as const,
  objects: (connectionId: string, bucket: string, prefix: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'objects', prefix] as const,
  /** The same folder listed with RGW's allow-unordered (flat, hash order): its own pages, under the listing's key. */
  objectsUnordered: (connectionId: string, bucket: string, prefix: string) =>
    [...s3Keys.objects(connectionId, bucket, prefix), 'unordered'] as const,
  /** The subfolders of a folder, for the move and copy destination picker. */
  folders: (connectionId: string, bucket: string, prefix: string) =>
    [...s3Keys.objects(connectionId, bucket, prefix), 'folders'] as const,
  /** Region, versioning and CORS rules of a bucket. */
  bucketDetails: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'details'] as const,
  /** Versioning state alone, for the bucket table's column. */
  bucketVersioning: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'versioning'] as const,
  /** The bucket's lifecycle rules, normalized. */
  lifecycle: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'lifecycle'] as const,
  /** A folder's versions and delete markers (ListObjectVersions, delimiter "/"), paged like the listing. */
  versions: (connectionId: string, bucket: string, prefix: string) =>
    [...s3Keys.allVersions(connectionId, bucket), prefix] as const,
  /** Every versions listing of a bucket: a changed key shows in the folders above it too ("Show deleted"). */
  allVersions: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'versions'] as const,
  /** Every version under a prefix, subfolders included (no delimiter): for "Show deleted". */
  versionsBelow: (connectionId: string, bucket: string, prefix: string) =>
    [...s3Keys.allVersions(connectionId, bucket), prefix, 'below'] as const,
  object: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'object', key] as const,
  /** The object's facts (HeadObject) for the details panel. */
  objectHead: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'head'] as const,
  /** The details panel's preview link, per preview kind (the kind decides the content type it forces). */
  previewUrl: (connectionId: string, bucket: string, key: string, kind: string | null) =>
    [...s3Keys.object(connectionId, bucket, key), 'preview-url', kind] as const,
  /** Every version and delete marker of one key, newest first: its history. */
  objectHistory: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'history'] as const,
  /** The first bytes of a text object, for its preview. */
  previewText: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'preview-text'] as const,
  /** The object's tags (GetObjectTagging), for the tag editor. */
  objectTags: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'tags'] as const,
  /**
   * The whole text of an object opened in the editor, with the ETag it had. Outside the bucket's subtree on
   * purpose: a change announced for the bucket must not swap the text (and the version a save is checked
   * against) under the person's edits; only Reload reads it again.
   */
  editText: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.all(connectionId), 'edit-text', bucket, key] as const,
  /** Who may read one object (GetObjectAcl); under the object, so invalidating it or its bucket covers this. */
  acl: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'acl'] as const,
  /** The object's plain URL and whether it answers an anonymous request. */
  publicUrl: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'public-url'] as const,
  /** A presigned GET for the share dialog, per expiry and disposition (signed again when either changes). */
  shareLink: (
    connectionId: string,
    bucket: string,
    key: string,
    expiresIn: number,
    download: boolean,
    versionId?: string,
  ) =>
    [
      ...s3Keys.object(connectionId, bucket, key),
      'share-link',
      expiresIn,
      download,
      versionId ?? '',
    ] as const,
  /** Retention and legal hold of one version. */
  versionLock: (connectionId: string, bucket: string, key: string, versionId: string) =>
    [...s3Keys.object(connectionId, bucket, key), 'lock', versionId] as const,
  /** The bucket's object-lock configuration. */
  bucketLock: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'object-lock'] as const,
  /** The bucket's own ACL (who may list it). */
  bucketAcl: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'acl'] as const,
  /** How far this computer's clock is from the server's, and how long the keys live: for signing links. */
  signingContext: (connectionId: string, bucket: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'signing-context'] as const,
};

export const appKeys = {
  relayConfig: ['app', 'relay-config'] as const,
};
