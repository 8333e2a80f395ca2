import type { QueueOptions } from './upload-queue';

/**
 * Where a browser may override the upload engine's sizes: `localStorage['s3fm.upload-tuning']` holding JSON such as
 * `{"multipartThreshold": 8388608, "partSize": 5242880, "partConcurrency": 4}`. For diagnosing a slow or flaky
 * link (smaller parts, more in flight) without a new build; the end-to-end tests use it to exercise multipart
 * uploads with small files, and the benchmark to measure the multipart path at the same size as the default one.
 */
export const UPLOAD_TUNING_KEY = 's3fm.upload-tuning';

export interface UploadTuning {
  multipartThreshold?: number;
  partSize?: number;
  partConcurrency?: number;
  requestLimit?: number;
}

/** Unknown fields and values out of range are ignored: a bad override must not break uploads. */
export function parseUploadTuning(text: string | null | undefined): QueueOptions {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const value = raw as Record<string, unknown>;
  const bytes = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined);
  const count = (v: unknown) =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 16 ? (v as number) : undefined;
  const options: QueueOptions = {};
  const plan = { multipartThreshold: bytes(value.multipartThreshold), partSize: bytes(value.partSize) };
  if (plan.multipartThreshold !== undefined || plan.partSize !== undefined) {
    options.plan = Object.fromEntries(Object.entries(plan).filter(([, v]) => v !== undefined));
  }
  const partConcurrency = count(value.partConcurrency);
  const requestLimit = count(value.requestLimit);
  if (partConcurrency) options.partConcurrency = partConcurrency;
  if (requestLimit) options.requestLimit = requestLimit;
  return options;
}
