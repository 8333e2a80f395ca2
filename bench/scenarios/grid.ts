import os from 'node:os';
import type { Page } from '@playwright/test';
import { median, meets, warmedRounds, type BenchContext, type Metric, type Scenario } from '../types';
import { keysUnder, openBucketTop, seedKeys } from './key-dataset';
import { heapUsed, MiB } from './large-object';
import { describeRow, openFolder, scrollThrough, tableTarget } from './listing';

/**
 * The grid view on a folder of images: one folder of tiny PNGs (the same 1x1 image under many keys), opened in a
 * new browser context, all of it loaded ("Load all") in the table, then switched to the grid and scrolled from top
 * to bottom as the table's scroll row does.
 */

const GRID_FOLDER = 'images/';
/** A 1x1 PNG: the image the browser decodes is as cheap as it gets, so the numbers are the grid's own. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const gridSize = (context: BenchContext) => (context.small ? 2_000 : 10_000);

async function gridDataset(context: BenchContext): Promise<{ bucket: string; count: number }> {
  const count = gridSize(context);
  const bucket = await context.sharedBucket(`grid-${count}`, (name) =>
    seedKeys(
      context,
      name,
      keysUnder(GRID_FOLDER, count).map((key) => `${key}.png`),
      PIXEL_PNG,
    ),
  );
  return { bucket, count };
}

/** Waits until every thumbnail drawn has loaded (or failed), so the count of requests at rest is final. */
async function thumbnailsSettled(page: Page) {
  await page.waitForFunction(() => {
    const images = Array.from(document.querySelectorAll<HTMLImageElement>('.grid-cell img'));
    return images.length > 0 && images.every((image) => image.complete);
  });
}

export const scrollGrid: Scenario = {
  name: 'grid-scroll',
  title: 'Scroll the grid view of a folder of 10,000 images from top to bottom',
  async run(context) {
    const { bucket, count } = await gridDataset(context);
    const rounds = context.rounds ?? (context.small ? 1 : 3);
    const durationMs = context.small ? 3_000 : 10_000;
    const page = await openBucketTop(context, bucket, GRID_FOLDER);
    // Thumbnails are presigned GETs of the images' keys: every other request (listing, CORS, ACLs) goes elsewhere.
    let thumbnailRequests = 0;
    page.on('request', (request) => {
      const url = new URL(request.url());
      const presigned = url.searchParams.has('X-Amz-Signature') && !url.searchParams.has('acl');
      if (request.method() === 'GET' && presigned && url.pathname.includes(`/${GRID_FOLDER}obj-`))
        thumbnailRequests++;
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await heapUsed(cdp)) / MiB;
    };
    try {
      const loaded = await openFolder(page, GRID_FOLDER, true, count);
      context.log(`all ${count} keys loaded in ${loaded.finalCountMs!.toFixed(0)} ms (table)`);
      const heapInTableMiB = await heap();
      await page.getByRole('button', { name: 'Grid view' }).click();
      await thumbnailsSettled(page);
      const atRest = {
        cells: await page.locator('.grid-cell').count(),
        requests: thumbnailRequests,
        heapMiB: await heap(),
      };
      context.log(
        `grid at the top: ${atRest.cells} cells drawn, ${atRest.requests} thumbnail requests, heap ${atRest.heapMiB.toFixed(1)} MiB (table ${heapInTableMiB.toFixed(1)} MiB)`,
      );
      const results = await warmedRounds(
        context,
        rounds,
        async () => {
          const before = thumbnailRequests;
          const scroll = await scrollThrough(page, durationMs, {
            items: '.grid-cell',
            last: `.grid-cell[data-index="${count - 1}"]`,
          });
          if (!scroll.reachedEnd)
            throw new Error('the last cell was not on screen after scrolling to the bottom');
          const requests = thumbnailRequests - before;
          // The same scroll of the same keys in the table, on the same page: the baseline of this run.
          await page.getByRole('button', { name: 'Grid view' }).click();
          await page.locator('tbody tr[aria-rowindex]').first().waitFor();
          const table = await scrollThrough(page, durationMs, tableTarget(count));
          await page.getByRole('button', { name: 'Grid view' }).click();
          await thumbnailsSettled(page);
          const expectedFrames = (scroll.durationMs / 1000) * 60;
          return {
            maxCellsInDom: scroll.maxItems,
            frames: scroll.frames,
            expectedFramesAt60Hz: expectedFrames,
            framePercent: (100 * scroll.frames) / expectedFrames,
            tableFramePercent: (100 * table.frames) / ((table.durationMs / 1000) * 60),
            longestFrameMs: scroll.longestFrameMs,
            thumbnailRequests: requests,
            heapAfterMiB: await heap(),
            loadAverage: os.loadavg()[0],
          };
        },
        describeRow,
      );
      const framePercent = median(results.map((r) => r.framePercent));
      const maxCells = Math.max(...results.map((r) => r.maxCellsInDom));
      const heapAfter = Math.max(...results.map((r) => r.heapAfterMiB));
      const metrics: Metric[] = [
        {
          name: 'share of 60 Hz frames drawn while scrolling the grid (median)',
          value: framePercent,
          unit: '%',
          target: '>= 90',
          pass: meets(framePercent, '>= 90'),
          baseline: {
            name: 'the same scroll of the same keys in the table, same page and rounds (median)',
            value: median(results.map((r) => r.tableFramePercent)),
          },
        },
        {
          name: 'longest frame while scrolling the grid (worst round)',
          value: Math.max(...results.map((r) => r.longestFrameMs)),
          unit: 'ms',
        },
        {
          name: `thumbnail requests with the grid at rest at its top (${atRest.cells} cells drawn)`,
          value: atRest.requests,
          unit: 'requests',
          target: `<= ${atRest.cells}`,
          pass: meets(atRest.requests, `<= ${atRest.cells}`),
        },
        {
          name: `thumbnail requests during one scroll past all ${count} cells (median, for information)`,
          value: median(results.map((r) => r.thumbnailRequests)),
          unit: 'requests',
        },
        {
          name: 'most grid cells in the DOM while scrolling',
          value: maxCells,
          unit: 'cells',
        },
        {
          name: 'JS heap after the scrolls, after a garbage collection (worst round)',
          value: heapAfter,
          unit: 'MiB',
          baseline: { name: `the same page showing the ${count} keys as a table`, value: heapInTableMiB },
          ratio: heapAfter / heapInTableMiB,
        },
      ];
      return {
        parameters: { keys: count, rounds, warmUpRounds: 1, scrollSeconds: durationMs / 1000 },
        metrics,
        rounds: results,
        notes: [
          "One folder of 1x1 PNGs (the same bytes under every key). The page loads every key in the table (\"Load all\"), switches to the grid, waits for the thumbnails on screen, then scrolls the grid top to bottom at an even pace, one step per animation frame (as the table's scroll row). Each round then scrolls the same keys in the table on the same page, the same way: the frames' baseline. Thumbnail requests are the page's GETs of the images' keys. Headless Chromium on a shared 2-core machine: frames depend on the load (the 1-minute load average is in each round).",
        ],
      };
    } finally {
      await page.context().close();
    }
  },
};
