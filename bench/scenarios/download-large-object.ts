import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { CDPSession, Download, Page } from '@playwright/test';
import { meets, type BenchContext, type Metric, type Scenario } from '../types';
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
}

/**
 * A large object downloaded through the app, while the page's JS heap (CDP `Performance.getMetrics`,
 * JSHeapUsedSize) is sampled: peak minus the heap just before the click, after a garbage collection.
 *
 * The app has two paths. An object's own Download button hands a presigned link to the browser, which saves it
 * itself: the bytes never enter the page, and this measures that honestly (the download event, the bytes saved).
 * A folder's "Download as zip" streams every object through the page's JavaScript (fetch, the zip writer, a
 * transferred stream to the app's service worker), so that is the path whose memory the target is about.
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
      const page = await context.connectedPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');

      await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}&prefix=${FOLDER}`);
      await page.getByRole('button', { name: `Download ${NAME}`, exact: true }).waitFor();
      const link = await measure(page, cdp, () =>
        page.getByRole('button', { name: `Download ${NAME}`, exact: true }).click(),
      );
      if (link.bytesSaved !== size)
        throw new Error(`the saved file has ${link.bytesSaved} bytes, not ${size}`);
      context.log(
        `link: ${(sizeMiB / (link.ms / 1000)).toFixed(0)} MiB/s, heap +${((link.heapPeak - link.heapStart) / MiB).toFixed(1)} MiB`,
      );

      await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
      await page.getByRole('button', { name: `Download ${FOLDER} as zip` }).waitFor();
      let zipChecked = '';
      const zip = await measure(
        page,
        cdp,
        () => page.getByRole('button', { name: `Download ${FOLDER} as zip` }).click(),
        (file) => (zipChecked = checkZip(file, NAME, size)),
      );
      await page.getByText(/Zip ready: 1 files/).waitFor();
      context.log(
        `zip: ${(sizeMiB / (zip.ms / 1000)).toFixed(0)} MiB/s, heap +${((zip.heapPeak - zip.heapStart) / MiB).toFixed(1)} MiB`,
      );
      notes.push(zipChecked);

      const nodeMs = await nodeRead(context, bucket, key, size);
      const growth = (m: Measured) => (m.heapPeak - m.heapStart) / MiB;
      const rows = [
        {
          round: 1,
          linkMiBs: sizeMiB / (link.ms / 1000),
          zipMiBs: sizeMiB / (zip.ms / 1000),
          nodeGetMiBs: sizeMiB / (nodeMs / 1000),
          linkHeapStartMiB: link.heapStart / MiB,
          linkHeapPeakMiB: link.heapPeak / MiB,
          zipHeapStartMiB: zip.heapStart / MiB,
          zipHeapPeakMiB: zip.heapPeak / MiB,
          linkSamples: link.samples,
          zipSamples: zip.samples,
        },
      ];
      notes.push(
        'The link path: the browser fetches the presigned URL and writes the file itself; no byte passes through the page. The zip path: the page fetches the object, the zip writer (CRC-32) runs in the page, and the stream is transferred to the service worker that answers the download.',
        `The heap is sampled every ${SAMPLE_MS} ms from just before the click (after a garbage collection) until the browser has saved the last byte. The service worker's own heap is not part of the page's and is not counted.`,
        'Throughput is from the click until the file is complete on disk (Playwright download event), for information.',
      );
      const metrics: Metric[] = [
        {
          name: `zip download (streamed through the page), JS heap growth, ${sizeMiB} MiB`,
          value: growth(zip),
          unit: 'MiB',
          target: '<= 32',
          pass: meets(growth(zip), '<= 32'),
        },
        {
          name: `download button (presigned link, saved by the browser), JS heap growth, ${sizeMiB} MiB`,
          value: growth(link),
          unit: 'MiB',
          target: '<= 32',
          pass: meets(growth(link), '<= 32'),
        },
        {
          name: 'zip download throughput (for information)',
          value: rows[0].zipMiBs,
          unit: 'MiB/s',
          baseline: { name: 'GetObject streamed in Node', value: rows[0].nodeGetMiBs },
          ratio: rows[0].zipMiBs / rows[0].nodeGetMiBs,
        },
        {
          name: 'download button throughput (for information)',
          value: rows[0].linkMiBs,
          unit: 'MiB/s',
          baseline: { name: 'GetObject streamed in Node', value: rows[0].nodeGetMiBs },
          ratio: rows[0].linkMiBs / rows[0].nodeGetMiBs,
        },
      ];
      return { parameters: { sizeMiB, sampleMs: SAMPLE_MS }, metrics, rounds: rows, notes };
    } finally {
      await context.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
  },
};

/** Clicks, waits for the download to finish on disk, and samples the page's heap all along. */
async function measure(
  page: Page,
  cdp: CDPSession,
  click: () => Promise<void>,
  inspect?: (file: string) => void,
): Promise<Measured> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heapStart = await heapUsed(cdp);
  let heapPeak = heapStart;
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heapUsed(cdp));
      samples++;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const started = performance.now();
  const downloadEvent = page.waitForEvent('download', { timeout: 60_000 });
  await click();
  const download: Download = await downloadEvent;
  const file = await download.path();
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  heapPeak = Math.max(heapPeak, await heapUsed(cdp));
  const bytesSaved = fs.statSync(file).size;
  inspect?.(file);
  await download.delete();
  return { ms, bytesSaved, heapStart, heapPeak, samples };
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
