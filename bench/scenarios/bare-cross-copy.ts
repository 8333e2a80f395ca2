import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';

/**
 * The limit for a copy that streams through a page: the same path as the app's (ranged GETs read as Blobs, each
 * sent as a multipart part by XMLHttpRequest, `inFlight` parts at once) with nothing else, the URLs presigned in
 * Node. A page cannot pipe a GET's body into a PUT: Chromium streams request bodies only over HTTP/2, and S3
 * endpoints such as RGW speak HTTP/1.1. Returns the time in ms, measured in the page.
 */
export async function barePageCopy(
  page: Page,
  from: { s3: S3Client; bucket: string; key: string; size: number },
  to: { s3: S3Client; bucket: string; key: string },
  tuning: { partSize: number; inFlight: number },
): Promise<number> {
  const getUrl = await getSignedUrl(from.s3, new GetObjectCommand({ Bucket: from.bucket, Key: from.key }), {
    expiresIn: 3600,
  });
  const { UploadId } = await to.s3.send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  const count = Math.ceil(from.size / tuning.partSize);
  try {
    const putUrls = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        getSignedUrl(
          to.s3,
          new UploadPartCommand({ Bucket: to.bucket, Key: to.key, UploadId, PartNumber: i + 1 }),
          { expiresIn: 3600 },
        ),
      ),
    );
    const { ms, etags } = await page.evaluate(
      async ({ getUrl, putUrls, partSize, size, inFlight }) => {
        const started = performance.now();
        const etags: string[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (next < putUrls.length) {
              const i = next++;
              const start = i * partSize;
              const end = Math.min(size, start + partSize);
              const got = await fetch(getUrl, { headers: { Range: `bytes=${start}-${end - 1}` } });
              if (got.status !== 206) throw new Error(`part ${i + 1}: GET answered ${got.status}`);
              const part = await got.blob();
              etags[i] = await new Promise<string>((resolve, reject) => {
                const xhr = new XMLHttpRequest();
                xhr.open('PUT', putUrls[i]);
                xhr.onload = () =>
                  xhr.status === 200
                    ? resolve(xhr.getResponseHeader('ETag') ?? '')
                    : reject(new Error(`part ${i + 1}: PUT answered ${xhr.status}`));
                xhr.onerror = () => reject(new Error(`part ${i + 1}: PUT got no answer`));
                xhr.send(part);
              });
            }
          }),
        );
        return { ms: performance.now() - started, etags };
      },
      { getUrl, putUrls, partSize: tuning.partSize, size: from.size, inFlight: tuning.inFlight },
    );
    await to.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: to.bucket,
        Key: to.key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    return ms;
  } catch (error) {
    await to.s3.send(new AbortMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId }));
    throw error;
  }
}
