import { putObjects, withTempBucket } from './sandbox';

/** A temporary bucket holding these keys (empty objects) for a search to run in, deleted afterwards. */
export function withSearchBucket<T>(keys: string[], run: (bucket: string) => Promise<T>): Promise<T> {
  return withTempBucket(async (bucket) => {
    await putObjects(
      bucket,
      keys.map((k) => [k, ''] as [string, string]),
    );
    return run(bucket);
  });
}
