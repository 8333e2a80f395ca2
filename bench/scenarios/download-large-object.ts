import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { CDPSession, Download, Page } from '@playwright/test';
import { cpuSnapshot, cpuSpent, describeCpu } from '../process-cpu';
import { profileDir, profiled, summarizeProfile, writeProfile, type CpuProfile } from '../profile';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { bareWorkerPage } from './bare-sw-download';
import { heapUsed, MiB, seedLargeObject, SEED_PART } from './large-object';

const FOLDER = 'big/';
const NAME = 'object.bin';
/** How often the page's JS heap is read while a download runs. */
const SAMPLE_MS = 100;

interface Measured {
  ms: number;
  bytesSaved: number;
  heapStart: number;
  heapPeak: number;
  samples: number;
  /** The download worker's largest JS heap while it ran (0 where no worker took part). */
  workerHeapPeak: number;
}

/**
 * A large object downloaded through the app, while the page's JS heap (CDP `Performance.getMetrics`,
 * JSHeapUsedSize) is sampled: peak minus the heap just before the click, after a garbage collection.
 *
 * The app has two paths. An object's own Download button hands a presigned link to the browser, which saves it
 * itself: the bytes never enter the page, and this measures that honestly (the download event, the bytes saved).
 * A folder's "Download as zip" is built by the app's server where the app has one (server/zip-archive.ts; the
 * browser saves it as a plain download), else by the download service worker (fetch, the zip writer, the
 * download's body) on a direct connection: both are measured, each on its own connection. The worker's heap is
 * sampled too (its own, outside the page's), read over the browser's CDP session.
 *
 * The object is seeded from Node by streaming a multipart upload (never a whole-object Buffer) and deleted right
 * after: the memory-backed sandbox holds about twice what it stores.
 */
export const downloadLargeObject: Scenario = {
  name: 'download-large-object',
  title: 'Download a 2 GiB object: growth of the page’s JS heap',
  async run(context) {
    const sizeMiB = context.small ? 256 : 2048;
    const size = sizeMiB * MiB;
    const bucket = await context.tempBucket();
    const key = `${FOLDER}${NAME}`;
    context.log(`seeding ${sizeMiB} MiB from Node (multipart, ${SEED_PART / MiB} MiB parts)`);
    await seedLargeObject(context, bucket, key, size);
    const notes: string[] = [];
    try {
      // Direct: the connection on which the download worker builds the zip (and the link path, the same on both).
      const page = await context.connectedPage({ transport: 'direct' });
      const serverPage = await context.connectedPage();
      const serverCdp = await serverPage.context().newCDPSession(serverPage);
      await serverCdp.send('Performance.enable');
      await serverPage.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
      const serverZipButton = serverPage.getByRole('button', { name: `Download ${FOLDER} as zip` });
      await serverZipButton.waitFor();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');

      await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}&prefix=${FOLDER}`);
      await page.getByRole('button', { name: `Download ${NAME}`, exact: true }).waitFor();
      const link = await measure(page, cdp, undefined, () =>
        page.getByRole('button', { name: `Download ${NAME}`, exact: true }).click(),
      );
      if (link.bytesSaved !== size)
        throw new Error(`the saved file has ${link.bytesSaved} bytes, not ${size}`);
      context.log(
        `link: ${(sizeMiB / (link.ms / 1000)).toFixed(0)} MiB/s, heap +${((link.heapPeak - link.heapStart) / MiB).toFixed(1)} MiB`,
      );

      await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
      const zipButton = page.getByRole('button', { name: `Download ${FOLDER} as zip` });
      const worker = new ServiceWorkerTarget(await page.context().browser()!.newBrowserCDPSession());
      await zipButton.waitFor();
      const bare = await bareWorkerPage(page.context(), context.s3, bucket);
      const bareCdp = await page.context().newCDPSession(bare.page);
      await bareCdp.send('Performance.enable');
      // The zip, Node's read and the bare worker take turns (which goes first rotates), so all meet the same load.
      const measureRound = async (round: number) => {
        let zip: Measured | undefined;
        let onServer: Measured | undefined;
        let nodeMs = 0;
        let bareMs = 0;
        let zipCpu: Array<[string, number]> = [];
        let nodeCpu: Array<[string, number]> = [];
        let bareCpu: Array<[string, number]> = [];
        let serverCpu: Array<[string, number]> = [];
        for (const which of rotated(['zip', 'server', 'node', 'bare'] as const, round)) {
          const before = cpuSnapshot();
          if (which === 'server') {
            onServer = await measure(
              serverPage,
              serverCdp,
              undefined,
              () => serverZipButton.click(),
              (file) => round === 1 && notes.push(`built on the server: ${checkZip(file, NAME, size)}`),
            );
            serverCpu = cpuSpent(before, cpuSnapshot());
            await serverPage.getByText(/Zip of 1 files .* is downloading/).waitFor();
            await serverPage.getByRole('button', { name: 'Dismiss' }).click();
            continue;
          }
          if (which === 'node') {
            nodeMs = await nodeRead(context, bucket, key, size);
            nodeCpu = cpuSpent(before, cpuSnapshot());
            continue;
          }
          if (which === 'bare') {
            const url = await getSignedUrl(context.s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
              expiresIn: 3600,
            });
            const measured = await measure(bare.page, bareCdp, undefined, () => bare.download(url));
            if (measured.bytesSaved !== size)
              throw new Error(`the bare worker saved ${measured.bytesSaved} bytes`);
            bareMs = measured.ms;
            bareCpu = cpuSpent(before, cpuSnapshot());
            continue;
          }
          zip = await profiled(
            page,
            `zip-round-${round}`,
            () =>
              measure(
                page,
                cdp,
                worker,
                () => zipButton.click(),
                (file) => round === 1 && notes.push(checkZip(file, NAME, size)),
                { name: `zip-worker-round-${round}`, log: context.log },
              ),
            context.log,
          );
          zipCpu = cpuSpent(before, cpuSnapshot());
          await page.getByText(/Zip ready: 1 files/).waitFor();
          await page.getByRole('button', { name: 'Dismiss' }).click();
        }
        if (round === 1) {
          notes.push(
            `CPU time of the zip in round 1 (the bench's own processes and the sandbox's, from /proc): ${describeCpu(zipCpu)}; of Node's read: ${describeCpu(nodeCpu)}; of the bare worker: ${describeCpu(bareCpu)}.`,
          );
        }
        context.log(
          `zip CPU: ${describeCpu(zipCpu)}; server zip CPU: ${describeCpu(serverCpu)}; Node's read CPU: ${describeCpu(nodeCpu)}; bare worker CPU: ${describeCpu(bareCpu)}`,
        );
        return {
          zipMiBs: sizeMiB / (zip!.ms / 1000),
          nodeGetMiBs: sizeMiB / (nodeMs / 1000),
          ratio: nodeMs / zip!.ms,
          serverMiBs: sizeMiB / (onServer!.ms / 1000),
          serverRatio: nodeMs / onServer!.ms,
          serverHeapGrowthMiB: (onServer!.heapPeak - onServer!.heapStart) / MiB,
          bareMiBs: sizeMiB / (bareMs / 1000),
          bareRatio: nodeMs / bareMs,
          zipToBare: bareMs / zip!.ms,
          zipHeapStartMiB: zip!.heapStart / MiB,
          zipHeapPeakMiB: zip!.heapPeak / MiB,
          zipSamples: zip!.samples,
          workerHeapPeakMiB: zip!.workerHeapPeak / MiB,
        };
      };
      const rows = await warmedRounds(
        context,
        context.rounds ?? (context.small ? 2 : 3),
        measureRound,
        (row) =>
          `zip ${row.zipMiBs.toFixed(0)} MiB/s, server zip ${row.serverMiBs.toFixed(0)} MiB/s (ratio ${row.serverRatio.toFixed(2)}), Node ${row.nodeGetMiBs.toFixed(0)} MiB/s (ratio ${row.ratio.toFixed(2)}), bare worker ${row.bareMiBs.toFixed(0)} MiB/s (${row.bareRatio.toFixed(2)}), heap +${(row.zipHeapPeakMiB - row.zipHeapStartMiB).toFixed(1)} MiB, worker heap ${row.workerHeapPeakMiB.toFixed(1)} MiB at most`,
      );
      await bare.close();

      const zipGrowth = Math.max(...rows.map((r) => r.zipHeapPeakMiB - r.zipHeapStartMiB));
      const workerPeak = Math.max(...rows.map((r) => r.workerHeapPeakMiB));
      const linkGrowth = (link.heapPeak - link.heapStart) / MiB;
      const ratio = median(rows.map((r) => r.ratio));
      notes.push(
        "The link path: the browser fetches the presigned URL and writes the file itself; no byte passes through the page. The server's zip (the app with its server, not in direct mode): the page presigns a read per entry and posts them to the server, which fetches each, runs the same zip writer and answers a plain download the browser saves itself. The worker's zip (direct mode): the download service worker fetches the object from a read the page presigns for it, runs the zip writer (CRC-32) and writes the archive as the download's body; the page only signs and shows progress.",
        `The page's heap is sampled every ${SAMPLE_MS} ms from just before the click (after a garbage collection) until the browser has saved the last byte; the zip's growth is the largest of its rounds. The service worker's heap is its own: its largest size while it ran (not a growth: it exists only while zips run) is sampled the same way over the browser's CDP session.`,
        `Throughput is from the click until the file is complete on disk (Playwright download event). The zip's ratio is the median of per-round ratios (Node's time / the zip's time), the two taking turns in each round; the download button's was measured once, against the first round's Node read.`,
      );
      const metrics: Metric[] = [
        {
          name: `zip download (built in the download worker), the page's JS heap growth, ${sizeMiB} MiB`,
          value: zipGrowth,
          unit: 'MiB',
          target: '<= 32',
          pass: meets(zipGrowth, '<= 32'),
        },
        {
          name: `zip download, the download worker's JS heap at most, ${sizeMiB} MiB`,
          value: workerPeak,
          unit: 'MiB',
          target: '<= 32',
          pass: meets(workerPeak, '<= 32'),
        },
        {
          name: `download button (presigned link, saved by the browser), JS heap growth, ${sizeMiB} MiB`,
          value: linkGrowth,
          unit: 'MiB',
          target: '<= 32',
          pass: meets(linkGrowth, '<= 32'),
        },
        {
          name: 'zip download built in the download worker (direct connections) (median)',
          value: median(rows.map((r) => r.zipMiBs)),
          unit: 'MiB/s',
          baseline: {
            name: 'GetObject streamed in Node (median)',
            value: median(rows.map((r) => r.nodeGetMiBs)),
          },
          ratio,
          target: '>= 0.8',
          pass: meets(ratio, '>= 0.8'),
        },
        {
          name: "zip download built on the app's server, saved by the browser (median)",
          value: median(rows.map((r) => r.serverMiBs)),
          unit: 'MiB/s',
          baseline: {
            name: 'GetObject streamed in Node (median)',
            value: median(rows.map((r) => r.nodeGetMiBs)),
          },
          ratio: median(rows.map((r) => r.serverRatio)),
          target: '>= 0.8',
          pass: meets(median(rows.map((r) => r.serverRatio)), '>= 0.8'),
        },
        {
          name: `zip download built on the app's server, the page's JS heap growth, ${sizeMiB} MiB`,
          value: Math.max(...rows.map((r) => r.serverHeapGrowthMiB)),
          unit: 'MiB',
          target: '<= 32',
          pass: meets(Math.max(...rows.map((r) => r.serverHeapGrowthMiB)), '<= 32'),
        },
        {
          name: 'the limit: a bare service worker answering with the fetch body straight through (median)',
          value: median(rows.map((r) => r.bareMiBs)),
          unit: 'MiB/s',
          baseline: {
            name: 'GetObject streamed in Node (median)',
            value: median(rows.map((r) => r.nodeGetMiBs)),
          },
          ratio: median(rows.map((r) => r.bareRatio)),
        },
        {
          name: 'zip download ÷ the bare service worker (median of rounds, for information)',
          value: median(rows.map((r) => r.zipToBare)),
          unit: 'x',
        },
        {
          name: 'download button throughput (for information)',
          value: sizeMiB / (link.ms / 1000),
          unit: 'MiB/s',
          baseline: { name: 'GetObject streamed in Node (round 1)', value: rows[0].nodeGetMiBs },
          ratio: sizeMiB / (link.ms / 1000) / rows[0].nodeGetMiBs,
        },
      ];
      return {
        parameters: { sizeMiB, sampleMs: SAMPLE_MS, rounds: rows.length, warmUpRounds: 1 },
        metrics,
        rounds: rows,
        notes,
      };
    } finally {
      await context.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
  },
};

/** Clicks, waits for the download to finish on disk, and samples the page's heap all along. */
async function measure(
  page: Page,
  cdp: CDPSession,
  worker: ServiceWorkerTarget | undefined,
  click: () => Promise<void>,
  inspect?: (file: string) => void,
  profile?: { name: string; log: (line: string) => void },
): Promise<Measured> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heapStart = await heapUsed(cdp);
  let heapPeak = heapStart;
  let workerHeapPeak = 0;
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heapUsed(cdp));
      if (worker) workerHeapPeak = Math.max(workerHeapPeak, await worker.heapUsed());
      samples++;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const started = performance.now();
  const downloadEvent = page.waitForEvent('download', { timeout: 60_000 });
  const stopProfile = worker && profile ? worker.profile(profile.name, profile.log) : undefined;
  await click();
  const download: Download = await downloadEvent;
  const file = await download.path();
  const ms = performance.now() - started;
  await stopProfile?.();
  sampling = false;
  await sampler;
  heapPeak = Math.max(heapPeak, await heapUsed(cdp));
  const bytesSaved = fs.statSync(file).size;
  inspect?.(file);
  await download.delete();
  return { ms, bytesSaved, heapStart, heapPeak, samples, workerHeapPeak };
}

/**
 * The download service worker, reached over the browser's CDP session (Playwright opens sessions on pages only):
 * attached to the worker's target when it runs, again if the browser stopped it between downloads.
 */
class ServiceWorkerTarget {
  private session: string | undefined;
  private next = 0;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  constructor(private readonly browser: CDPSession) {
    browser.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.session) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
    browser.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId === this.session) this.session = undefined;
    });
  }

  /** Whether the worker runs (attached to it if so). */
  async running(): Promise<boolean> {
    if (this.session) return true;
    const { targetInfos } = await this.browser.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.endsWith('/download-sw.js'));
    if (!worker) return false;
    this.session = (
      await this.browser.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })
    ).sessionId;
    return true;
  }

  /** Sends a CDP command to the worker; undefined when it does not run or does not answer within `ms`. */
  async send<T>(method: string, params: object = {}, ms = 1000): Promise<T | undefined> {
    if (!(await this.running())) return undefined;
    const id = ++this.next;
    const result = new Promise<unknown>((resolve) => this.waiting.set(id, resolve));
    await this.browser
      .send('Target.sendMessageToTarget', {
        sessionId: this.session,
        message: JSON.stringify({ id, method, params }),
      })
      .catch(() => (this.session = undefined));
    return (await Promise.race([result, new Promise<undefined>((r) => setTimeout(r, ms))])) as T | undefined;
  }

  /** Its JS heap in use, or 0 while it does not run. */
  async heapUsed(): Promise<number> {
    return (await this.send<{ usedSize?: number }>('Runtime.getHeapUsage'))?.usedSize ?? 0;
  }

  /**
   * With BENCH_PROFILE, records the worker's CPU profile from when it runs (it may start only on the click) until
   * the returned stop is called, which writes it as `name`.
   */
  profile(name: string, log: (line: string) => void): () => Promise<void> {
    if (!profileDir) return async () => {};
    let started = false;
    const starting = (async () => {
      while (!(await this.running())) await new Promise((r) => setTimeout(r, 20));
      await this.send('Profiler.enable');
      await this.send('Profiler.setSamplingInterval', { interval: 200 });
      started = (await this.send('Profiler.start')) !== undefined;
    })();
    return async () => {
      await starting;
      const stopped = started && (await this.send<{ profile: CpuProfile }>('Profiler.stop', {}, 30_000));
      if (!stopped) return log(`${name}: the worker's profile could not be read`);
      const summary = summarizeProfile(stopped.profile);
      const file = writeProfile(name, stopped.profile);
      log(
        `${name}: ${summary
          .slice(0, 8)
          .map((l) => l.trim())
          .join('; ')} (${file})`,
      );
    };
  }
}

/** The archive holds the one object, whole, with a CRC that Python's zipfile (not the app) checks. */
function checkZip(file: string, name: string, size: number): string {
  const script = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'infos = z.infolist()',
    'assert [i.filename for i in infos] == [sys.argv[2]], [i.filename for i in infos]',
    'assert infos[0].file_size == int(sys.argv[3]), infos[0].file_size',
    'assert z.testzip() is None',
    'print("ok")',
  ].join('\n');
  execFileSync('python3', ['-c', script, file, `${FOLDER}${name}`, String(size)], { encoding: 'utf8' });
  return `The zip was read back with Python's zipfile: one entry, ${size} bytes, CRC-32 correct.`;
}

/** For information: the same object read by the SDK in Node, streamed and dropped. */
async function nodeRead(context: BenchContext, bucket: string, key: string, size: number): Promise<number> {
  const started = performance.now();
  const object = await context.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  let read = 0;
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) read += chunk.byteLength;
  if (read !== size) throw new Error(`Node read ${read} bytes, not ${size}`);
  return performance.now() - started;
}
