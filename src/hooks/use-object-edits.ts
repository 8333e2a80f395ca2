import type { Tag } from '@aws-sdk/client-s3';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { replaceHeaders, saveTags } from '../s3/copy/edit-headers';
import { nameOf } from '../s3/copy/keys';
import { firstFreeKey } from '../s3/copy/keep-both';
import { openTextObject, saveTextObject } from '../s3/copy/save-text';
import { readTags, type StoredHeaders } from '../s3/copy/source-object';
import { S3AppError } from '../s3/errors';
import { objectExists } from '../s3/object-details';
import { announceBucketChange } from './bucket-changes';
import { s3Keys } from './query-keys';
import { connectionId, useConnectedSession } from './use-session';

/**
 * The details panel's editors: headers and metadata, tags, and the text of a small text object. Every save
 * refreshes the bucket (the listing row's size and date, the details, the preview) in this tab and the others.
 */
function useAfterWrite(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  return () => announceBucketChange(queryClient, { connectionId: connectionId(session), bucket });
}

export function useObjectTags(bucket: string, key: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.objectTags(connectionId(session), bucket, key),
    queryFn: ({ signal }) => readTags(session, { bucket, key }, signal),
    retry: false,
  });
}

export function useSaveHeaders(bucket: string, key: string) {
  const session = useConnectedSession();
  const afterWrite = useAfterWrite(bucket);
  return useMutation({
    /** `expectedEtag`: the version the editor showed; another one is refused (`source-changed`). */
    mutationFn: async ({ headers, expectedEtag }: { headers: StoredHeaders; expectedEtag?: string }) => {
      try {
        return await replaceHeaders(session, { bucket, key }, headers, { expectedEtag });
      } catch (error) {
        if (!(error instanceof S3AppError && error.kind === 'source-changed')) throw error;
        // The engine speaks of copies; here the person edited what the panel showed.
        throw new S3AppError(
          'source-changed',
          `"${nameOf(key)}" changed since its details were shown: the metadata was not saved.`,
          'Load the new version\u2019s details (your edits stay in the form), check them, then save again.',
          { code: error.code, status: error.status },
        );
      }
    },
    onSuccess: afterWrite,
  });
}

export function useSaveTags(bucket: string, key: string) {
  const session = useConnectedSession();
  const afterWrite = useAfterWrite(bucket);
  return useMutation({
    mutationFn: (tags: Tag[]) => saveTags(session, { bucket, key }, tags),
    onSuccess: afterWrite,
  });
}

/** The object's whole text for the editor, read once when it opens (no refetch behind the person's back). */
export function useOpenedText(bucket: string, key: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.editText(connectionId(session), bucket, key),
    queryFn: ({ signal }) => openTextObject(session, { bucket, key }, signal),
    retry: false,
    gcTime: 0,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export type SaveTextChoice =
  /** Only over the version that was opened. */
  | { mode: 'save'; openedEtag: string }
  /** Over whatever is there now: the person chose to. */
  | { mode: 'overwrite' }
  /** Beside it, under the first free `name (n).ext`, with the opened object's headers, metadata and tags. */
  | { mode: 'copy' };

export function useSaveText(bucket: string, key: string) {
  const session = useConnectedSession();
  const afterWrite = useAfterWrite(bucket);
  return useMutation({
    /** Resolves to the key the text was saved under and its new ETag. */
    mutationFn: async ({ text, choice }: { text: string; choice: SaveTextChoice }) => {
      if (choice.mode === 'copy') {
        const copyKey = await firstFreeKey(key, (candidate) => objectExists(session, bucket, candidate));
        const etag = await saveTextObject(session, { bucket, key: copyKey }, text, {
          createOnly: true,
          keepFrom: { bucket, key },
        });
        return { key: copyKey, etag };
      }
      const etag = await saveTextObject(session, { bucket, key }, text, {
        expectedEtag: choice.mode === 'save' ? choice.openedEtag : undefined,
      });
      return { key, etag };
    },
    onSuccess: afterWrite,
  });
}
