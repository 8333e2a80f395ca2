import os from 'node:os';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';
import { FIRST_PAGE_SIZE } from '../../src/s3/objects';
import { LISTING_FOLDER, listingDataset, nodeListOnePage, openBucketTop } from './key-dataset';
import { heapUsed, MiB } from './large-object';
import { profiled } from '../profile';

/**
 * The listing scenarios share one bucket per run (see key-dataset.ts): a folder of 100,000 empty objects (5,000
 * with --small). Each round opens the folder in a new browser context, so nothing is cached or warm from the
 * round before; the page is timed from the click on the folder's row, measured inside the page.
 */

interface FolderTiming {
  /** From the click on the folder until its first rows are in the table. */
  firstRowsMs: number;
  /** Until the count in the toolbar is final ("N items", no "more to come"); only with `loadAll`. */
  finalCountMs?: number;
  /** The page's JS heap once the count is final, after a garbage collection; only with `loadAll`. */
  heapAfterMiB?: number;
  /** From the click until the first listing answer had arrived whole (the browser's resource timing). */
  responseMs?: number;
  /** The same page fetched and drawn by a bare page (barePageFirstRows); only when asked for. */
  bareMs?: number;
}

/**
 * Clicks the folder's row and watches the page: when the first object rows appear, and (with `loadAll`) clicks
 * "Load all" as soon as it shows and waits until the count reads `expected` items.
 */
export async function openFolder(
  page: Page,
  folder: string,
  loadAll: boolean,
  expected: number,
): Promise<FolderTiming> {
  return page.evaluate(
    ({ folder, loadAll, expected }) =>
      new Promise<FolderTiming>((resolve, reject) => {
        const link = Array.from(document.querySelectorAll('a')).find((a) => a.textContent === folder);
        if (!link) return reject(new Error(`no row for ${folder}`));
        let firstRowsMs: number | undefined;
        let clickedLoadAll = false;
        const check = () => {
          const now = performance.now() - started;
          if (firstRowsMs === undefined) {
            const name = document.querySelector('tbody tr[aria-rowindex] .name-text')?.textContent ?? '';
            if (name.startsWith('obj-')) firstRowsMs = now;
          }
          if (firstRowsMs === undefined) return;
          if (!loadAll) return done({ firstRowsMs });
          if (!clickedLoadAll) {
            const button = Array.from(document.querySelectorAll('button')).find(
              (b) => b.textContent === 'Load all',
            );
            if (button) {
              clickedLoadAll = true;
              button.click();
            }
          }
          const count = document.querySelector('.count')?.textContent ?? '';
          const match = /^([\d,.\s]+) items$/.exec(count);
          if (match && Number(match[1].replace(/\D/g, '')) === expected)
            done({ firstRowsMs, finalCountMs: now });
        };
        const done = (timing: FolderTiming) => {
          observer.disconnect();
          // What is left after the answer is the app's own: reading it, the query, the rows, the render.
          const listing = performance
            .getEntriesByType('resource')
            .find((entry) => entry.startTime >= started && entry.name.includes('list-type=2'));
          const responseMs = listing && (listing as PerformanceResourceTiming).responseEnd - started;
          resolve({ ...timing, responseMs });
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const started = performance.now();
        link.click();
      }),
    { folder, loadAll, expected },
  );
}

/**
 * The limit of a page on the app's path: the same first page, presigned in Node beforehand, fetched by the page
 * as the app fetches it (a simple GET, no cookies, no cache) and its keys drawn as rows of a plain table, timed
 * from the start of the fetch until the rows are in the document. No signing, no React, no query cache.
 */
async function barePageFirstRows(page: Page, url: string): Promise<number> {
  return page.evaluate(async (url) => {
    const started = performance.now();
    const response = await fetch(url, { credentials: 'omit', cache: 'no-store' });
    const text = await response.text();
    const keys = Array.from(text.matchAll(/<Key>([^<]*)<\/Key>/g), (match) => match[1]);
    const body = document.createElement('tbody');
    for (const key of keys) {
      const row = body.insertRow();
      row.insertCell().textContent = key;
      row.insertCell().textContent = '0 B';
    }
    const table = document.createElement('table');
    table.append(body);
    document.body.append(table);
    const ms = performance.now() - started;
    table.remove();
    if (keys.length === 0) throw new Error('the bare page listed no keys');
    return ms;
  }, url);
}

async function nodeListAll(context: BenchContext, bucket: string, expected: number): Promise<number> {
  const started = performance.now();
  let count = 0;
  let token: string | undefined;
  do {
    const page = await context.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: LISTING_FOLDER,
        Delimiter: '/',
        MaxKeys: 1000,
        ContinuationToken: token,
      }),
    );
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (count !== expected) throw new Error(`Node listed ${count} keys, expected ${expected}`);
  return performance.now() - started;
}

/** Logs a round's numbers: ratios with two decimals, times in whole milliseconds. */
export const describeRow = (row: Record<string, number>) =>
  Object.entries(row)
    .filter(([k]) => k !== 'round')
    .map(([k, v]) => `${k} ${v.toFixed(k.endsWith('Ratio') ? 2 : 0)}`)
    .join(', ');

/**
 * `bareUrl`: the same page first times barePageFirstRows with this presigned URL, while it is idle (after the
 * app's click, its next page and access requests would hold the bare page's fetch back).
 */
async function appOpen(
  context: BenchContext,
  bucket: string,
  loadAll: boolean,
  count: number,
  bareUrl?: string,
): Promise<FolderTiming> {
  const page = await openBucketTop(context, bucket, LISTING_FOLDER);
  try {
    const bareMs = bareUrl ? await barePageFirstRows(page, bareUrl) : undefined;
    const timing = await profiled(page, loadAll ? 'list-all' : 'open-folder', () =>
      openFolder(page, LISTING_FOLDER, loadAll, count),
    );
    if (bareMs !== undefined) return { ...timing, bareMs };
    if (!loadAll) return timing;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    return { ...timing, heapAfterMiB: (await heapUsed(cdp)) / MiB };
  } finally {
    await page.context().close();
  }
}

export const openLargeFolder: Scenario = {
  name: 'open-folder',
  title: 'Open a folder of 100,000 keys: first rows',
  async run(context) {
    const { bucket, count } = await listingDataset(context);
    const rounds = context.rounds ?? (context.small ? 2 : 5);
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        let baselineMs = 0;
        let sameSizeMs = 0;
        let appMs = 0;
        let responseMs = NaN;
        let bareMs = NaN;
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline') {
            baselineMs = await nodeListOnePage(context, { bucket, prefix: LISTING_FOLDER, delimiter: '/' });
            sameSizeMs = await nodeListOnePage(context, {
              bucket,
              prefix: LISTING_FOLDER,
              delimiter: '/',
              maxKeys: FIRST_PAGE_SIZE,
            });
          } else {
            const bareUrl = await getSignedUrl(
              context.s3,
              new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: LISTING_FOLDER,
                Delimiter: '/',
                MaxKeys: FIRST_PAGE_SIZE,
              }),
              { expiresIn: 300 },
            );
            const timing = await appOpen(context, bucket, false, count, bareUrl);
            appMs = timing.firstRowsMs;
            responseMs = timing.responseMs ?? NaN;
            bareMs = timing.bareMs ?? NaN;
          }
        }
        return {
          baselineMs,
          sameSizeMs,
          appMs,
          appResponseMs: responseMs,
          appAfterResponseMs: appMs - responseMs,
          bareMs,
          appRatio: appMs / baselineMs,
          sameSizeRatio: appMs / sameSizeMs,
          bareRatio: bareMs / sameSizeMs,
        };
      },
      describeRow,
    );
    const ratio = median(results.map((r) => r.sameSizeRatio));
    const metrics: Metric[] = [
      {
        name: `time to first rows, folder of ${count} keys (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: `one ListObjectsV2 of the app's first-page size, ${FIRST_PAGE_SIZE} keys, from Node (median; each round: median of 5 back to back, settled)`,
          value: median(results.map((r) => r.sameSizeMs)),
        },
        ratio,
        target: '<= 1.5',
        pass: meets(ratio, '<= 1.5'),
      },
      {
        name: 'the same, against a Node call of a full page of 1000 keys (for information)',
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: 'one ListObjectsV2 of 1000 keys from Node (median; as above)',
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio: median(results.map((r) => r.appRatio)),
      },
      {
        name: `the limit: a bare page fetching the same ${FIRST_PAGE_SIZE}-key page (presigned in Node) and drawing its rows in a plain table (median, for information)`,
        value: median(results.map((r) => r.bareMs)),
        unit: 'ms',
        baseline: {
          name: `one ListObjectsV2 of ${FIRST_PAGE_SIZE} keys from Node (as above)`,
          value: median(results.map((r) => r.sameSizeMs)),
        },
        ratio: median(results.map((r) => r.bareRatio)),
      },
      {
        name: 'of which after the listing answer had arrived: reading it, the rows, the render (median, for information)',
        value: median(results.map((r) => r.appAfterResponseMs)),
        unit: 'ms',
      },
    ];
    return {
      parameters: { keys: count, rounds, warmUpRounds: 1, firstPageKeys: FIRST_PAGE_SIZE },
      metrics,
      rounds: results,
      notes: [
        'Timed inside the page from the click on the folder row until the first object rows are in the table, in a fresh browser context each round (no cached listing, no CORS preflight cached). Ratio: median of per-round ratios.',
        `The app asks for a short first page (${FIRST_PAGE_SIZE} keys, more than a tall screen shows) and for the next 1000 once it is drawn; the target's baseline is a Node call of the same short page (issue 24), the second row's a full page of 1000 keys, the way a listing is usually asked for.`,
      ],
    };
  },
};

export const listAllKeys: Scenario = {
  name: 'list-all',
  title: 'List all 100,000 keys of a folder: final count',
  async run(context) {
    const { bucket, count } = await listingDataset(context);
    const rounds = context.rounds ?? (context.small ? 2 : 3);
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        let baselineMs = 0;
        let timing: FolderTiming = { firstRowsMs: 0 };
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline') baselineMs = await nodeListAll(context, bucket, count);
          else timing = await appOpen(context, bucket, true, count);
        }
        const appMs = timing.finalCountMs!;
        return {
          baselineMs,
          appMs,
          appFirstRowsMs: timing.firstRowsMs,
          appRatio: appMs / baselineMs,
          heapAfterMiB: timing.heapAfterMiB!,
        };
      },
      describeRow,
    );
    const ratio = median(results.map((r) => r.appRatio));
    const metrics: Metric[] = [
      {
        name: `time until the count is final, ${count} keys (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: 'ListObjectsV2 pages of 1000 from Node, one after another (median)',
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.2',
        pass: meets(ratio, '<= 1.2'),
      },
      {
        name: `JS heap of the page after the complete listing of ${count} keys, after GC (median)`,
        value: median(results.map((r) => r.heapAfterMiB)),
        unit: 'MiB',
        target: '<= 25',
        pass: meets(median(results.map((r) => r.heapAfterMiB)), '<= 25'),
      },
    ];
    return {
      parameters: { keys: count, rounds, warmUpRounds: 1 },
      metrics,
      rounds: results,
      notes: [
        'Timed inside the page from the click on the folder row; "Load all" is clicked the moment it shows, and the clock stops when the toolbar reads the exact count. Ratio: median of per-round ratios.',
      ],
    };
  },
};

export interface ScrollRound {
  durationMs: number;
  frames: number;
  /** The most rows (or grid cells) in the DOM at once. */
  maxItems: number;
  longestFrameMs: number;
  reachedEnd: boolean;
}

/** What to count while scrolling: the drawn items, and the last one, there once the scroll reached the end. */
export interface ScrollTarget {
  items: string;
  last: string;
}

export const tableTarget = (count: number): ScrollTarget => ({
  items: 'tbody tr',
  last: `tr[aria-rowindex="${count + 1}"]`,
});

/**
 * Scrolls the listing (table or grid) from top to bottom at an even pace, one step per animation frame, counting
 * the items in the DOM and the frames the page got to draw.
 */
export async function scrollThrough(
  page: Page,
  durationMs: number,
  target: ScrollTarget,
): Promise<ScrollRound> {
  return page.evaluate(
    ({ durationMs, target }) =>
      new Promise<ScrollRound>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('.table-scroll')!;
        scroller.scrollTop = 0;
        let frames = 0;
        let maxItems = 0;
        let longestFrameMs = 0;
        let started = 0;
        let last = 0;
        const items = () => scroller.querySelectorAll(target.items).length;
        const step = (now: number) => {
          if (!started) started = last = now;
          frames++;
          longestFrameMs = Math.max(longestFrameMs, now - last);
          last = now;
          maxItems = Math.max(maxItems, items());
          const progress = Math.min(1, (now - started) / durationMs);
          scroller.scrollTop = progress * (scroller.scrollHeight - scroller.clientHeight);
          if (progress < 1) return void requestAnimationFrame(step);
          // Two more frames for the virtualizer to render the end, then: is the last item there?
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              maxItems = Math.max(maxItems, items());
              const reachedEnd = !!scroller.querySelector(target.last);
              resolve({
                durationMs: performance.now() - started,
                frames,
                maxItems,
                longestFrameMs,
                reachedEnd,
              });
            }),
          );
        };
        requestAnimationFrame(step);
      }),
    { durationMs, target },
  );
}

export const scrollAllRows: Scenario = {
  name: 'scroll-rows',
  title: 'Scroll from top to bottom of 100,000 rows',
  async run(context) {
    const { bucket, count } = await listingDataset(context);
    const rounds = context.rounds ?? (context.small ? 1 : 3);
    const durationMs = context.small ? 3_000 : 10_000;
    const page = await openBucketTop(context, bucket, LISTING_FOLDER);
    const loaded = await openFolder(page, LISTING_FOLDER, true, count);
    context.log(`all ${count} rows loaded in ${loaded.finalCountMs!.toFixed(0)} ms`);
    const results = await warmedRounds(
      context,
      rounds,
      async () => {
        const scroll = await profiled(page, 'scroll', () =>
          scrollThrough(page, durationMs, tableTarget(count)),
        );
        if (!scroll.reachedEnd)
          throw new Error('the last row was not on screen after scrolling to the bottom');
        // The same scroll on a second page whose "Load all" runs meanwhile (its end keeps moving).
        const busy = await openBucketTop(context, bucket, LISTING_FOLDER);
        let loading: ScrollRound;
        try {
          await busy.getByRole('link', { name: LISTING_FOLDER, exact: true }).click();
          await busy.getByRole('button', { name: 'Load all' }).click();
          loading = await profiled(busy, 'scroll-during-load-all', () =>
            scrollThrough(busy, durationMs, tableTarget(count)),
          );
        } finally {
          await busy.context().close();
        }
        const expectedFrames = (scroll.durationMs / 1000) * 60;
        return {
          maxRowsInDom: scroll.maxItems,
          frames: scroll.frames,
          expectedFramesAt60Hz: expectedFrames,
          frameShare: scroll.frames / expectedFrames,
          droppedFrames: Math.max(0, expectedFrames - scroll.frames),
          longestFrameMs: scroll.longestFrameMs,
          loadingFrameShare: loading.frames / ((loading.durationMs / 1000) * 60),
          loadingLongestFrameMs: loading.longestFrameMs,
          loadAverage: os.loadavg()[0],
        };
      },
      (row) =>
        `${row.maxRowsInDom} rows at most, ${row.frames} frames of ${row.expectedFramesAt60Hz.toFixed(0)} expected, longest ${row.longestFrameMs.toFixed(0)} ms; during Load all ${(100 * row.loadingFrameShare).toFixed(0)} %, longest ${row.loadingLongestFrameMs.toFixed(0)} ms; load ${row.loadAverage.toFixed(1)}`,
    );
    const frameShare = median(results.map((r) => r.frameShare));
    const longest = Math.max(...results.map((r) => r.longestFrameMs));
    const loadingShare = median(results.map((r) => r.loadingFrameShare));
    const loadingLongest = Math.max(...results.map((r) => r.loadingLongestFrameMs));
    const maxRows = Math.max(...results.map((r) => r.maxRowsInDom));
    const metrics: Metric[] = [
      {
        name: `most table rows in the DOM while scrolling ${count} rows`,
        value: maxRows,
        unit: 'rows',
        target: '<= 200',
        pass: meets(maxRows, '<= 200'),
      },
      {
        name: `frames drawn during a ${durationMs / 1000} s scroll (median; 60 Hz would be ${Math.round((durationMs / 1000) * 60)})`,
        value: median(results.map((r) => r.frames)),
        unit: 'frames',
      },
      {
        name: 'frames dropped against 60 Hz (median, for information)',
        value: median(results.map((r) => r.droppedFrames)),
        unit: 'frames',
      },
      {
        name: 'share of 60 Hz frames drawn while scrolling (median)',
        value: 100 * frameShare,
        unit: '%',
        target: '>= 95',
        pass: meets(100 * frameShare, '>= 95'),
      },
      {
        name: 'longest frame while scrolling (worst round)',
        value: longest,
        unit: 'ms',
        target: '<= 50',
        pass: meets(longest, '<= 50'),
      },
      {
        name: 'share of 60 Hz frames drawn while scrolling during a Load all (median)',
        value: 100 * loadingShare,
        unit: '%',
        target: '>= 95',
        pass: meets(100 * loadingShare, '>= 95'),
      },
      {
        name: 'longest frame while scrolling during a Load all (worst round)',
        value: loadingLongest,
        unit: 'ms',
        target: '<= 50',
        pass: meets(loadingLongest, '<= 50'),
      },
    ];
    return {
      parameters: { keys: count, rounds, warmUpRounds: 1, scrollSeconds: durationMs / 1000 },
      metrics,
      rounds: results,
      notes: [
        'After "Load all", the table is scrolled from top to bottom at an even pace, one step per animation frame (requestAnimationFrame), counting rows in the DOM (spacer rows included) and frames drawn. Each round then scrolls a second page the same way while its own "Load all" runs. Headless Chromium on a shared 2-core machine: frames depend on the machine\'s load (the 1-minute load average is in each round).',
      ],
    };
  },
};
