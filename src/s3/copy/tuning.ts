import { GiB, MIN_PART_SIZE, MiB } from '../upload/part-plan';

export interface CopyTuning {
  /** Objects above this go as UploadPartCopy parts: S3's CopyObject stops at 5 GiB. */
  multipartThreshold: number;
  /** Server-side part size: no bytes pass through the page, so large parts only mean fewer requests. */
  partSize: number;
  /** Parts of one object in flight at once. */
  partConcurrency: number;
  /**
   * Across connections the bytes pass through the page: this is how much of an object is held at a time per part
   * in flight. An object up to this size goes as one PUT.
   */
  streamPartSize: number;
}

export const DEFAULT_COPY_TUNING: CopyTuning = {
  multipartThreshold: 5 * GiB,
  partSize: 512 * MiB,
  partConcurrency: 4,
  streamPartSize: 16 * MiB,
};

/** Fills in defaults; sizes below S3's 5 MiB part floor are raised to it (tests pass small ones). */
export function copyTuning(overrides: Partial<CopyTuning> = {}): CopyTuning {
  const tuning = { ...DEFAULT_COPY_TUNING, ...overrides };
  return {
    ...tuning,
    multipartThreshold: Math.min(tuning.multipartThreshold, 5 * GiB),
    partSize: Math.max(MIN_PART_SIZE, tuning.partSize),
    streamPartSize: Math.max(MIN_PART_SIZE, tuning.streamPartSize),
    partConcurrency: Math.max(1, Math.floor(tuning.partConcurrency)),
  };
}
