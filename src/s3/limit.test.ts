import { describe, expect, it } from 'vitest';
import { createLimiter } from './limit';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createLimiter', () => {
  it('never runs more than `concurrency` tasks at once, and runs them all', async () => {
    const run = createLimiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(async () => {
          active++;
          peak = Math.max(peak, active);
          await tick();
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('drops a waiting task whose signal aborts, without starting it', async () => {
    const run = createLimiter(1);
    const started: string[] = [];
    let release!: () => void;
    const first = run(() => {
      started.push('first');
      return new Promise<void>((r) => (release = r));
    });
    const controller = new AbortController();
    const second = run(async () => void started.push('second'), controller.signal);
    const third = run(async () => void started.push('third'));
    controller.abort(new Error('scrolled away'));
    await expect(second).rejects.toThrow('scrolled away');
    release();
    await first;
    await third;
    expect(started).toEqual(['first', 'third']);
  });

  it('refuses an already aborted signal at once', async () => {
    const run = createLimiter(1);
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(run(async () => 1, controller.signal)).rejects.toThrow('gone');
  });
});
