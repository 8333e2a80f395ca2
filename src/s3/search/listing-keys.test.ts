import { describe, expect, it } from 'vitest';
import { parseListObjectsV2 } from '../list-xml';
import { arrivedKeys, keysOfPage, readListingKeys } from './listing-keys';

const contents = (key: string, size: number) =>
  `<Contents><Key>${key}</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;abc${size}&quot;</ETag><Size>${size}</Size><StorageClass>STANDARD</StorageClass><Owner><ID>o</ID><DisplayName>O</DisplayName></Owner><Type>Normal</Type></Contents>`;

function listing(entries: string, { folders = '', token = '' } = {}) {
  const truncated = token
    ? `<IsTruncated>true</IsTruncated><NextContinuationToken>${token}</NextContinuationToken>`
    : '<IsTruncated>false</IsTruncated>';
  return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>s/</Prefix><MaxKeys>1000</MaxKeys><KeyCount>3</KeyCount>${truncated}${entries}${folders}</ListBucketResult>`;
}

describe('readListingKeys', () => {
  const hard = ['s/q?mark#%.pdf', 's/a&amp;b &lt;c&gt;.txt', 's//double', 's/ü日本/😀.pdf'];
  const xml = listing(hard.map((k, i) => contents(k, i + 1)).join(''), {
    folders: '<CommonPrefixes><Prefix>s/x/</Prefix></CommonPrefixes>',
  });

  it('reads the keys decoded, and each entry as the whole page reader does', () => {
    const page = readListingKeys(xml);
    const whole = parseListObjectsV2(xml)!;
    expect(page.keys).toEqual(['s/q?mark#%.pdf', 's/a&b <c>.txt', 's//double', 's/ü日本/😀.pdf']);
    expect(page.keys.map((_, i) => page.entry(i))).toEqual(whole.objects);
    expect(page.folders).toEqual(['s/x/']);
  });

  it('reads the token at once and the keys when asked; refuses a cut-off listing', () => {
    const arrived = arrivedKeys(listing(contents('s/a', 1), { token: 's/a' }))!;
    expect(arrived.nextToken).toBe('s/a');
    expect(arrived.read().keys).toEqual(['s/a']);
    expect(arrivedKeys(xml.slice(0, 300))).toBeUndefined();
    expect(() => readListingKeys(xml.slice(0, xml.indexOf('</Key>')))).toThrow(/could not read/);
  });

  it('serves a page read whole alike', () => {
    const whole = parseListObjectsV2(xml)!;
    const page = keysOfPage(whole);
    expect(page.keys).toEqual(whole.objects.map((o) => o.key));
    expect(page.entry(1)).toBe(whole.objects[1]);
  });
});
