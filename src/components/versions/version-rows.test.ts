import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../../s3/versions/version-xml';
import { deletedKeys, fromLocalInput, toLocalInput, versionRows } from './version-rows';

const v = (key: string, versionId: string, extra: Partial<VersionRecord> = {}): VersionRecord => ({
  key,
  versionId,
  isLatest: false,
  deleteMarker: false,
  size: 1,
  lastModified: new Date(0),
  ...extra,
});

describe('versionRows', () => {
  it('puts folders first and drops an entry a page repeats', () => {
    const rows = versionRows([
      { folders: ['a/'], versions: [v('k', '2', { isLatest: true }), v('k', '1')] },
      { folders: ['a/', 'b/'], versions: [v('k', '1'), v('m', 'null')] },
    ]);
    expect(
      rows.map((r) => (r.kind === 'folder' ? r.prefix : `${r.version.key}@${r.version.versionId}`)),
    ).toEqual(['a/', 'b/', 'k@2', 'k@1', 'm@null']);
  });
});

describe('deletedKeys', () => {
  it('keeps the keys whose latest entry is a delete marker', () => {
    const marker = v('gone', 'm', { isLatest: true, deleteMarker: true });
    expect(
      deletedKeys([
        marker,
        v('gone', '1'),
        v('here', '2', { isLatest: true }),
        v('old', 'x', { deleteMarker: true }),
      ]),
    ).toEqual([marker]);
  });
});

describe('local date input', () => {
  it('round-trips a moment to the second', () => {
    const at = new Date(2026, 11, 6, 9, 5, 7);
    expect(toLocalInput(at)).toBe('2026-12-06T09:05:07');
    expect(fromLocalInput(toLocalInput(at))?.getTime()).toBe(at.getTime());
    expect(fromLocalInput('')).toBeUndefined();
  });
});
