import { describe, expect, it } from 'vitest';
import { rangeInView } from './row-window';

describe('rangeInView', () => {
  it('draws the rows in view and the overscan beyond each edge', () => {
    expect(rangeInView({ top: 50, rows: 20 }, 100_000, 3)).toEqual({ first: 47, last: 72, lastInView: 69 });
  });

  it('stops at the first and the last row', () => {
    expect(rangeInView({ top: 0, rows: 20 }, 100_000, 12)).toEqual({ first: 0, last: 31, lastInView: 19 });
    expect(rangeInView({ top: 99_990, rows: 20 }, 100_000, 12)).toEqual({
      first: 99_978,
      last: 99_999,
      lastInView: 99_999,
    });
  });

  it('shows the last rows when a filter shortened the list under a scrolled view', () => {
    expect(rangeInView({ top: 5_000, rows: 20 }, 10, 3)).toEqual({ first: 6, last: 9, lastInView: 9 });
  });

  it('draws nothing without rows', () => {
    const { first, last } = rangeInView({ top: 0, rows: 20 }, 0, 12);
    expect(last).toBeLessThan(first);
  });
});
