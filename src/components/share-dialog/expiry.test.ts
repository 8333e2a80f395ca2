import { describe, expect, it } from 'vitest';
import { EXPIRY_STOPS, expiryStops, formatDuration, nearestStop } from './expiry';

describe('expiryStops', () => {
  it('runs from 1 minute to 7 days in human steps', () => {
    const stops = expiryStops();
    expect(stops[0]).toBe(60);
    expect(stops[stops.length - 1]).toBe(604_800);
    expect(stops).toContain(3600);
    expect([...stops].sort((a, b) => a - b)).toEqual(stops);
    expect(stops.map(formatDuration)).toContain('18 hours');
  });

  it('ends at the credentials’ remaining life, rounded down to the minute', () => {
    expect(expiryStops(2 * 3600 + 13 * 60 + 40)).toEqual([
      ...EXPIRY_STOPS.filter((s) => s <= 2 * 3600),
      2 * 3600 + 13 * 60,
    ]);
    expect(expiryStops(3600)).toEqual(EXPIRY_STOPS.filter((s) => s <= 3600));
    expect(expiryStops(30)).toEqual([30]);
    expect(expiryStops(10 * 604_800).at(-1)).toBe(604_800);
  });
});

describe('formatDuration', () => {
  it('says it the way a person would', () => {
    expect(formatDuration(60)).toBe('1 minute');
    expect(formatDuration(45 * 60)).toBe('45 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(2 * 3600 + 13 * 60)).toBe('2 hours 13 minutes');
    expect(formatDuration(604_800)).toBe('7 days');
    expect(formatDuration(86_400 + 3600 + 60)).toBe('1 day 1 hour');
  });
});

describe('nearestStop', () => {
  it('finds the closest stop', () => {
    expect(nearestStop([60, 3600, 86_400], 4000)).toBe(1);
    expect(nearestStop([60, 3600], 10 ** 9)).toBe(1);
  });
});
