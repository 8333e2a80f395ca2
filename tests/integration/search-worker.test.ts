import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../src/s3/objects';
import { scanInWorker, signOpeningRequests, type ScanChannel } from '../../src/s3/search/scan-client';
import type { FromWorker, ScanPort, ToWorker } from '../../src/s3/search/scan-protocol';
import { serveScan } from '../../src/s3/search/scan-serve';
import { setTableScrolling } from '../../src/s3/table-scrolling';
import type { S3Session } from '../../src/s3/session';
import { makeSession, rejection } from './sandbox';
import { withSearchBucket } from './search-helpers';

/**
 * The worker's side and the page's side of a search, talking over a real MessageChannel as they do between a
 * Worker and the page: the worker's side signs and fetches the listings from RGW. `withoutSigner` keeps the
 * page's signer from the worker, which then asks the page to sign each request; `withoutShown` keeps from it
 * the word that the first matches are drawn; `toWorker` gets the type of each message the page sends.
 */
function channel(
  sent: FromWorker['type'][] = [],
  {
    withoutSigner = false,
    withoutShown = false,
    toWorker: told,
  }: { withoutSigner?: boolean; withoutShown?: boolean; toWorker?: (type: ToWorker['type']) => void } = {},
): ScanChannel {
  const { port1, port2 } = new MessageChannel();
  const worker = port1 as unknown as ScanPort<ToWorker, FromWorker>;
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (message) => {
    sent.push(message.type);
    post(message);
  };
  serveScan(worker);
  const page = port2 as unknown as ScanPort<FromWorker, ToWorker>;
  const toWorker = page.postMessage.bind(page);
  page.postMessage = (message) => {
    told?.(message.type);
    if (withoutShown && message.type === 'shown') return;
    toWorker(withoutSigner && message.type === 'signer' ? { type: 'signer' } : message);
  };
  return {
    port: page,
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

async function search(
  session: S3Session,
  bucket: string,
  text: string,
  sent?: FromWorker['type'][],
  options?: Parameters<typeof channel>[1],
) {
  const found: ObjectEntry[] = [];
  const scanned = await scanInWorker(
    session,
    { bucket, prefix: 's/', query: { text, mode: 'glob' }, onPage: (matches) => found.push(...matches) },
    channel(sent, options),
  );
  return { scanned, keys: found.map((o) => o.key).sort() };
}

function keys(): string[] {
  const out = ['s/top.pdf', 's/q?mark#%.pdf', 's//double.pdf', 's/ü日本/😀.pdf', 'other/x.pdf'];
  for (let f = 0; f < 4; f++) for (let i = 0; i < 700; i++) out.push(`s/f${f}/${i}${i % 50 ? '' : '.pdf'}`);
  return out;
}

describe('a search in the worker against RGW', () => {
  it('finds every match once, the listings signed and read on the worker side', async () => {
    const all = keys();
    await withSearchBucket(all, async (bucket) => {
      const sent: FromWorker['type'][] = [];
      const result = await search(makeSession(), bucket, '*.pdf', sent);
      const under = all.filter((k) => k.startsWith('s/'));
      expect(result.scanned).toBe(under.length);
      expect(result.keys).toEqual(under.filter((k) => k.endsWith('.pdf')).sort());
      // Every page was signed and fetched by the worker's side: the page did nothing per page.
      expect(sent).not.toContain('sign');
      expect(sent).not.toContain('list');

      // Without the signer, the page signs each request, with the same outcome.
      const asked: FromWorker['type'][] = [];
      expect(await search(makeSession(), bucket, '*.pdf', asked, { withoutSigner: true })).toEqual(result);
      expect(asked.filter((t) => t === 'sign').length).toBeGreaterThan(3);
      expect(asked).not.toContain('list');
      expect(sent.at(-1)).toBe('done');
    });
  }, 120_000);

  it('sends the opening requests signed ahead at once: only the rest are signed later', async () => {
    await withSearchBucket(keys(), async (bucket) => {
      // Counted where the page signs each request.
      const withoutSigner = { withoutSigner: true };
      const session = makeSession();
      const asked: FromWorker['type'][] = [];
      const plain = await search(session, bucket, '*.pdf', asked, withoutSigner);
      const signs = asked.filter((t) => t === 'sign').length;

      await signOpeningRequests(session, bucket, 's/');
      const aheadAsked: FromWorker['type'][] = [];
      const ahead = await search(session, bucket, '*.pdf', aheadAsked, withoutSigner);
      expect(ahead).toEqual(plain);
      // The first flat page and the first level left without a word to the page.
      expect(aheadAsked.filter((t) => t === 'sign')).toHaveLength(signs - 2);
      expect(aheadAsked.indexOf('found')).toBeLessThan(aheadAsked.indexOf('sign'));

      // Signed for the folder, not for one search: the next search of it (within two minutes) sends them too.
      const again: FromWorker['type'][] = [];
      expect(await search(session, bucket, '*.pdf', again, withoutSigner)).toEqual(plain);
      expect(again.filter((t) => t === 'sign')).toHaveLength(signs - 2);
    });
  }, 120_000);

  it('asks for one page at a time while the user scrolls the results, and finds the same', async () => {
    await withSearchBucket(keys(), async (bucket) => {
      const session = makeSession();
      const plain = await search(session, bucket, '*.pdf');
      const fetchAsUsual = globalThis.fetch;
      let inFlight = 0;
      let most = 0;
      globalThis.fetch = async (...args) => {
        most = Math.max(most, ++inFlight);
        try {
          return await fetchAsUsual(...args);
        } finally {
          inFlight--;
        }
      };
      setTableScrolling(true);
      try {
        expect(await search(session, bucket, '*.pdf')).toEqual(plain);
      } finally {
        setTableScrolling(false);
        globalThis.fetch = fetchAsUsual;
      }
      expect(most).toBe(1);
    });
  }, 120_000);

  it('holds its next requests until the page has drawn the first matches, or for a moment at most', async () => {
    await withSearchBucket(keys(), async (bucket) => {
      const session = makeSession();
      const events: string[] = [];
      const fetchAsUsual = globalThis.fetch;
      globalThis.fetch = (...args) => {
        events.push('fetch');
        return fetchAsUsual(...args);
      };
      try {
        const sent: FromWorker['type'][] = [];
        const plain = await search(session, bucket, '*.pdf', sent, {
          toWorker: (type) => type === 'shown' && events.push('shown'),
        });
        // The first page holds matches: the requests after it left once the page said they were drawn.
        const firstFetches = events.indexOf('shown');
        expect(events.slice(0, firstFetches)).toEqual(['fetch']);
        expect(events.filter((e) => e === 'fetch').length).toBeGreaterThan(3);
        expect(events.filter((e) => e === 'shown')).toHaveLength(1);
        // A page that never says so (its tab hidden: no frames) only delays them.
        expect(await search(session, bucket, '*.pdf', undefined, { withoutShown: true })).toEqual(plain);
      } finally {
        globalThis.fetch = fetchAsUsual;
      }
    });
  }, 120_000);

  it('reports a refusal as the page always does (the page lists what the worker could not)', async () => {
    const sent: FromWorker['type'][] = [];
    const error = await rejection(search(makeSession(), 'no-such-bucket-s3fm-h4', '*', sent));
    expect(error.kind).toBe('no-such-bucket');
    expect(sent).toContain('list');
  });

  it('stops when cancelled', async () => {
    await withSearchBucket(keys(), async (bucket) => {
      const controller = new AbortController();
      let pages = 0;
      const scan = scanInWorker(
        makeSession(),
        {
          bucket,
          prefix: 's/',
          query: { text: '', mode: 'contains' },
          signal: controller.signal,
          onPage: () => {
            if (++pages === 1) controller.abort();
          },
        },
        channel(),
      );
      await expect(scan).rejects.toThrow();
      expect(pages).toBe(1);
    });
  }, 120_000);
});
