import { describe, expect, it } from 'vitest';
import { SpeedMeter } from './speed';

describe('SpeedMeter', () => {
  it('measures the recent rate and falls when bytes stop', () => {
    const meter = new SpeedMeter(3000);
    for (let t = 0; t <= 2000; t += 100) meter.add(t, 100_000);
    expect(meter.rate(2000)).toBeCloseTo(1_000_000, -4);
    expect(meter.rate(4000)).toBeLessThan(600_000);
    expect(meter.rate(10_000)).toBe(0);
  });
});
