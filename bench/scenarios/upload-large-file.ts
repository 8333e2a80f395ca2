import crypto from 'node:crypto';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';
import { DEFAULT_PLAN } from '../../src/s3/upload/part-plan';
import { UPLOAD_TUNING_KEY } from '../../src/s3/upload/tuning';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';

const MiB = 1024 * 1024;

interface AppRound {
  ms: number;
  /** From the Resource Timing of the upload requests (XHR): when the first started, when the last ended. */
  sendStartMs: number;
  sendEndMs: number;
  /** Milliseconds after the drop at which the file's progress bar changed value. */
  changes: number[];
}

/**
 * One large File, made in the page, uploaded through the app's real path (dropped on the object table: overwrite
 * check, planning, signing, the transfer, all of it), against one presigned PUT of the same File with fetch from
 * the same page: the fastest a page can send it. A second page has the engine's tuning override set so the same
 * file goes multipart with the default part size: that path is measured too, for information. Rounds rotate which
 * goes first, and the figures are medians, because the sandbox (memory-backed RGW on a few cores) is noisy.
 */
export const uploadLargeFile: Scenario = {
  name: 'upload-large-file',
  title: 'Upload one large file: the app vs one presigned PUT',
  async run(context) {
    const sizeMiB = context.small ? 80 : 256;
    const size = sizeMiB * MiB;
    const rounds = context.rounds ?? (context.small ? 2 : 7);
    const bucket = await context.tempBucket();
    const app = await openBucket(context, bucket);
    const multipart = await openBucket(context, bucket, { multipartThreshold: 0 });
    context.log(`making a ${sizeMiB} MiB File in each page`);
    const madeSha256 = { app: await makeFile(app, size), multipart: await makeFile(multipart, size) };
    const writes = new WriteBudget(context);

    const notes: string[] = [];
    const order = ['baseline', 'app', 'multipart'];
    // The warm-up round warms every path (connections, JIT, RGW's allocator).
    const measureRound = async (round: number) => {
      const measured: Record<string, AppRound | number> = {};
      for (const which of rotated(order, round)) {
        await writes.reserve(size);
        const key = `${which}-${round}.bin`;
        if (which === 'baseline') measured[which] = await presignedPut(context, app, bucket, key);
        else measured[which] = await appUpload(which === 'app' ? app : multipart, key);
        await settle();
      }
      if (round === 1) {
        for (const which of ['app', 'multipart'] as const) {
          const stored = await serverSha256(context, bucket, `${which}-1.bin`);
          if (stored !== madeSha256[which])
            throw new Error(`The object of the ${which} path differs from the file in the page.`);
        }
        notes.push(
          'The objects both app paths stored were checked against the file in the page (SHA-256): identical.',
        );
      }
      await context.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: order.map((which) => ({ Key: `${which}-${round}.bin` })) },
        }),
      );
      for (const page of [app, multipart]) {
        await page.getByRole('region', { name: 'Uploads' }).getByRole('button', { name: 'Close' }).click();
      }
      const baselineMs = measured.baseline as number;
      const single = measured.app as AppRound;
      const parts = measured.multipart as AppRound;
      return {
        baselineMiBs: sizeMiB / (baselineMs / 1000),
        appMiBs: sizeMiB / (single.ms / 1000),
        multipartMiBs: sizeMiB / (parts.ms / 1000),
        appRatio: baselineMs / single.ms,
        multipartRatio: baselineMs / parts.ms,
        progressPerSecond: single.changes.length / (single.ms / 1000),
        multipartProgressPerSecond: parts.changes.length / (parts.ms / 1000),
        longestGapMs: Math.max(longestGap(single), longestGap(parts)),
        // Where the app's time goes besides sending: from the drop to its PUT, from the PUT's answer to "done".
        appBeforeSendMs: single.sendStartMs,
        appSendMiBs: sizeMiB / ((single.sendEndMs - single.sendStartMs) / 1000),
        appAfterSendMs: single.ms - single.sendEndMs,
        multipartBeforeSendMs: parts.sendStartMs,
        multipartAfterSendMs: parts.ms - parts.sendEndMs,
      };
    };
    const results = await warmedRounds(
      context,
      rounds,
      measureRound,
      (row) =>
        `baseline ${row.baselineMiBs.toFixed(0)} MiB/s, app ${row.appMiBs.toFixed(0)} MiB/s (${row.appRatio.toFixed(2)}), multipart ${row.multipartMiBs.toFixed(0)} MiB/s (${row.multipartRatio.toFixed(2)}), ${row.progressPerSecond.toFixed(1)} progress updates/s`,
    );

    // The ratio is the median of per-round ratios: each upload is compared with the baseline run seconds before or
    // after it, so a machine whose load drifts during the run (the sandbox is shared) does not skew it. The ratio
    // of the medians is in the notes.
    const baseline = median(results.map((r) => r.baselineMiBs));
    const baselineRef = {
      name: 'one presigned PUT with fetch, same page, same File (median)',
      value: baseline,
    };
    const appSpeed = median(results.map((r) => r.appMiBs));
    const appRatio = median(results.map((r) => r.appRatio));
    const multipartSpeed = median(results.map((r) => r.multipartMiBs));
    const multipartRatio = median(results.map((r) => r.multipartRatio));
    const events = median(results.map((r) => r.progressPerSecond));
    const multipartEvents = median(results.map((r) => r.multipartProgressPerSecond));
    const plan = DEFAULT_PLAN;
    notes.push(
      `The app sends files up to ${plan.multipartThreshold / MiB} MiB in one PUT; above, in parts of ${plan.partSize / MiB} MiB or more. The multipart rows force parts for this file through the engine's tuning override (same page code, same part size).`,
      `Ratios are medians of the per-round ratios (each upload against the baseline of its own round). Ratios of the medians: app ${(appSpeed / baseline).toFixed(2)}, multipart ${(multipartSpeed / baseline).toFixed(2)}.`,
    );
    const metrics: Metric[] = [
      {
        name: `upload throughput, ${sizeMiB} MiB (median)`,
        value: appSpeed,
        unit: 'MiB/s',
        baseline: baselineRef,
        ratio: appRatio,
        target: '>= 0.9',
        pass: meets(appRatio, '>= 0.9'),
      },
      {
        name: 'progress updates seen in the upload panel (median)',
        value: events,
        unit: 'per second',
        target: '>= 4',
        pass: meets(events, '>= 4'),
      },
      {
        name: 'multipart path forced for the same file (median, for information)',
        value: multipartSpeed,
        unit: 'MiB/s',
        baseline: baselineRef,
        ratio: multipartRatio,
      },
      {
        name: 'progress updates, multipart path (median)',
        value: multipartEvents,
        unit: 'per second',
        target: '>= 4',
        pass: meets(multipartEvents, '>= 4'),
      },
      {
        name: 'longest time without a progress update (worst upload)',
        value: Math.max(...results.map((r) => r.longestGapMs)),
        unit: 'ms',
      },
    ];
    return { parameters: { sizeMiB, rounds, warmUpRounds: 1 }, metrics, rounds: results, notes };
  },
};

/** A connected page showing the (empty) bucket; `tuning` goes into the engine's override before the app loads. */
async function openBucket(context: BenchContext, bucket: string, tuning?: object): Promise<Page> {
  const page = await context.connectedPage();
  if (tuning) {
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key, value),
      [UPLOAD_TUNING_KEY, JSON.stringify(tuning)],
    );
  }
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByText('This bucket is empty.').waitFor();
  return page;
}

export async function makeFile(page: Page, size: number): Promise<string> {
  return page.evaluate(async (bytesWanted) => {
    const bytes = new Uint8Array(bytesWanted);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    (window as unknown as { benchFile: File }).benchFile = new File([bytes], 'bench.bin', {
      type: 'application/octet-stream',
    });
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }, size);
}

/** The baseline: the URL is signed in Node beforehand, so only the transfer is timed. */
export async function presignedPut(
  context: BenchContext,
  page: Page,
  bucket: string,
  key: string,
): Promise<number> {
  const url = await getSignedUrl(context.s3, new PutObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: 600,
  });
  return page.evaluate(async (target) => {
    const file = (window as unknown as { benchFile: File }).benchFile;
    const started = performance.now();
    const response = await fetch(target, {
      method: 'PUT',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    if (!response.ok) throw new Error(`baseline PUT answered ${response.status}`);
    return performance.now() - started;
  }, url);
}

/**
 * The app's path, timed in the page: from the drop event until the file's row in the upload panel says done. Every
 * change of the row's progress bar is recorded: that is what a person sees move.
 */
async function appUpload(page: Page, name: string): Promise<AppRound> {
  return page.evaluate(async (fileName) => {
    const source = (window as unknown as { benchFile: File }).benchFile;
    // A new File over the same bytes (no copy): the key comes from the name.
    const file = new File([source], fileName, { type: source.type });
    const label = `Upload of ${fileName}`;
    const zone = document.querySelector('.drop-zone');
    if (!zone) throw new Error('no drop zone on the page');
    performance.clearResourceTimings();
    const finish = (ms: number, changes: number[]): AppRound => {
      const sends = performance
        .getEntriesByType('resource')
        .filter(
          (e) =>
            (e as PerformanceResourceTiming).initiatorType === 'xmlhttprequest' && e.startTime >= started,
        );
      const sendStartMs = Math.min(...sends.map((e) => e.startTime)) - started;
      const sendEndMs = Math.max(...sends.map((e) => (e as PerformanceResourceTiming).responseEnd)) - started;
      return { ms, sendStartMs, sendEndMs, changes };
    };
    let started = 0;
    return new Promise<AppRound>((resolve, reject) => {
      const changes: number[] = [];
      let last: string | null = null;
      const check = () => {
        const bar = Array.from(document.querySelectorAll('progress')).find(
          (p) => p.getAttribute('aria-label') === label,
        );
        if (!bar) return;
        const value = String(bar.value);
        if (value !== last) {
          last = value;
          const at = performance.now() - started;
          changes.push(at);
        }
        const row = bar.closest('li');
        if (row?.classList.contains('status-done')) {
          observer.disconnect();
          resolve(finish(performance.now() - started, changes));
        } else if (row?.classList.contains('status-failed')) {
          observer.disconnect();
          reject(new Error(`the app's upload failed: ${row.textContent}`));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      started = performance.now();
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
  }, name);
}

export async function serverSha256(context: BenchContext, bucket: string, key: string) {
  const object = await context.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = crypto.createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

function longestGap(round: AppRound): number {
  const times = [0, ...round.changes, round.ms];
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return gap;
}

/**
 * The sandbox keeps objects in memory, and RGW frees deleted data only after its garbage collector's wait (30 s in
 * the sandbox, hours by default). Writing GiBs a minute would fill it for everyone sharing it: at most
 * `perMinute` bytes go out in any 75 s.
 */
export class WriteBudget {
  private readonly writes: Array<{ at: number; bytes: number }> = [];
  constructor(
    private readonly context: BenchContext,
    private readonly perMinute = 1.5 * 1024 * MiB,
  ) {}

  async reserve(bytes: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.writes.length && this.writes[0].at < now - 75_000) this.writes.shift();
      const recent = this.writes.reduce((sum, w) => sum + w.bytes, 0);
      if (recent + bytes <= this.perMinute || this.writes.length === 0) break;
      const wait = this.writes[0].at + 75_000 - now + 100;
      if (wait > 1000)
        this.context.log(`waiting ${(wait / 1000).toFixed(0)} s for the sandbox to free deleted data`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.writes.push({ at: Date.now(), bytes });
  }
}

/** Lets the sandbox finish its bookkeeping between transfers, so one does not slow the next. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
