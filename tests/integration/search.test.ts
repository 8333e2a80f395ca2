import { describe, expect, it } from 'vitest';
import { fetchObjectsPage, type ListPageParams, type ObjectEntry } from '../../src/s3/objects';
import { keysOfPage } from '../../src/s3/search/listing-keys';
import { compileSearch } from '../../src/s3/search/matcher';
import { scanForMatches } from '../../src/s3/search/scan';
import { makeSession } from './sandbox';
import { withSearchBucket } from './search-helpers';

const listPage =
  (session = makeSession()) =>
  async (params: ListPageParams) => {
    const page = await fetchObjectsPage(session, params);
    return { nextToken: page.nextToken, read: () => keysOfPage(page.read()) };
  };

/** Small folders (grouped into StartAfter ranges), big ones (a range each), keys directly in the folder, hard keys. */
function keys(): string[] {
  const out: string[] = ['s/top.pdf', 's/a0', 's/zz.txt', 's/q?mark#%.pdf', 's//double.pdf', 'other/x.pdf'];
  for (let f = 0; f < 30; f++)
    for (let i = 0; i < 7; i++) out.push(`s/small-${f}/k${i}${i === 3 ? '.pdf' : ''}`);
  for (const big of ['big-a', 'big-b', 'ü日本'])
    for (let i = 0; i < 1100; i++) out.push(`s/${big}/${i}${i % 100 ? '' : '.pdf'}`);
  out.push('s/😀/x.pdf', 's/\uff5e/y.pdf');
  return out;
}

async function search(bucket: string, inFlight: number, pattern = '*.pdf') {
  const compiled = compileSearch({ text: pattern, mode: 'glob' }, 's/');
  if (!compiled.ok) throw new Error(compiled.message);
  const found: ObjectEntry[] = [];
  let pages = 0;
  const scanned = await scanForMatches(listPage(), {
    bucket,
    prefix: 's/',
    matcher: compiled,
    inFlight,
    onPage: (matches) => {
      pages++;
      found.push(...matches);
    },
  });
  return { scanned, keys: found.map((o) => o.key), pages };
}

describe('scanForMatches against RGW', () => {
  it('finds the same matches, each once, serial or fanned out', async () => {
    const all = keys();
    await withSearchBucket(all, async (bucket) => {
      const under = all.filter((k) => k.startsWith('s/'));
      const expected = under.filter((k) => k.endsWith('.pdf')).sort();
      const serial = await search(bucket, 1);
      expect(serial.scanned).toBe(under.length);
      expect([...serial.keys].sort()).toEqual(expected);
      const fanned = await search(bucket, 4);
      expect(fanned.scanned).toBe(under.length);
      expect(fanned.keys).toHaveLength(expected.length);
      expect([...fanned.keys].sort()).toEqual(expected);
      expect(fanned.pages).toBeGreaterThan(serial.pages);
    });
  }, 180_000);

  it('stops every request when cancelled', async () => {
    await withSearchBucket(keys(), async (bucket) => {
      const controller = new AbortController();
      let pages = 0;
      const scan = scanForMatches(listPage(), {
        bucket,
        prefix: 's/',
        matcher: { test: () => true, testKey: () => true },
        signal: controller.signal,
        onPage: () => {
          if (++pages === 1) controller.abort();
        },
      });
      await expect(scan).rejects.toThrow();
      expect(pages).toBeLessThan(4);
    });
  }, 180_000);
});
