import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveScan } from './scan-serve';
import type { FromWorker, ScanPort, SignedRequest, ToWorker } from './scan-protocol';

const contents = (key: string) =>
  `<Contents><Key>${key}</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`;
const listing = (keys: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>s/</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${keys.map(contents).join('')}</ListBucketResult>`;

/** The worker's side, served on a port the test plays the page of. */
function worker() {
  const heard: FromWorker[] = [];
  const port: ScanPort<ToWorker, FromWorker> = {
    postMessage: (message) => heard.push(message),
    onmessage: null,
  };
  serveScan(port);
  const say = (data: ToWorker) => port.onmessage?.({ data } as MessageEvent<ToWorker>);
  const done = () => vi.waitFor(() => expect(heard.some((m) => m.type === 'done')).toBe(true));
  return { heard, say, done };
}

const first: SignedRequest = {
  request: { bucket: 'b', prefix: 's/', delimiter: '' },
  url: 'http://s3.test/b?list-type=2&prefix=s%2F&X-Amz-Signature=1',
};
const level: SignedRequest = {
  request: { bucket: 'b', prefix: 's/', delimiter: '/' },
  url: 'http://s3.test/b?delimiter=%2F&list-type=2&prefix=s%2F&X-Amz-Signature=2',
};

describe('serveScan (the worker’s side)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches the first page as soon as the opening requests come ahead, and the search uses it', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(url);
      return Promise.resolve(new Response(listing(['s/a.pdf', 's/b.txt'])));
    });
    const { heard, say, done } = worker();
    say({ type: 'ahead', first, others: [level] });
    expect(fetched).toEqual([first.url]);

    say({ type: 'start', bucket: 'b', prefix: 's/', query: { text: '*.pdf', mode: 'glob' }, ahead: true });
    await done();
    expect(fetched).toEqual([first.url]);
    expect(heard.filter((m) => m.type !== 'sign')).toEqual([
      {
        type: 'found',
        matches: [
          expect.objectContaining({
            key: 's/a.pdf',
            size: 1,
            lastModified: Date.parse('2024-05-01T10:00:00Z'),
          }),
        ],
        scanned: 2,
      },
      { type: 'done', scanned: 2 },
    ]);
  });

  it('lists the first page again when the one fetched ahead got no listing', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('busy', { status: 503 })));
    const { heard, say, done } = worker();
    say({ type: 'ahead', first, others: [] });
    say({ type: 'start', bucket: 'b', prefix: 's/', query: { text: 'a', mode: 'contains' }, ahead: true });
    // The page is asked to list it the usual way (with the SDK's retries and its errors explained).
    await vi.waitFor(() => expect(heard).toContainEqual({ type: 'list', id: 0, request: first.request }));
    say({ type: 'listed', id: 0, page: { folders: [], objects: [{ key: 's/a', size: 1 }] } });
    await done();
    expect(heard.at(-1)).toEqual({ type: 'done', scanned: 1 });
  });

  it('drops what came ahead when the search says it is not its own', async () => {
    let fetches = 0;
    vi.stubGlobal('fetch', () => {
      fetches++;
      return Promise.resolve(new Response(listing(['s/a.pdf'])));
    });
    const { heard, say, done } = worker();
    say({ type: 'ahead', first, others: [level] });
    say({ type: 'start', bucket: 'b', prefix: 's/', query: { text: '*.pdf', mode: 'glob' }, ahead: false });
    // Signed anew (asked of the page, which has no signer to hand over), then fetched again.
    say({ type: 'signer' });
    await vi.waitFor(() => expect(heard).toContainEqual({ type: 'sign', id: 0, request: first.request }));
    say({ type: 'signed', id: 0, url: first.url });
    await done();
    expect(fetches).toBe(2);
  });
});
