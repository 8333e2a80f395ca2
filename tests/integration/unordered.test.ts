import { describe, expect, it } from 'vitest';
import { listObjectsPage } from '../../src/s3/objects';
import type { S3Session } from '../../src/s3/session';
import { UnorderedListingRefused } from '../../src/s3/unordered';
import { makeSession, putObjects, rejection, withTempBucket } from './sandbox';

/** Every key under `prefix`, all pages, flat. */
async function listAll(session: S3Session, bucket: string, prefix: string, unordered: boolean) {
  const keys: string[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await listObjectsPage(session, { bucket, prefix, token, delimiter: '', unordered });
    keys.push(...page.objects.map((o) => o.key));
    token = page.nextToken;
    pages++;
  } while (token);
  return { keys, pages };
}

describe('RGW unordered listing (allow-unordered=true)', () => {
  it('lists the same keys as the ordered listing, over several pages, none twice', async () => {
    await withTempBucket(async (bucket) => {
      const keys = Array.from({ length: 2300 }, (_, i) => `${['a', 'b', 'c/d'][i % 3]}/key-${i}.txt`);
      await putObjects(
        bucket,
        keys.map((k) => [k, k] as [string, string]),
      );
      const session = makeSession();
      const ordered = await listAll(session, bucket, '', false);
      const unordered = await listAll(session, bucket, '', true);
      expect(ordered.keys).toHaveLength(2300);
      expect(unordered.keys).toHaveLength(2300);
      expect(new Set(unordered.keys).size).toBe(2300);
      expect([...unordered.keys].sort()).toEqual([...ordered.keys].sort());
      expect(unordered.pages).toBeGreaterThanOrEqual(3);
      // The parameter reached RGW: its index shards answer in hash order, not in key order.
      expect(unordered.keys).not.toEqual(ordered.keys);

      // A prefix still applies.
      const under = await listAll(session, bucket, 'c/', true);
      expect([...under.keys].sort()).toEqual(ordered.keys.filter((k) => k.startsWith('c/')).sort());
    });
  });

  it('is refused with a delimiter on RGW 16: a clear UnorderedListingRefused, not a generic failure', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['a/b.txt', 'x']]);
      const error = await rejection(
        listObjectsPage(makeSession(), { bucket, prefix: '', delimiter: '/', unordered: true }),
      );
      expect(error).toBeInstanceOf(UnorderedListingRefused);
      expect(error.code).toBe('InvalidArgument');
      expect(error.message).toContain('refused the unordered listing');
    });
  });

  it('a missing bucket stays no-such-bucket (not mistaken for a refusal)', async () => {
    const error = await rejection(
      listObjectsPage(makeSession(), {
        bucket: 'no-such-bucket-here',
        prefix: '',
        delimiter: '',
        unordered: true,
      }),
    );
    expect(error).not.toBeInstanceOf(UnorderedListingRefused);
    expect(error.kind).toBe('no-such-bucket');
  });
});
