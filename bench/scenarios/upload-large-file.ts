import crypto from 'node:crypto';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';
import { median, meets, type Scenario } from '../types';

const MiB = 1024 * 1024;

interface AppRound {
  ms: number;
  firstByteMs: number;
  lastByteMs: number;
  /** Milliseconds after the drop at which the file's progress bar changed value. */
  changes: number[];
}

/**
 * One large File, made in the page, uploaded through the app's real path (dropped on the object table: overwrite
 * check, planning, presigning, parts, Complete, all of it), against one presigned PUT of the same File with fetch
 * from the same page: the fastest a page can send it. Rounds alternate which goes first, and the figures are
 * medians, because the sandbox (memory-backed RGW on a few cores) is noisy.
 */
export const uploadLargeFile: Scenario = {
  name: 'upload-large-file',
  title: 'Upload one large file: the app vs one presigned PUT',
  async run(context) {
    const sizeMiB = context.small ? 80 : 256;
    const size = sizeMiB * MiB;
    const rounds = context.rounds ?? (context.small ? 2 : 7);
    const bucket = await context.tempBucket();
    const page = await context.connectedPage();
    await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
    await page.getByText('This bucket is empty.').waitFor();
    context.log(`making a ${sizeMiB} MiB File in the page`);
    const pageSha256 = await makeFile(page, size);

    const results: Array<Record<string, number>> = [];
    const notes: string[] = [];
    // Round 0 warms up both paths (connections, JIT, RGW's allocator) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      const appFirst = round % 2 === 1;
      let baselineMs = 0;
      let app: AppRound | undefined;
      for (const which of appFirst ? ['app', 'baseline'] : ['baseline', 'app']) {
        if (which === 'baseline')
          baselineMs = await presignedPut(context, page, bucket, `baseline-${round}.bin`);
        else app = await appUpload(page, `app-${round}.bin`);
        await settle();
      }
      if (round === 1) {
        const stored = await serverSha256(context, bucket, 'app-1.bin');
        if (stored !== pageSha256)
          throw new Error('The object the app stored differs from the file in the page.');
        notes.push(
          'The object the app stored was checked against the file in the page (SHA-256): identical.',
        );
      }
      await context.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: [{ Key: `baseline-${round}.bin` }, { Key: `app-${round}.bin` }] },
        }),
      );
      await page.getByRole('region', { name: 'Uploads' }).getByRole('button', { name: 'Close' }).click();
      const appSeconds = app!.ms / 1000;
      const row = {
        round,
        baselineMiBs: sizeMiB / (baselineMs / 1000),
        appMiBs: sizeMiB / appSeconds,
        ratio: baselineMs / app!.ms,
        progressPerSecond: app!.changes.length / appSeconds,
        longestGapMs: longestGap([0, ...app!.changes, app!.ms]),
        // Where the app's time goes besides the transfer: before its first byte, and after its last.
        firstByteMs: app!.firstByteMs,
        afterLastByteMs: app!.ms - app!.lastByteMs,
      };
      context.log(
        `${round === 0 ? 'warm-up' : `round ${round}`}: baseline ${row.baselineMiBs.toFixed(0)} MiB/s, app ${row.appMiBs.toFixed(0)} MiB/s, ratio ${row.ratio.toFixed(2)}, ${row.progressPerSecond.toFixed(1)} progress updates/s${appFirst ? ' (app first)' : ''}`,
      );
      if (round > 0) results.push(row);
    }

    const baseline = median(results.map((r) => r.baselineMiBs));
    const app = median(results.map((r) => r.appMiBs));
    const ratio = app / baseline;
    const events = median(results.map((r) => r.progressPerSecond));
    const gap = Math.max(...results.map((r) => r.longestGapMs));
    notes.push(
      `Median of the per-round ratios (each app upload against the baseline of the same round): ${median(results.map((r) => r.ratio)).toFixed(2)}.`,
    );
    return {
      parameters: { sizeMiB, rounds, warmUpRounds: 1 },
      metrics: [
        {
          name: 'upload throughput (median)',
          value: app,
          unit: 'MiB/s',
          baseline: { name: 'one presigned PUT with fetch, same page, same File (median)', value: baseline },
          ratio,
          target: '>= 0.9',
          pass: meets(ratio, '>= 0.9'),
        },
        {
          name: 'progress updates seen in the upload panel (median)',
          value: events,
          unit: 'per second',
          target: '>= 4',
          pass: meets(events, '>= 4'),
        },
        { name: 'longest time without a progress update (worst round)', value: gap, unit: 'ms' },
      ],
      rounds: results,
      notes,
    };
  },
};

async function makeFile(page: Page, size: number): Promise<string> {
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
async function presignedPut(
  context: Parameters<Scenario['run']>[0],
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
type AppRoundInPage = AppRound;

async function appUpload(page: Page, name: string): Promise<AppRound> {
  return page.evaluate(async (fileName) => {
    const source = (window as unknown as { benchFile: File }).benchFile;
    // A new File over the same bytes (no copy): the key comes from the name.
    const file = new File([source], fileName, { type: source.type });
    const label = `Upload of ${fileName}`;
    const zone = document.querySelector('.drop-zone');
    if (!zone) throw new Error('no drop zone on the page');
    return new Promise<AppRoundInPage>((resolve, reject) => {
      const changes: number[] = [];
      let last: string | null = null;
      let started = 0;
      let firstByteMs = 0;
      let lastByteMs = 0;
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
          if (!firstByteMs && bar.value > 0) firstByteMs = at;
          if (bar.value < bar.max) lastByteMs = at;
        }
        const row = bar.closest('li');
        if (row?.classList.contains('status-done')) {
          observer.disconnect();
          resolve({ ms: performance.now() - started, changes, firstByteMs, lastByteMs });
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

async function serverSha256(context: Parameters<Scenario['run']>[0], bucket: string, key: string) {
  const object = await context.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = crypto.createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

function longestGap(times: number[]): number {
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return gap;
}

/** Lets the sandbox finish its bookkeeping between transfers, so one does not slow the next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
