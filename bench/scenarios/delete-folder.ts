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
import { countKeys, keysUnder, seedKeys } from './key-dataset';

/**
 * Deleting a folder through the app (tick its row, "Delete selected", confirm) against the same work from Node:
 * list the folder a page of 1000 keys at a time and send each page as one DeleteObjects, one request after the
 * other, as a plain script does. Each round seeds two equal folders, one per side, so both delete the same
 * number of fresh keys; the warm-up round uses small ones.
 */
export const deleteFolder: Scenario = {
  name: 'delete-folder',
  title: 'Delete a folder of 10,000 keys',
  async run(context) {
    const size = context.small ? 1_000 : 10_000;
    const rounds = context.rounds ?? (context.small ? 1 : 3);
    const bucket = await context.tempBucket();
    const page = await context.connectedPage();
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        const keys = round === 0 ? Math.min(size, 500) : size;
        const appFolder = `app-${round}/`;
        const nodeFolder = `node-${round}/`;
        await seedKeys(context, bucket, [...keysUnder(appFolder, keys), ...keysUnder(nodeFolder, keys)]);
        let baselineMs = 0;
        let appMs = 0;
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline') baselineMs = await nodeDeleteFolder(context, bucket, nodeFolder);
          else appMs = await appDeleteFolder(context, page, bucket, appFolder, keys);
        }
        const left =
          (await countKeys(context.s3, bucket, appFolder)) +
          (await countKeys(context.s3, bucket, nodeFolder));
        if (left) throw new Error(`${left} keys were left on the server after round ${round}`);
        return { keys, baselineMs, appMs, appRatio: appMs / baselineMs };
      },
      (row) =>
        `${row.keys} keys, Node ${row.baselineMs.toFixed(0)} ms, app ${row.appMs.toFixed(0)} ms (${row.appRatio.toFixed(2)})`,
    );
    const ratio = median(results.map((r) => r.appRatio));
    const metrics: Metric[] = [
      {
        name: `delete a folder of ${size} keys (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: 'Node: list a page, DeleteObjects of that page (1000 keys), in turn (median)',
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.2',
        pass: meets(ratio, '<= 1.2'),
      },
    ];
    return {
      parameters: { keys: size, rounds, warmUpRounds: 1 },
      metrics,
      rounds: results,
      notes: [
        'The app is timed inside the page from the click on "Delete" in the confirmation dialog until the dialog reports the result. After every round the server is asked from Node: no key of either folder is left.',
      ],
    };
  },
};

async function nodeDeleteFolder(context: BenchContext, bucket: string, folder: string): Promise<number> {
  const started = performance.now();
  let token: string | undefined;
  do {
    const page = await context.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, ContinuationToken: token }),
    );
    const objects = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (objects.length) {
      await context.s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      );
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return performance.now() - started;
}

/** Ticks the folder's row, opens the delete dialog, and times the confirmation until the dialog reports. */
async function appDeleteFolder(
  context: BenchContext,
  page: Page,
  bucket: string,
  folder: string,
  keys: number,
): Promise<number> {
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('checkbox', { name: `Select ${folder}` }).click();
  await page
    .getByRole('region', { name: 'Selection' })
    .getByRole('button', { name: 'Delete selected' })
    .click();
  const dialog = page.getByRole('dialog', { name: `Delete “${folder}”?` });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).waitFor();
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ms: number; title: string; text: string }>((resolve) => {
        const dialog = document.querySelector('dialog[open]')!;
        const confirm = Array.from(dialog.querySelectorAll('button')).find(
          (b) => b.textContent === 'Delete',
        )!;
        // The outcome may be a new <dialog> element, so the whole page is watched, not the confirmation dialog.
        const observer = new MutationObserver(() => {
          const shown = document.querySelector('dialog[open]');
          const title = shown?.querySelector('h2')?.textContent ?? '';
          if (title === 'Deleted' || title.startsWith('Some objects')) {
            observer.disconnect();
            resolve({ ms: performance.now() - started, title, text: shown?.textContent ?? '' });
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const started = performance.now();
        confirm.click();
      }),
  );
  if (outcome.title !== 'Deleted' || !outcome.text.includes(`Deleted ${keys} objects`)) {
    throw new Error(`the app's delete reported: ${outcome.text}`);
  }
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
  return outcome.ms;
}
