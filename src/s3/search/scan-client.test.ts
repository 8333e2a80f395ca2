import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../objects';
import type { S3Session } from '../session';
import { testSession } from '../../testing/test-session';
import { scanInWorker, signOpeningRequests, type ScanChannel } from './scan-client';
import type { FromWorker, ToWorker } from './scan-protocol';

/** A worker played by the test: what the page sent it, a way to answer, and whether the page ended it. */
function fakeWorker() {
  const sent: ToWorker[] = [];
  let failed: ((message: string) => void) | undefined;
  const state = { closed: false };
  const channel: ScanChannel = {
    port: { postMessage: (message) => sent.push(message), onmessage: null },
    close: () => (state.closed = true),
    onFailure: (listener) => (failed = listener),
  };
  const say = (data: FromWorker) => channel.port.onmessage?.({ data } as MessageEvent<FromWorker>);
  return { channel, sent, say, state, fail: (message: string) => failed?.(message) };
}

// A session that cannot sign: the worker is then told it has no signer, and would ask the page.
const session = { clockOffsetMs: 0 } as S3Session;
const query = { text: '*.pdf', mode: 'glob' as const };

describe('scanInWorker (the page’s side)', () => {
  it('starts the worker, passes on its matches and ends it when it is done', async () => {
    const worker = fakeWorker();
    const pages: Array<[ObjectEntry[], number]> = [];
    const scan = scanInWorker(
      session,
      { bucket: 'b', prefix: 'p/', query, onPage: (m, n) => pages.push([m, n]) },
      worker.channel,
    );
    expect(worker.sent).toEqual([{ type: 'start', bucket: 'b', prefix: 'p/', query, ahead: false }]);
    worker.say({ type: 'found', matches: [{ key: 'p/a.pdf', size: 1 }], scanned: 1000 });
    worker.say({ type: 'found', matches: [], scanned: 10 });
    worker.say({ type: 'done', scanned: 1010 });
    await expect(scan).resolves.toBe(1010);
    expect(pages).toEqual([
      [[{ key: 'p/a.pdf', size: 1 }], 1000],
      [[], 10],
    ]);
    expect(worker.state.closed).toBe(true);
  });

  it('on cancel, rejects at once and ends the worker only once it has stopped its requests', async () => {
    const worker = fakeWorker();
    const controller = new AbortController();
    const scan = scanInWorker(
      session,
      { bucket: 'b', prefix: '', query, signal: controller.signal, onPage: () => undefined },
      worker.channel,
    );
    controller.abort();
    await expect(scan).rejects.toThrow();
    expect(worker.sent.at(-1)).toEqual({ type: 'cancel' });
    expect(worker.state.closed).toBe(false);
    worker.say({ type: 'stopped' });
    expect(worker.state.closed).toBe(true);
  });

  it('says what to do when the worker cannot start or fails', async () => {
    const broken = fakeWorker();
    const scan = scanInWorker(
      session,
      { bucket: 'b', prefix: '', query, onPage: () => undefined },
      broken.channel,
    );
    broken.fail('script error');
    await expect(scan).rejects.toThrow(
      'The search could not start (script error). Reload the page and search again.',
    );
    expect(broken.state.closed).toBe(true);

    const failing = fakeWorker();
    const failed = scanInWorker(
      session,
      { bucket: 'b', prefix: '', query, onPage: () => undefined },
      failing.channel,
    );
    failing.say({ type: 'failed', message: 'The server sent a listing this app could not read.' });
    await expect(failed).rejects.toThrow('The server sent a listing this app could not read.');
  });

  it('hands the worker the opening requests signed ahead before the search, once while its first page stands', async () => {
    const direct = testSession();
    await signOpeningRequests(direct, 'b', 'p/');
    const worker = fakeWorker();
    const options = { bucket: 'b', prefix: 'p/', query, onPage: () => undefined };
    void scanInWorker(direct, options, worker.channel).catch(() => {});
    const [ahead, start] = worker.sent;
    expect(ahead).toMatchObject({
      type: 'ahead',
      first: {
        request: { bucket: 'b', prefix: 'p/', delimiter: '' },
        url: expect.stringContaining('list-type=2'),
      },
      others: [{ request: { bucket: 'b', prefix: 'p/', delimiter: '/' } }],
    });
    expect(start).toMatchObject({ type: 'start', bucket: 'b', prefix: 'p/', ahead: true });

    // A worker that fetched this folder's first page a moment ago (fetchFirstPageAhead) is not sent it again.
    const ready = fakeWorker();
    ready.channel.ahead = { session: direct, folder: 'b/p/', at: Date.now() };
    void scanInWorker(direct, options, ready.channel).catch(() => {});
    expect(ready.sent).toEqual([expect.objectContaining({ type: 'start', ahead: true })]);
    // One handed over for another connection is not this search's.
    const other = fakeWorker();
    other.channel.ahead = { session: testSession(), folder: 'b/p/', at: Date.now() };
    void scanInWorker(direct, options, other.channel).catch(() => {});
    expect(other.sent.map((m) => m.type)).toEqual(['ahead', 'start']);
  });
});
