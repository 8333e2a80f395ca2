import { describe, expect, it } from 'vitest';
import { nextTokenOf, parseListObjectsV2 } from './list-xml';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>docs/</Prefix>
<KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
<Contents><Key>docs/a&amp;b &lt;x&gt; &#x1F600; &#233;.txt</Key><LastModified>2024-01-02T03:04:05.678Z</LastModified>
<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1234</Size><Owner><ID>u</ID></Owner>
<StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>docs/</Key><Size>0</Size></Contents>
<CommonPrefixes><Prefix>docs/notes/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>docs/&lt;b&gt;/</Prefix></CommonPrefixes>
</ListBucketResult>`;

describe('parseListObjectsV2', () => {
  it('reads keys (entities decoded), sizes, dates, ETags, folders and the next token', () => {
    const page = parseListObjectsV2(xml)!;
    expect(page.objects).toEqual([
      {
        key: 'docs/a&b <x> 😀 é.txt',
        size: 1234,
        lastModified: Date.parse('2024-01-02T03:04:05.678Z'),
        etag: '"9b2cf535f27731c974343645a3985328"',
        storageClass: 'STANDARD',
      },
      { key: 'docs/', size: 0, lastModified: undefined, etag: undefined, storageClass: undefined },
    ]);
    expect(page.folders).toEqual(['docs/notes/', 'docs/<b>/']);
    expect(page.isTruncated).toBe(true);
    expect(page.nextToken).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=');
  });

  it('a last page has no next token, an empty folder no rows', () => {
    const page = parseListObjectsV2('<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>');
    expect(page).toEqual({ objects: [], folders: [], isTruncated: false, nextToken: undefined });
  });

  it('leaves anything else (an error document, HTML) to the SDK', () => {
    expect(parseListObjectsV2('<Error><Code>NoSuchBucket</Code></Error>')).toBeUndefined();
    expect(parseListObjectsV2('<html><body>Sign in</body></html>')).toBeUndefined();
    expect(parseListObjectsV2('<ListBucketResult><Contents><Key>cut')).toBeUndefined();
  });

  it('the next token is read without reading the entries, and only from a truncated page', () => {
    expect(nextTokenOf(xml)).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=');
    expect(nextTokenOf(xml.replace('<IsTruncated>true', '<IsTruncated>false'))).toBeUndefined();
  });
});
