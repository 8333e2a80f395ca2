import { describe, expect, it } from 'vitest';
import { GiB, MAX_PARTS, MiB, MIN_PART_SIZE, partRange, planUpload } from './part-plan';

describe('planUpload', () => {
  it('sends small files and empty files in one PUT', () => {
    expect(planUpload(0)).toEqual({ kind: 'single', size: 0 });
    expect(planUpload(10 * MiB).kind).toBe('single');
    expect(planUpload(512 * MiB).kind).toBe('single');
  });

  it('cuts big files into parts of at least the preferred size', () => {
    expect(planUpload(512 * MiB + 1)).toMatchObject({ kind: 'multipart', partSize: 64 * MiB, partCount: 9 });
    expect(planUpload(256 * MiB, { multipartThreshold: 0, partSize: 16 * MiB })).toMatchObject({
      kind: 'multipart',
      partSize: 16 * MiB,
      partCount: 16,
    });
  });

  it('never needs more than 10,000 parts, whatever the size', () => {
    for (const size of [160 * GiB, 1024 * GiB, 5 * 1024 * GiB]) {
      const plan = planUpload(size);
      if (plan.kind !== 'multipart') throw new Error('expected multipart');
      expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS);
      expect(plan.partSize * plan.partCount).toBeGreaterThanOrEqual(size);
      expect(plan.partSize % MiB).toBe(0);
    }
  });

  it('keeps S3s 5 MiB minimum even when asked for less', () => {
    const plan = planUpload(40 * MiB, { multipartThreshold: 0, partSize: 1 });
    expect(plan).toMatchObject({ kind: 'multipart', partSize: MIN_PART_SIZE, partCount: 8 });
  });

  it('grows parts to respect a lower part limit', () => {
    const plan = planUpload(100 * MiB, { multipartThreshold: 0, partSize: 5 * MiB, maxParts: 4 });
    expect(plan).toMatchObject({ partSize: 25 * MiB, partCount: 4 });
  });

  it('refuses sizes S3 cannot store', () => {
    expect(() => planUpload(5 * 1024 * GiB + 1)).toThrow(/5 TiB/);
    expect(() => planUpload(-1)).toThrow(RangeError);
  });
});

describe('partRange', () => {
  it('covers the file exactly, the last part shorter', () => {
    const plan = { size: 12 * MiB + 3, partSize: 5 * MiB };
    expect(partRange(plan, 1)).toEqual({ start: 0, end: 5 * MiB });
    expect(partRange(plan, 3)).toEqual({ start: 10 * MiB, end: 12 * MiB + 3 });
  });
});
