import { presignGet } from './presign';
import { PREVIEW_LINK_SECONDS, TEXT_PREVIEW_BYTES, type PreviewKind } from './preview-kind';
import type { S3Session } from './session';

/** A link the preview element loads; the browser is told a type that cannot turn the object into a program. */
export function presignPreview(
  session: S3Session,
  params: { bucket: string; key: string; kind: Exclude<PreviewKind, null> },
): Promise<string> {
  const { bucket, key, kind } = params;
  return presignGet(session, {
    bucket,
    key,
    expiresIn: PREVIEW_LINK_SECONDS,
    contentType:
      kind === 'pdf' ? 'application/pdf' : kind === 'text' ? 'text/plain; charset=utf-8' : undefined,
  });
}

/** The first TEXT_PREVIEW_BYTES of a text object, read through its preview link. */
export async function readTextPreview(
  session: S3Session,
  bucket: string,
  url: string,
  signal?: AbortSignal,
): Promise<string> {
  const response = await session.fetchSigned(bucket, url, {
    headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` },
    signal,
  });
  if (!response.ok) throw await session.answerError(response, { bucket });
  return new TextDecoder().decode(await response.arrayBuffer());
}
