import { describe, expect, it } from 'vitest';
import { pagesAhead } from './paging';

describe('pagesAhead', () => {
  it('yields every page in order and asks for the next before the caller is done with the current', async () => {
    const asked: Array<number | undefined> = [];
    const pages = pagesAhead<string, number>(async (cursor) => {
      asked.push(cursor);
      const at = cursor ?? 0;
      return { items: [`page ${at}`], next: at < 2 ? at + 1 : undefined };
    });
    const seen: string[] = [];
    for await (const items of pages) {
      // By the time a page is handled, the request for the following one is already out.
      expect(asked.length).toBe(Math.min(seen.length + 2, 3));
      seen.push(...items);
    }
    expect(seen).toEqual(['page 0', 'page 1', 'page 2']);
    expect(asked).toEqual([undefined, 1, 2]);
  });

  it('a failed page surfaces when reached, after the pages before it', async () => {
    const pages = pagesAhead<number, number>(async (cursor) => {
      if (cursor === 1) throw new Error('page 1 failed');
      return { items: [cursor ?? 0], next: 1 };
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const items of pages) seen.push(...items);
      })(),
    ).rejects.toThrow('page 1 failed');
    expect(seen).toEqual([0]);
  });

  it('reads a lazily read page only once the request for the next one is on its way', async () => {
    const events: string[] = [];
    const pages = pagesAhead<number, number>(async (cursor, sent) => {
      const at = cursor ?? 0;
      // Like a real request: some work (signing) before it goes out, then the wire.
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`sent ${at}`);
      sent();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        items: () => {
          events.push(`read ${at}`);
          return [at];
        },
        next: at < 2 ? at + 1 : undefined,
      };
    }, 0);
    const seen: number[] = [];
    for await (const items of pages) seen.push(...items);
    expect(seen).toEqual([0, 1, 2]);
    expect(events).toEqual(['sent 0', 'sent 1', 'read 0', 'sent 2', 'read 1', 'read 2']);
  });
});
