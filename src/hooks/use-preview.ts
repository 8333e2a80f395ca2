import { useQuery } from '@tanstack/react-query';
import { presignPreview, readTextPreview } from '../s3/preview';
import { PREVIEW_LINK_SECONDS, previewKind } from '../s3/preview-kind';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * What the details panel shows of an object: its preview kind, a link for the preview element, and for text the
 * first bytes. The keys sit under the object's, so a new upload of the key refreshes them with its details.
 */
export function usePreview(bucket: string, key: string, contentType: string | undefined, size: number) {
  const session = useConnectedSession();
  const id = connectionId(session);
  const kind = previewKind(contentType, size);
  const url = useQuery({
    queryKey: s3Keys.previewUrl(id, bucket, key, kind),
    queryFn: () => presignPreview(session, { bucket, key, kind: kind! }),
    enabled: kind !== null,
    staleTime: (PREVIEW_LINK_SECONDS / 2) * 1000,
  });
  const text = useQuery({
    queryKey: s3Keys.previewText(id, bucket, key),
    queryFn: ({ signal }) => readTextPreview(session, bucket, url.data!, signal),
    enabled: kind === 'text' && !!url.data && size > 0,
  });
  return { kind, url, text };
}
