import { describe, expect, it } from 'vitest';
import { RequestPool } from './request-pool';

describe('RequestPool', () => {
  it('keeps at most `limit` tasks running, in order', async () => {
    const pool = new RequestPool(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(n);
      running--;
    };
    await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(task(n))));
    expect(peak).toBe(2);
    expect(order).toHaveLength(5);
  });

  it('lets a waiting task be cancelled', async () => {
    const pool = new RequestPool(1);
    let release!: () => void;
    const first = pool.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const second = pool.run(async () => 'ran', controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await first;
    await expect(pool.run(async () => 'free')).resolves.toBe('free');
  });
});
