import { describe, expect, it } from 'vitest';
import { existingAsOf, keysAsOf } from './as-of';
import { planRestore } from './restore-plan';
import type { VersionRecord } from './version-xml';

/** A history written newest first, as the server lists it: [versionId, time, etag?] ('x' = delete marker). */
function history(key: string, entries: Array<[string, string, string?]>): VersionRecord[] {
  return entries.map(([versionId, time, etag], i) => ({
    key,
    versionId,
    isLatest: i === 0,
    deleteMarker: etag === 'x',
    size: etag === 'x' ? 0 : 3,
    lastModified: new Date(time),
    etag: etag === 'x' ? undefined : `"${etag ?? versionId}"`,
  }));
}

const at = (time: string) => new Date(time);

describe('keysAsOf', () => {
  const a = history('a', [
    ['m2', '2026-01-05T00:00:00Z', 'x'],
    ['v3', '2026-01-04T00:00:00Z'],
    ['m1', '2026-01-03T00:00:00Z', 'x'],
    ['v1', '2026-01-01T00:00:00Z'],
  ]);

  it('gives the version current at the time, with delete markers between versions', () => {
    const then = (time: string) => keysAsOf(a, at(time))[0].then?.versionId;
    expect(then('2025-12-31T00:00:00Z')).toBeUndefined();
    expect(then('2026-01-01T00:00:00Z')).toBe('v1');
    expect(then('2026-01-02T12:00:00Z')).toBe('v1');
    expect(then('2026-01-03T00:00:00Z')).toBeUndefined();
    expect(then('2026-01-04T10:00:00Z')).toBe('v3');
    expect(then('2026-02-01T00:00:00Z')).toBeUndefined();
    expect(keysAsOf(a, at('2026-01-02T00:00:00Z'))[0].latest.versionId).toBe('m2');
  });

  it('takes the listing order as the truth between entries of the same second', () => {
    const same = history('s', [
      ['newer', '2026-01-01T00:00:01Z'],
      ['older', '2026-01-01T00:00:01Z'],
      ['first', '2026-01-01T00:00:00Z'],
    ]);
    expect(keysAsOf(same, at('2026-01-01T00:00:01Z'))[0].then?.versionId).toBe('newer');
    expect(keysAsOf(same, at('2026-01-01T00:00:00.500Z'))[0].then?.versionId).toBe('first');
    const markerSameSecond = history('m', [
      ['marker', '2026-01-01T00:00:01Z', 'x'],
      ['v', '2026-01-01T00:00:01Z'],
    ]);
    expect(keysAsOf(markerSameSecond, at('2026-01-01T00:00:01Z'))[0].then).toBeUndefined();
  });

  it('treats null ids (before versioning, suspended versioning) as ordinary entries, by time', () => {
    // Suspended versioning rewrote the null version after v1: a server may list it below v1.
    const suspended: VersionRecord[] = [
      ...history('n', [['v1', '2026-01-02T00:00:00Z']]).map((v) => ({ ...v, isLatest: false })),
      { ...history('n', [['null', '2026-01-03T00:00:00Z']])[0], isLatest: true },
    ];
    expect(keysAsOf(suspended, at('2026-01-02T12:00:00Z'))[0].then?.versionId).toBe('v1');
    expect(keysAsOf(suspended, at('2026-01-04T00:00:00Z'))[0].then?.versionId).toBe('null');
    expect(keysAsOf(suspended, at('2026-01-04T00:00:00Z'))[0].latest.versionId).toBe('null');
  });

  it('lists the folder as it was: keys that existed, each with its version then', () => {
    const b = history('b', [['b1', '2026-01-10T00:00:00Z']]);
    expect(existingAsOf([...a, ...b], at('2026-01-02T00:00:00Z')).map((v) => v.versionId)).toEqual(['v1']);
    expect(existingAsOf([...a, ...b], at('2026-01-11T00:00:00Z')).map((v) => v.versionId)).toEqual(['b1']);
  });
});

describe('planRestore', () => {
  it('counts keys to restore, unchanged, and created after the time', () => {
    const versions = [
      ...history('changed', [
        ['c2', '2026-01-05T00:00:00Z'],
        ['c1', '2026-01-01T00:00:00Z'],
      ]),
      ...history('deleted', [
        ['dm', '2026-01-05T00:00:00Z', 'x'],
        ['d1', '2026-01-01T00:00:00Z'],
      ]),
      ...history('same', [['s1', '2026-01-01T00:00:00Z']]),
      ...history('restored-before', [
        ['r3', '2026-01-06T00:00:00Z', 'r1'],
        ['r2', '2026-01-05T00:00:00Z'],
        ['r1', '2026-01-01T00:00:00Z'],
      ]),
      ...history('new', [['n1', '2026-01-05T00:00:00Z']]),
      ...history('gone-both', [
        ['gm', '2026-01-05T00:00:00Z', 'x'],
        ['g1', '2026-01-04T00:00:00Z'],
      ]),
    ];
    const plan = planRestore(versions, at('2026-01-02T00:00:00Z'));
    expect(plan.restore.map((r) => [r.key, r.version.versionId])).toEqual([
      ['changed', 'c1'],
      ['deleted', 'd1'],
    ]);
    expect(plan.unchanged).toBe(3);
    expect(plan.absentThen.map((k) => k.key)).toEqual(['new']);
  });
});
