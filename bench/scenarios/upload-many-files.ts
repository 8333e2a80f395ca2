import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';
import { profiled } from '../profile';
import { cpuSnapshot, cpuSpent, describeCpu } from '../process-cpu';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';

const KiB = 1024;
/** The baseline's parallelism, as the issue sets it. */
const NODE_CONCURRENCY = 8;
/** Chromium's connections per host over HTTP/1.1: the most a page can have in flight to one endpoint. */
const PAGE_CONNECTIONS = 6;
/** `direct`: the app connected with "Direct from this browser", as on a static host (no app server in the path). */
const PATHS = ['baseline', 'app', 'direct', 'page'] as const;

interface AppRound {
  /** From the drop until the upload panel says every file is done. */
  ms: number;
  /** From the drop until the first upload request started (collecting, overwrite check, planning). */
  firstSendMs: number;
  /** Upload requests (XHR) the page made, and the most that were in flight at once. */
  requests: number;
  maxInFlight: number;
}

/**
 * Many small files, dropped on the object table as a DataTransfer of Files made in the page: the app's whole path
 * (collecting the drop, the overwrite check, signing, the transfers, the panel), timed until the panel's batch line
 * says every file is done. The baseline is the same PUTs from Node with the SDK, 8 at a time. For information, a
 * third path shows what a bare page gets: the same PUTs, presigned in Node, sent with fetch 6 at a time (Chromium's
 * limit per host). Each round uses new names, checks on the server that every object arrived with its size, and
 * deletes them. Rounds rotate which path goes first.
 */
export const uploadManyFiles: Scenario = {
  name: 'upload-many-files',
  title: 'Upload 1,000 files of 10 KiB: the app (drag and drop) vs the same PUTs from Node',
  async run(context) {
    const count = context.small ? 200 : 1000;
    const size = 10 * KiB;
    const rounds = context.rounds ?? (context.small ? 2 : 5);
    const bucket = await context.tempBucket();
    const page = await context.connectedPage();
    const directPage = await context.connectedPage({ transport: 'direct' });
    for (const each of [page, directPage]) {
      await each.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
      await each.getByText('This bucket is empty.').waitFor();
      await makeFiles(each, count, size);
    }

    const notes: string[] = [];
    // The warm-up round warms every path (connections, JIT, the engine's chunk).
    const measureRound = async (round: number) => {
      let baselineMs = 0;
      let pageMs = 0;
      let app: AppRound | undefined;
      let direct: AppRound | undefined;
      for (const which of rotated(PATHS, round)) {
        const prefix = `${which}-${round}-`;
        if (which === 'baseline') baselineMs = await nodePuts(context, bucket, prefix, count, size);
        else if (which === 'page') pageMs = await barePagePuts(context, page, bucket, prefix, count);
        else if (which === 'direct') {
          const before = cpuSnapshot();
          direct = await profiled(
            directPage,
            `direct-round-${round}`,
            () => appUpload(directPage, prefix),
            context.log,
          );
          context.log(`direct: CPU ${describeCpu(cpuSpent(before, cpuSnapshot()))}`);
        } else app = await appUpload(page, prefix);
        await verify(context, bucket, prefix, count, size);
        await settle();
      }
      if (round === 1) {
        notes.push(
          `Every round, every path was checked on the server: ${count} objects of ${size} bytes under the round's names.`,
        );
      }
      await deleteRound(context, bucket, round, count);
      for (const each of [page, directPage])
        await each.getByRole('region', { name: 'Uploads' }).getByRole('button', { name: 'Close' }).click();
      return {
        baselineFilesPerS: count / (baselineMs / 1000),
        appFilesPerS: count / (app!.ms / 1000),
        ratio: baselineMs / app!.ms,
        pageFilesPerS: count / (pageMs / 1000),
        appVsPage: pageMs / app!.ms,
        baselineMs,
        appMs: app!.ms,
        pageMs,
        appFirstSendMs: app!.firstSendMs,
        appRequests: app!.requests,
        appMaxInFlight: app!.maxInFlight,
        directFilesPerS: count / (direct!.ms / 1000),
        directRatio: baselineMs / direct!.ms,
        directMs: direct!.ms,
        directRequests: direct!.requests,
        directMaxInFlight: direct!.maxInFlight,
      };
    };
    const results = await warmedRounds(
      context,
      rounds,
      measureRound,
      (row) =>
        `baseline ${row.baselineMs.toFixed(0)} ms, app ${row.appMs.toFixed(0)} ms (ratio ${row.ratio.toFixed(2)}), direct ${row.directMs.toFixed(0)} ms (ratio ${row.directRatio.toFixed(2)}, ${row.directRequests} requests, ${row.directMaxInFlight} in flight at most), bare page ${row.pageMs.toFixed(0)} ms, first request after ${row.appFirstSendMs.toFixed(0)} ms, ${row.appMaxInFlight} in flight at most`,
    );

    const ratio = median(results.map((r) => r.ratio));
    const appRate = median(results.map((r) => r.appFilesPerS));
    const baselineRate = median(results.map((r) => r.baselineFilesPerS));
    notes.push(
      `The ratio is the median of per-round ratios (baseline time / app time); ratio of the medians: ${(appRate / baselineRate).toFixed(2)}.`,
      `Chromium opens at most ${PAGE_CONNECTIONS} HTTP/1.1 connections per host, so a page can have at most ${PAGE_CONNECTIONS} requests in flight to the endpoint; the baseline has ${NODE_CONCURRENCY}. And every presigned PUT from a page is a CORS request with a preflight (OPTIONS) of its own. The "bare page" path shows what that costs without any app: the same PUTs, signed in Node beforehand, sent with fetch ${PAGE_CONNECTIONS} at a time. The sandbox's RGW (beast frontend) speaks HTTP/1.1 only (it ignores an h2c upgrade and refuses HTTP/2 with prior knowledge) and keeps connections alive, so no page gets more than those connections or fewer requests per file from it.`,
      'Served by its own server (as here), the app sends small files beyond the first few to that server in batches of up to 50 per request, and the server posts each to the endpoint with the form policy the page signed (server/batch-upload.ts): the page\'s cost per request is paid once per batch. On a static host, or with the connection set to "direct", each small file is one form POST (one policy signed per bucket, no preflight); larger files go as presigned PUTs with progress.',
    );
    const metrics: Metric[] = [
      {
        name: `${count} files of ${size / KiB} KiB, drag and drop to done (median)`,
        value: appRate,
        unit: 'files/s',
        baseline: {
          name: `SDK PutObject from Node, ${NODE_CONCURRENCY} at a time (median)`,
          value: baselineRate,
        },
        ratio,
        target: '>= 0.8',
        pass: meets(ratio, '>= 0.8'),
      },
      {
        name: `${count} files of ${size / KiB} KiB in direct mode (no app server: the page posts each file to the endpoint), drag and drop to done (median)`,
        value: median(results.map((r) => r.directFilesPerS)),
        unit: 'files/s',
        baseline: {
          name: `SDK PutObject from Node, ${NODE_CONCURRENCY} at a time (median)`,
          value: baselineRate,
        },
        ratio: median(results.map((r) => r.directRatio)),
        target: '>= 0.6',
        pass: meets(median(results.map((r) => r.directRatio)), '>= 0.6'),
      },
      {
        name: `the same PUTs from a bare page, presigned in Node, fetch ${PAGE_CONNECTIONS} at a time (median, for information)`,
        value: median(results.map((r) => r.pageFilesPerS)),
        unit: 'files/s',
        baseline: {
          name: `SDK PutObject from Node, ${NODE_CONCURRENCY} at a time (median)`,
          value: baselineRate,
        },
        ratio: median(results.map((r) => r.baselineMs / r.pageMs)),
      },
      {
        name: 'time from the drop to the first upload request (median)',
        value: median(results.map((r) => r.appFirstSendMs)),
        unit: 'ms',
      },
    ];
    return {
      parameters: {
        files: count,
        fileKiB: size / KiB,
        rounds,
        warmUpRounds: 1,
        nodeConcurrency: NODE_CONCURRENCY,
      },
      metrics,
      rounds: results,
      notes,
    };
  },
};

/** The bytes every file holds, made once in the page; each round wraps them in Files with its own names. */
async function makeFiles(page: Page, count: number, size: number): Promise<void> {
  await page.evaluate(
    ([n, bytesWanted]) => {
      const bytes = new Uint8Array(bytesWanted);
      crypto.getRandomValues(bytes);
      (window as unknown as { benchMany: { count: number; blob: Blob } }).benchMany = {
        count: n,
        blob: new Blob([bytes], { type: 'application/octet-stream' }),
      };
    },
    [count, size],
  );
}

const fileName = (prefix: string, index: number) => `${prefix}${String(index).padStart(5, '0')}.bin`;

async function nodePuts(
  context: BenchContext,
  bucket: string,
  prefix: string,
  count: number,
  size: number,
): Promise<number> {
  const body = new Uint8Array(size).fill(7);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const key = fileName(prefix, next++);
      await context.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  };
  await Promise.all(Array.from({ length: NODE_CONCURRENCY }, worker));
  return performance.now() - started;
}

/** What a page gets without the app: URLs signed in Node beforehand, then only the transfers, timed in the page. */
async function barePagePuts(
  context: BenchContext,
  page: Page,
  bucket: string,
  prefix: string,
  count: number,
): Promise<number> {
  const urls = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      getSignedUrl(context.s3, new PutObjectCommand({ Bucket: bucket, Key: fileName(prefix, i) }), {
        expiresIn: 600,
      }),
    ),
  );
  return page.evaluate(
    async ([targets, connections]) => {
      const { blob } = (window as unknown as { benchMany: { blob: Blob } }).benchMany;
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        while (next < targets.length) {
          const response = await fetch(targets[next++], {
            method: 'PUT',
            body: blob,
            headers: { 'Content-Type': 'application/octet-stream' },
          });
          if (!response.ok) throw new Error(`bare PUT answered ${response.status}`);
        }
      };
      await Promise.all(Array.from({ length: connections }, worker));
      return performance.now() - started;
    },
    [urls, PAGE_CONNECTIONS] as const,
  );
}

/** Drops the files on the object table and waits until the batch line reads "N of N files done". */
async function appUpload(page: Page, prefix: string): Promise<AppRound> {
  return page.evaluate(async (namePrefix) => {
    const { count, blob } = (window as unknown as { benchMany: { count: number; blob: Blob } }).benchMany;
    const transfer = new DataTransfer();
    for (let i = 0; i < count; i++) {
      transfer.items.add(
        new File([blob], `${namePrefix}${String(i).padStart(5, '0')}.bin`, { type: blob.type }),
      );
    }
    const zone = document.querySelector('.drop-zone');
    if (!zone) throw new Error('no drop zone on the page');
    const doneText = `${count} of ${count} files done`;
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(100_000);
    let started = 0;
    const finish = (ms: number): AppRound => {
      const sends = performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        // XHRs carry single files; fetches to the app's server, batches of small files.
        .filter(
          (e) =>
            (e.initiatorType === 'xmlhttprequest' || e.name.endsWith('/_relay/batch')) &&
            e.startTime >= started,
        );
      // The most requests in flight at any moment: walk starts and ends in time order.
      const edges = sends.flatMap((e) => [
        { at: e.startTime, step: 1 },
        { at: e.responseEnd, step: -1 },
      ]);
      edges.sort((a, b) => a.at - b.at || a.step - b.step);
      let inFlight = 0;
      let maxInFlight = 0;
      for (const edge of edges) maxInFlight = Math.max(maxInFlight, (inFlight += edge.step));
      const firstSendMs = Math.min(...sends.map((e) => e.startTime)) - started;
      return { ms, firstSendMs, requests: sends.length, maxInFlight };
    };
    return new Promise<AppRound>((resolve, reject) => {
      const check = () => {
        const region = document.querySelector('[aria-label="Uploads"]');
        const text = region?.querySelector('.upload-total')?.textContent ?? '';
        if (text.includes(doneText)) {
          observer.disconnect();
          resolve(finish(performance.now() - started));
        } else if (/\d+ failed/.test(text) && !region?.querySelector('.status-queued, .status-uploading')) {
          observer.disconnect();
          reject(new Error(`the app's upload failed: ${text}`));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      started = performance.now();
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
  }, prefix);
}

/** Every object of the round is on the server with the right size. */
async function verify(context: BenchContext, bucket: string, prefix: string, count: number, size: number) {
  let token: string | undefined;
  let found = 0;
  do {
    const page = await context.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Size !== size) throw new Error(`${object.Key} has ${object.Size} bytes, not ${size}`);
      found++;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (found !== count) throw new Error(`${found} objects under ${prefix}, expected ${count}`);
}

async function deleteRound(context: BenchContext, bucket: string, round: number, count: number) {
  for (const which of PATHS) {
    const keys = Array.from({ length: count }, (_, i) => ({ Key: fileName(`${which}-${round}-`, i) }));
    for (let i = 0; i < keys.length; i += 1000) {
      await context.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: keys.slice(i, i + 1000), Quiet: true },
        }),
      );
    }
  }
}

/** Lets the sandbox finish its bookkeeping between runs, so one does not slow the next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
