import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { CDPSession } from '@playwright/test';
import type { BenchContext } from '../types';

export const MiB = 1024 * 1024;
export const SEED_PART = 64 * MiB;

/** Streams `size` bytes into `key` as a multipart upload: one part buffer, reused, is all Node holds. */
export async function seedLargeObject(
  context: BenchContext,
  bucket: string,
  key: string,
  size: number,
): Promise<void> {
  const { UploadId } = await context.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const part = Buffer.alloc(SEED_PART);
  for (let i = 0; i < SEED_PART; i += 4) part.writeUInt32LE((i * 2654435761) >>> 0, i);
  try {
    const parts = [];
    for (let start = 0, number = 1; start < size; start += SEED_PART, number++) {
      const body = part.subarray(0, Math.min(SEED_PART, size - start));
      const { ETag } = await context.s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: number, Body: body }),
      );
      parts.push({ ETag, PartNumber: number });
    }
    await context.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await context.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
    throw error;
  }
}

/** The page's JS heap in use (CDP Performance.getMetrics; enable the Performance domain first). */
export async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}
