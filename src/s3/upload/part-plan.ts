/** How one file travels: a single PUT, or a multipart upload cut into equal parts (the last one shorter). */
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/**
 * Files up to this size go as a form POST when the page talks to the endpoint itself: one request instead of a
 * preflight and a PUT, and no signature per file, which is most of the time a small file takes. Their progress is
 * only "started" and "done", which for a file this small is all there is to see. The policy itself refuses
 * anything larger, so it grants no more than the app uses it for.
 */
export const FORM_POST_LIMIT = 1 * MiB;

/** S3's rules: 1-10,000 parts of 5 MiB-5 GiB each (the last part may be smaller); objects up to 5 TiB. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * GiB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * 1024 * GiB;

export interface PlanOptions {
  /**
   * Files up to this size go in one PUT: RGW handles a part more slowly than the same bytes in one PUT, and
   * parallel streams do not widen a loopback or LAN wire (bench/RESULTS.md has the figures). A failed PUT is resent whole (automatically), which stays
   * cheap up to a few hundred MiB; above, parts bound what a failure costs and a cancel leaves nothing behind.
   */
  multipartThreshold?: number;
  /** The smallest part of a multipart file: large parts keep the request count (and RGW's per-part cost) low. */
  partSize?: number;
  /** Parts grow past `partSize` so that a file is cut into at most this many (S3 allows 10,000). */
  maxParts?: number;
}

export const DEFAULT_PLAN: Required<PlanOptions> = {
  multipartThreshold: 512 * MiB,
  partSize: 64 * MiB,
  maxParts: MAX_PARTS,
};

export type UploadPlan =
  { kind: 'single'; size: number } | { kind: 'multipart'; size: number; partSize: number; partCount: number };

export function planUpload(size: number, options: PlanOptions = {}): UploadPlan {
  const { multipartThreshold, partSize: wanted, maxParts } = { ...DEFAULT_PLAN, ...options };
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Not a file size: ${size}`);
  if (size > MAX_OBJECT_SIZE) {
    throw new RangeError(`${size} bytes is more than S3's largest object (5 TiB).`);
  }
  if (size <= Math.min(multipartThreshold, MAX_PART_SIZE)) return { kind: 'single', size };
  const parts = Math.min(Math.max(1, maxParts), MAX_PARTS);
  // Whole MiB keep part boundaries readable in logs; the 5 MiB floor is S3's, whatever the caller asks.
  const partSize = roundUpTo(Math.max(MIN_PART_SIZE, wanted, Math.ceil(size / parts)), MiB);
  if (partSize > MAX_PART_SIZE)
    throw new RangeError(`${size} bytes cannot be cut into ${parts} parts of 5 GiB.`);
  return { kind: 'multipart', size, partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Byte range [start, end) of part `partNumber` (1-based), for `File.slice(start, end)`. */
export function partRange(
  plan: { size: number; partSize: number },
  partNumber: number,
): { start: number; end: number } {
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(plan.size, start + plan.partSize) };
}

function roundUpTo(value: number, unit: number): number {
  return Math.ceil(value / unit) * unit;
}
