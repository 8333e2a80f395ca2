import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a page's main thread spends its time while `work` runs, when BENCH_CPU_PROFILE names a folder: a V8 CPU
 * profile (CDP Profiler) saved there as `<name>.cpuprofile` (open it in Chromium's DevTools, Performance panel), and
 * a one-line summary of the functions with the most self time. Without the variable, `work` runs unprofiled: the
 * profiler's own cost stays out of the measured numbers.
 */
export async function profiled<T>(
  cdp: CDPSession,
  name: string,
  work: () => Promise<T>,
): Promise<{ result: T; summary?: string }> {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return { result: await work() };
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return { result, summary: `${summarize(profile)} (profile: ${file})` };
}

/** The functions with the most self time, as shares of the profiled wall time. */
export function summarize(profile: Profile, top = 8): string {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const file = frame?.url.split('/').pop() ?? '';
    const label = `${frame?.functionName || '(anonymous)'}${file ? ` ${file}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
    self.set(label, (self.get(label) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const wall = profile.endTime - profile.startTime;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([label, us]) => `${label} ${((100 * us) / wall).toFixed(1)} %`)
    .join('; ');
}
