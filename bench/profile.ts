import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from '@playwright/test';

/**
 * `BENCH_PROFILE=DIR`: a measured phase of a scenario is also recorded with Chromium's profiler and tracing, and a
 * summary of where the main thread's time went (JS functions by self time, style, layout, paint, GC) and of the
 * requests the page made is written to DIR beside the raw profile (open the .cpuprofile in Chromium's DevTools).
 * Profiling slows the page, so its numbers are for finding the time, not for the bench rows; without the variable
 * nothing is recorded.
 */
export const profileDir = process.env.BENCH_PROFILE;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Browser-side work that tracing reports as its own events (the rest of a frame is JS, counted by the profiler). */
const RENDERING = [
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
  'ParseHTML',
  'MinorGC',
  'MajorGC',
  'V8.GC_SCAVENGER',
  'V8.GC_MARK_COMPACTOR',
  'FunctionCall',
  'FireAnimationFrame',
  'EventDispatch',
  'TimerFire',
  'RunMicrotasks',
  'v8.callFunction',
];

/**
 * Runs `work` with the page profiled, and writes `name`.cpuprofile, `name`.summary.txt to BENCH_PROFILE; `log`, when
 * given, gets the summary's first lines (the busiest functions and the requests).
 */
export async function profiled<T>(
  page: Page,
  name: string,
  work: () => Promise<T>,
  log?: (line: string) => void,
): Promise<T> {
  if (!profileDir) return work();
  const requests = watchRequests(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,v8,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  const result = await work();
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await traced;
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.detach();
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, `${name}.trace.json`), JSON.stringify({ traceEvents: events }));
  const cpu = summarizeProfile(profile);
  const requestLine = requests.stop();
  const file = writeProfile(name, profile, [requestLine, '', ...cpu, '', ...summarizeTrace(events)]);
  log?.(
    `${name}: ${requestLine}; busiest: ${cpu
      .slice(1, 6)
      .map((line) => line.trim())
      .join('; ')} (${file})`,
  );
  return result;
}

/**
 * Writes `name`.cpuprofile and `name`.summary.txt (`summary`, or the profile's busiest functions) to BENCH_PROFILE;
 * returns the summary's path.
 */
export function writeProfile(name: string, profile: CpuProfile, summary = summarizeProfile(profile)): string {
  if (!profileDir) throw new Error('BENCH_PROFILE is not set');
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
  const file = path.join(profileDir, `${name}.summary.txt`);
  fs.writeFileSync(file, summary.join('\n'));
  return file;
}

/** Counts the page's requests by kind, their answers' bytes and the most in flight at once, until stopped. */
function watchRequests(page: Page): { stop: () => string } {
  let inFlight = 0;
  let most = 0;
  let bytes = 0;
  const kinds = new Map<string, number>();
  const onRequest = (request: Request) => {
    inFlight++;
    most = Math.max(most, inFlight);
    const url = new URL(request.url());
    const kind = `${request.method()} ${[...url.searchParams.keys()].filter((k) => !k.startsWith('X-Amz-')).join('&') || url.pathname.split('/').at(-1)}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  };
  const onFinished = (request: Request) => {
    inFlight--;
    request.sizes().then(
      (sizes) => (bytes += sizes.responseBodySize),
      () => undefined,
    );
  };
  const onFailed = () => inFlight--;
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  return {
    stop: () => {
      page.off('request', onRequest);
      page.off('requestfinished', onFinished);
      page.off('requestfailed', onFailed);
      const count = [...kinds.values()].reduce((a, b) => a + b, 0);
      const list = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
      return `${count} requests (${list}), ${(bytes / 1024).toFixed(0)} KiB of answers, at most ${most} in flight`;
    },
  };
}

/** Self time per function (name and place), the 40 largest, and the total sampled. */
export function summarizeProfile(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  return [
    `CPU profile: ${total.toFixed(0)} ms sampled (idle included); self time:`,
    ...top.map(([key, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${key}`),
  ];
}

/** Time of the renderer's main thread by event name (events nest, so a FunctionCall includes what it called). */
function summarizeTrace(events: TraceEvent[]): string[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const totals = new Map<string, { ms: number; count: number; longest: number }>();
  for (const event of onMain) {
    if (!RENDERING.includes(event.name)) continue;
    const ms = (event.dur ?? 0) / 1000;
    const total = totals.get(event.name) ?? { ms: 0, count: 0, longest: 0 };
    totals.set(event.name, {
      ms: total.ms + ms,
      count: total.count + 1,
      longest: Math.max(total.longest, ms),
    });
  }
  const tasks = onMain.filter((e) => e.name === 'RunTask').map((e) => (e.dur ?? 0) / 1000);
  const long = tasks.filter((ms) => ms > 16.7);
  // The page's workers (a search's, "Load all"'s), by their tasks: their time competes with the main thread's.
  const workers = events
    .filter((e) => e.name === 'thread_name' && main && e.pid === main.pid && e.args?.name?.includes('Worker'))
    .map((thread) => {
      const busy = events
        .filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.name === 'RunTask')
        .map((e) => (e.dur ?? 0) / 1000);
      return `${thread.args?.name}: ${busy.length} tasks, ${busy.reduce((a, b) => a + b, 0).toFixed(0)} ms busy`;
    });
  return [
    `Main thread: ${tasks.length} tasks, ${tasks.reduce((a, b) => a + b, 0).toFixed(0)} ms busy, ${long.length} over 16.7 ms (longest ${Math.max(0, ...tasks).toFixed(1)} ms)`,
    ...workers,
    ...[...totals.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([name, t]) =>
          `${t.ms.toFixed(1).padStart(9)} ms  ${name} (${t.count}x, longest ${t.longest.toFixed(1)} ms)`,
      ),
  ];
}
