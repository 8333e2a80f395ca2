import { useCallback } from 'react';
import { fileNameOf } from '../s3/link-rules';
import { presignGet } from '../s3/presign';
import { useConnectedSession } from './use-session';

/** Long enough for a slow start of a big download; the browser keeps the connection once it has begun. */
const DOWNLOAD_LINK_SECONDS = 15 * 60;

/**
 * Saves an object through the browser's own download manager: a presigned GET that forces `attachment` with
 * the object's file name (of one version of it, given `versionId`). Nothing is read into the page's memory, whatever the size.
 */
export function useDownload(bucket: string) {
  const session = useConnectedSession();
  return useCallback(
    async (key: string, versionId?: string) => {
      const url = await presignGet(session, {
        bucket,
        key,
        versionId,
        expiresIn: DOWNLOAD_LINK_SECONDS,
        download: fileNameOf(key),
      });
      const link = document.createElement('a');
      link.href = url;
      link.rel = 'noopener noreferrer';
      link.download = fileNameOf(key);
      document.body.append(link);
      link.click();
      link.remove();
    },
    [session, bucket],
  );
}
