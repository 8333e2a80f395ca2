import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forceDeleteBucket, type ForceDeleteProgress } from '../s3/bucket-admin';
import { getBucketDetails, measureBucket, type BucketSize } from '../s3/bucket-details';
import { createBucket, deleteBucket } from '../s3/buckets';
import { applyCorsRule } from '../s3/cors';
import { S3AppError } from '../s3/errors';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/** After a bucket is created or deleted, the bucket list refetches; a deleted bucket's cache is dropped. */
function useBucketsChanged() {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return (gone?: string) => {
    if (gone) queryClient.removeQueries({ queryKey: s3Keys.bucket(id, gone) });
    return queryClient.invalidateQueries({ queryKey: s3Keys.buckets(id) });
  };
}

export interface CreateBucketInput {
  name: string;
  region: string;
  /** Add the CORS rule for this page's origin, so the new bucket works in direct mode. */
  withCors: boolean;
}

export interface CreateBucketOutcome {
  /** The bucket exists, but its CORS rule could not be added. */
  corsError?: S3AppError;
}

export function useCreateBucket() {
  const session = useConnectedSession();
  const changed = useBucketsChanged();
  return useMutation({
    mutationFn: async ({ name, region, withCors }: CreateBucketInput): Promise<CreateBucketOutcome> => {
      await createBucket(session, name, { region });
      if (!withCors) return {};
      try {
        await applyCorsRule(session, name, window.location.origin);
        return {};
      } catch (error) {
        return { corsError: error instanceof S3AppError ? error : undefined };
      }
    },
    onSuccess: () => changed(),
  });
}

export function useDeleteBucket() {
  const session = useConnectedSession();
  const changed = useBucketsChanged();
  return useMutation({
    mutationFn: (bucket: string) => deleteBucket(session, bucket),
    onSuccess: (_data, bucket) => changed(bucket),
  });
}

export function useForceDeleteBucket() {
  const session = useConnectedSession();
  const changed = useBucketsChanged();
  return useMutation({
    mutationFn: (input: {
      bucket: string;
      signal: AbortSignal;
      onProgress: (progress: ForceDeleteProgress) => void;
    }) => forceDeleteBucket(session, input.bucket, { signal: input.signal, onProgress: input.onProgress }),
    // Even a cancelled or partial run changed the bucket.
    onSettled: (result, _error, input) => changed(result?.bucketDeleted ? input.bucket : undefined),
  });
}

export function useBucketDetails(bucket: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.bucketDetails(connectionId(session), bucket),
    queryFn: ({ signal }) => getBucketDetails(session, bucket, signal),
    retry: false,
  });
}

/** "Count objects": all pages, on demand, cancellable; `onProgress` sees the running totals. */
export function useMeasureBucket(bucket: string) {
  const session = useConnectedSession();
  return useMutation({
    mutationFn: (input: { signal: AbortSignal; onProgress: (size: BucketSize) => void }) =>
      measureBucket(session, bucket, input),
  });
}
