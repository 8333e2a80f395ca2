import os from 'node:os';
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
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
import { makeFile, presignedPut, serverSha256, settle, WriteBudget } from './upload-large-file';

const MiB = 1024 * 1024;

/**
 * One large File sent from the drop page of a file request (a form POST under the link's policy, with progress)
 * against one presigned PUT of the same File with fetch from the same page. The link is made in the app, by the
 * owner's dialog; the drop page is opened in a fresh browser context without keys, as a stranger opens it.
 */
export const dropPageUpload: Scenario = {
  name: 'drop-page-upload',
  title: 'Upload one large file from the drop page vs one presigned PUT',
  async run(context) {
    const sizeMiB = context.small ? 80 : 256;
    const size = sizeMiB * MiB;
    const rounds = context.rounds ?? (context.small ? 2 : 7);
    const bucket = await context.tempBucket();
    const link = await makeLink(context, bucket);
    const stranger = await context.browser.newContext();
    // tsx compiles with keepNames (`__name(...)`): functions sent to page.evaluate need it (as in run.ts).
    await stranger.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const page = await stranger.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Choose files' }).waitFor();
    context.log(`making a ${sizeMiB} MiB File in the drop page`);
    const made = await makeFile(page, size);
    const writes = new WriteBudget(context);
    const loads: number[] = [];
    const notes: string[] = [];

    const measureRound = async (round: number) => {
      const measured: Record<string, number> = {};
      loads.push(os.loadavg()[0]);
      for (const which of rotated(['baseline', 'drop'], round)) {
        await writes.reserve(size);
        measured[which] =
          which === 'baseline'
            ? await presignedPut(context, page, bucket, `baseline-${round}.bin`)
            : await dropUpload(page, `drop-${round}.bin`);
        await settle();
      }
      const keys = await listKeys(context, bucket);
      if (round === 1) {
        const dropKey = keys.find((k) => k.endsWith('/drop-1.bin'));
        if (!dropKey || (await serverSha256(context, bucket, dropKey)) !== made) {
          throw new Error('The object the drop page stored differs from the file in the page.');
        }
        notes.push(
          `The object the drop page stored (${dropKey}) was checked against the file (SHA-256): identical.`,
        );
      }
      await context.s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
      );
      return {
        baselineMiBs: sizeMiB / (measured.baseline / 1000),
        dropMiBs: sizeMiB / (measured.drop / 1000),
        ratio: measured.baseline / measured.drop,
      };
    };
    const results = await warmedRounds(
      context,
      rounds,
      measureRound,
      (row) =>
        `baseline ${row.baselineMiBs.toFixed(0)} MiB/s, drop page ${row.dropMiBs.toFixed(0)} MiB/s (${row.ratio.toFixed(2)})`,
    );
    await stranger.close();

    const baseline = median(results.map((r) => r.baselineMiBs));
    const speed = median(results.map((r) => r.dropMiBs));
    const ratio = median(results.map((r) => r.ratio));
    notes.push(
      `Ratio: median of the per-round ratios; ratio of the medians ${(speed / baseline).toFixed(2)}.`,
      `The drop page is timed inside the page from the drop event until the file's row says it was sent; the link was made in the app's Request files dialog (1 GiB limit, any type), the page opened in a fresh browser context.`,
      `Machine load (1-minute load average on 2 cores) at the start of each round: ${loads.map((l) => l.toFixed(1)).join(', ')}.`,
    );
    const metrics: Metric[] = [
      {
        name: `drop page upload throughput, ${sizeMiB} MiB (median)`,
        value: speed,
        unit: 'MiB/s',
        baseline: { name: 'one presigned PUT with fetch, same page, same File (median)', value: baseline },
        ratio,
        target: '>= 0.9',
        pass: meets(ratio, '>= 0.9'),
      },
    ];
    return { parameters: { sizeMiB, rounds, warmUpRounds: 1 }, metrics, rounds: results, notes };
  },
};

/** The owner's side, in the app: Request files at the bucket's top, Create link. */
async function makeLink(context: BenchContext, bucket: string): Promise<string> {
  const page = await context.connectedPage();
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('button', { name: 'Request files' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request files' });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const field = dialog.getByRole('textbox', { name: 'Link', exact: true });
  await field.waitFor();
  const link = await field.inputValue();
  await page.close();
  return link;
}

/** Drops the page's File (renamed) on the drop page; resolves with the time until its row says it was sent. */
async function dropUpload(page: Page, name: string): Promise<number> {
  return page.evaluate(async (fileName) => {
    const source = (window as unknown as { benchFile: File }).benchFile;
    const file = new File([source], fileName, { type: source.type });
    const zone = document.querySelector('[aria-label="Drop files or folders here"]');
    if (!zone) throw new Error('no drop zone on the drop page');
    return new Promise<number>((resolve, reject) => {
      const check = () => {
        const row = document.querySelector(`li[aria-label="${fileName}"]`);
        if (row?.classList.contains('done')) {
          observer.disconnect();
          resolve(performance.now() - started);
        } else if (row?.classList.contains('failed') || row?.classList.contains('refused')) {
          observer.disconnect();
          reject(new Error(`the drop page's upload failed: ${row.textContent}`));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const started = performance.now();
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
  }, name);
}

async function listKeys(context: BenchContext, bucket: string): Promise<string[]> {
  const listed = await context.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}
