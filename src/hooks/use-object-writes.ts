import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteEntries, type DeleteProgress } from '../s3/delete-objects';
import { createFolder, objectExists, putTextObject } from '../s3/object-details';
import type { S3Session } from '../s3/session';
import { connectionId, useConnectedSession } from './use-session';
import { announceBucketChange } from './bucket-changes';

function useInvalidateBucket(bucket: string, other?: S3Session) {
  const connected = useConnectedSession();
  const session = other ?? connected;
  const queryClient = useQueryClient();
  return () => announceBucketChange(queryClient, { connectionId: connectionId(session), bucket });
}

export interface DeleteTarget {
  keys: string[];
  /** Folders: every key under each prefix is deleted, all pages. */
  prefixes: string[];
}

export function useDeleteEntries(bucket: string) {
  const session = useConnectedSession();
  const invalidate = useInvalidateBucket(bucket);
  return useMutation({
    mutationFn: ({
      target,
      onProgress,
    }: {
      target: DeleteTarget;
      onProgress?: (p: DeleteProgress) => void;
    }) => deleteEntries(session, bucket, target, { onProgress }),
    // Not awaited: the result is reported as soon as the server has answered; listings refresh behind it.
    onSettled: () => void invalidate(),
  });
}

export function usePutTextObject(bucket: string) {
  const session = useConnectedSession();
  const invalidate = useInvalidateBucket(bucket);
  return useMutation({
    /** Resolves 'exists' without writing when the key is taken and `overwrite` was not given. */
    mutationFn: async (params: { key: string; text: string; overwrite: boolean }) => {
      if (!params.overwrite && (await objectExists(session, bucket, params.key))) return 'exists' as const;
      await putTextObject(session, { bucket, key: params.key, text: params.text });
      return 'saved' as const;
    },
    onSuccess: invalidate,
  });
}

/** Writes a folder's marker in this connection, or in `other` (a destination picked in another connection). */
export function useCreateFolder(bucket: string, other?: S3Session) {
  const connected = useConnectedSession();
  const session = other ?? connected;
  const invalidate = useInvalidateBucket(bucket, other);
  return useMutation({
    mutationFn: (prefix: string) => createFolder(session, bucket, prefix),
    onSuccess: invalidate,
  });
}
