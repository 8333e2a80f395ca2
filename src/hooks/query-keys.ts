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
  object: (connectionId: string, bucket: string, key: string) =>
    [...s3Keys.bucket(connectionId, bucket), 'object', key] as const,
};

export const appKeys = {
  relayConfig: ['app', 'relay-config'] as const,
};
