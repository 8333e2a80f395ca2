import { useQuery } from '@tanstack/react-query';
import { presignPreview } from '../s3/preview';
import { PREVIEW_LINK_SECONDS } from '../s3/preview-kind';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * A presigned GET for a grid cell's <img>. Signing is local (no request); the image itself is fetched by the
 * browser only for the cells drawn, which the grid keeps to the visible ones.
 */
export function useThumbnailUrl(bucket: string, key: string, enabled: boolean) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.previewUrl(connectionId(session), bucket, key, 'image'),
    queryFn: () => presignPreview(session, { bucket, key, kind: 'image' }),
    enabled,
    staleTime: (PREVIEW_LINK_SECONDS / 2) * 1000,
  });
}
