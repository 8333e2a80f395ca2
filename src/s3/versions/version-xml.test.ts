import { describe, expect, it } from 'vitest';
import { parseListVersions } from './version-xml';

describe('parseListVersions', () => {
  it('keeps versions and delete markers in the order of the answer, and the next markers', () => {
    const xml =
      '<?xml version="1.0"?><ListVersionsResult><Name>b</Name><IsTruncated>true</IsTruncated>' +
      '<NextKeyMarker>a&amp;b</NextKeyMarker><NextVersionIdMarker>v.1</NextVersionIdMarker>' +
      '<DeleteMarker><Key>a&amp;b</Key><VersionId>m-1</VersionId><IsLatest>true</IsLatest>' +
      '<LastModified>2026-01-02T00:00:00.000Z</LastModified></DeleteMarker>' +
      '<Version><Key>a&amp;b</Key><VersionId>v.1</VersionId><IsLatest>false</IsLatest>' +
      '<LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>3</Size></Version>' +
      '<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes></ListVersionsResult>';
    const page = parseListVersions(xml)!;
    expect(
      page.versions.map((v) => [v.key, v.versionId, v.deleteMarker, v.isLatest, v.size, v.etag]),
    ).toEqual([
      ['a&b', 'm-1', true, true, 0, undefined],
      ['a&b', 'v.1', false, false, 3, '"e"'],
    ]);
    expect(page.folders).toEqual(['dir/']);
    expect([page.isTruncated, page.nextKeyMarker, page.nextVersionIdMarker]).toEqual([true, 'a&b', 'v.1']);
  });

  it('reads entries of both kinds in any mix, and pages of one kind only', () => {
    const entry = (kind: 'Version' | 'DeleteMarker', id: string) =>
      `<${kind}><Key>k</Key><VersionId>${id}</VersionId><IsLatest>false</IsLatest>` +
      `<LastModified>2026-01-01T00:00:00.000Z</LastModified><Size>1</Size></${kind}>`;
    const page = (kinds: Array<'Version' | 'DeleteMarker'>) =>
      parseListVersions(
        `<ListVersionsResult>${kinds.map((k, i) => entry(k, `${k[0]}${i}`)).join('')}</ListVersionsResult>`,
      )!.versions.map((v) => v.versionId);
    expect(page(['DeleteMarker', 'Version', 'Version', 'DeleteMarker', 'DeleteMarker', 'Version'])).toEqual([
      'D0',
      'V1',
      'V2',
      'D3',
      'D4',
      'V5',
    ]);
    expect(page(Array(3).fill('Version'))).toEqual(['V0', 'V1', 'V2']);
    expect(page(Array(3).fill('DeleteMarker'))).toEqual(['D0', 'D1', 'D2']);
  });

  it('refuses what is not a whole ListVersionsResult', () => {
    expect(parseListVersions('<ListBucketResult></ListBucketResult>')).toBeUndefined();
    expect(parseListVersions('<ListVersionsResult><Version><Key>a</Key>')).toBeUndefined();
  });
});
