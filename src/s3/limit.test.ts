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

  it('takes a new concurrency on the way: a lower one as running tasks end, a higher one at once', async () => {
    const run = createLimiter(Infinity);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const task = (i: number) => () =>
      new Promise<number>((resolve) => {
        started.push(i);
        releases[i] = () => resolve(i);
      });
    const all = [run(task(0)), run(task(1))];
    run.setConcurrency(1);
    all.push(run(task(2)), run(task(3)));
    await tick();
    expect(started).toEqual([0, 1]);
    releases[0]();
    await tick();
    // Task 1 still runs: with a limit of one, task 2 waits for it.
    expect(started).toEqual([0, 1]);
    releases[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    run.setConcurrency(Infinity);
    expect(started).toEqual([0, 1, 2, 3]);
    releases[2]();
    releases[3]();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
  });
});
