import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fileNameOf, MAX_PRESIGN_SECONDS } from '../s3/link-rules';
import {
  checkAnonymous,
  credentialLife,
  measureServerClock,
  presignShareLink,
  publicObjectUrl,
} from '../s3/share';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * What signing a link depends on besides the object: the server's clock (so links are not born expired) and the
 * credentials' remaining life (a link cannot outlive the keys that signed it). Measured once per bucket for a while.
 */
export function useSigningContext(bucket: string, key: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.signingContext(connectionId(session), bucket),
    queryFn: async ({ signal }) => {
      const [clock, life] = await Promise.all([
        measureServerClock(session, bucket, key, signal),
        credentialLife(session),
      ]);
      // The slider's end: the keys' remaining life when they say it, else SigV4's 7 days.
      const serverNow = Date.now() + clock.offsetMs;
      const maxSeconds = life.expiration
        ? Math.max(0, Math.min(MAX_PRESIGN_SECONDS, (life.expiration.getTime() - serverNow) / 1000))
        : MAX_PRESIGN_SECONDS;
      return { clock, life, maxSeconds };
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * The presigned GET shown in the share dialog. Signed again whenever the expiry or the disposition changes; never
 * kept once the dialog is closed (its expiry counts from the moment it was signed).
 */
export function useShareLink(
  bucket: string,
  key: string,
  options: {
    expiresIn: number;
    download: boolean;
    clockOffsetMs: number;
    notAfter?: Date;
    enabled: boolean;
    versionId?: string;
  },
) {
  const session = useConnectedSession();
  const { expiresIn, download, clockOffsetMs, notAfter, enabled, versionId } = options;
  return useQuery({
    queryKey: s3Keys.shareLink(connectionId(session), bucket, key, expiresIn, download, versionId),
    queryFn: () =>
      presignShareLink(session, {
        bucket,
        key,
        versionId,
        expiresIn,
        download: download ? fileNameOf(key) : undefined,
        clockOffsetMs,
        notAfter,
      }),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** The object's plain URL, and what an anonymous request to it gets. Only asked while the object is public. */
export function usePublicUrl(bucket: string, key: string, enabled: boolean) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.publicUrl(connectionId(session), bucket, key),
    queryFn: async ({ signal }) => {
      const url = await publicObjectUrl(session, bucket, key);
      return { url, check: await checkAnonymous(session, bucket, url, signal) };
    },
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}
