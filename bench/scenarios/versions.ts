import {
  CopyObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type ObjectVersion,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { profiled } from '../profile';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';
import { toLocalInput } from '../../src/components/versions/version-rows';
import { keysUnder, seedKeys } from './key-dataset';
import { describeRow } from './listing';

/**
 * The versions scenarios: a folder of 50,000 keys with 2 versions each (100,000 versions) to list, and a folder of
 * 10,000 keys to restore as of a date. Each is seeded once (kept with --keep-data: seeding 100,000 versions takes
 * minutes) in a bucket of its own with versioning on.
 */

const VERSIONS_FOLDER = 'vers/';
const RESTORE_FOLDER = 'restore/';
/** RGW's page size and the app's: both sides ask for 1000 entries a page. */
const MAX_KEYS = 1000;

const versionedKeys = (context: BenchContext) => (context.small ? 2_500 : 50_000);
const restoreKeys = (context: BenchContext) => (context.small ? 500 : 10_000);

async function enableVersioning(context: BenchContext, bucket: string) {
  await context.s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
}

/** Every ListObjectVersions page of `prefix` from Node, one after another; the entries, in the server's order. */
async function nodeListVersions(context: BenchContext, bucket: string, prefix: string, delimiter?: string) {
  const versions: ObjectVersion[] = [];
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  let entries = 0;
  for (;;) {
    const page = await context.s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        MaxKeys: MAX_KEYS,
        ...markers,
      }),
    );
    versions.push(...(page.Versions ?? []));
    entries += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    if (!page.IsTruncated) return { versions, entries };
    markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}

/** Opens the folder in a fresh context, ready to pick a view in its "Show" choice (timed). */
async function openFolder(context: BenchContext, bucket: string, folder: string): Promise<Page> {
  const page = await context.connectedPage();
  await page.goto(
    `${context.baseURL}/?bucket=${encodeURIComponent(bucket)}&prefix=${encodeURIComponent(folder)}`,
  );
  await page.getByRole('combobox', { name: 'Show' }).waitFor();
  // As a person picks a view: once the folder is shown and its own requests (the rows' access, the next page)
  // are done, so the timed view does not share the network with them.
  await page.locator('tbody tr[aria-rowindex]').first().waitFor();
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  return page;
}

/**
 * Inside the page: picks "Every version", clicks "Load all" the moment it shows, and stops the clock when the
 * status reads `expected` versions.
 */
function timeListAll(page: Page, expected: number): Promise<number> {
  return page.evaluate(
    (expected) =>
      new Promise<number>((resolve) => {
        let clicked = false;
        const check = () => {
          if (!clicked) {
            const button = Array.from(
              document.querySelectorAll<HTMLButtonElement>('[aria-label="Versions"] button'),
            ).find((b) => b.textContent === 'Load all');
            if (button) {
              clicked = true;
              button.click();
            }
          }
          const status = document.querySelector('[aria-label="Versions"] [role="status"]')?.textContent ?? '';
          if (status === `${expected} versions and folders`) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const select = document.querySelector<HTMLSelectElement>('.versions-switch select')!;
        const started = performance.now();
        select.value = 'versions';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    expected,
  );
}

export const listVersions: Scenario = {
  name: 'list-versions',
  title: 'List 100,000 versions (50,000 keys x 2) of a folder: final count',
  async run(context) {
    const keys = versionedKeys(context);
    const expected = keys * 2;
    const bucket = await context.sharedBucket(`versions-${expected}`, async (name) => {
      await enableVersioning(context, name);
      const names = keysUnder(VERSIONS_FOLDER, keys);
      await seedKeys(context, name, names);
      await seedKeys(context, name, names);
    });
    const rounds = context.rounds ?? (context.small ? 2 : 3);
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        let baselineMs = 0;
        let appMs = 0;
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline') {
            const started = performance.now();
            const { entries } = await nodeListVersions(context, bucket, VERSIONS_FOLDER, '/');
            baselineMs = performance.now() - started;
            if (entries !== expected)
              throw new Error(`Node listed ${entries} versions, expected ${expected}`);
          } else {
            const page = await openFolder(context, bucket, VERSIONS_FOLDER);
            try {
              appMs = await profiled(page, 'list-versions', () => timeListAll(page, expected), context.log);
            } finally {
              await page.context().close();
            }
          }
        }
        return { baselineMs, appMs, appRatio: appMs / baselineMs };
      },
      describeRow,
    );
    const ratio = median(results.map((r) => r.appRatio));
    const metrics: Metric[] = [
      {
        name: `time until the count of ${expected} versions is final (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: `ListObjectVersions pages of ${MAX_KEYS} from Node, one after another (median)`,
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.2',
        pass: meets(ratio, '<= 1.2'),
      },
    ];
    return {
      parameters: { keys, versions: expected, rounds, warmUpRounds: 1 },
      metrics,
      rounds: results,
      notes: [
        'Timed inside the page from picking "Every version" in the Show choice; "Load all" is clicked the moment it shows, and the clock stops when the status reads the exact count. A fresh browser context each round. Ratio: median of per-round ratios.',
      ],
    };
  },
};

/** Waits until this machine's clock (the server's too: same machine) is past `time` by a second. */
async function waitPast(time: number) {
  const wait = time + 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** A whole second after now: the date picker has seconds. */
const nextSecond = () => Math.ceil(Date.now() / 1000) * 1000 + 1000;

/**
 * The restore dataset: every key written with "a", then (a second later) with "b". `.times` holds the two moments
 * after each write: restoring to the first brings "a" back, to the second "b".
 */
async function restoreDataset(context: BenchContext) {
  const count = restoreKeys(context);
  const names = keysUnder(RESTORE_FOLDER, count);
  const bucket = await context.sharedBucket(`restore-${count}`, async (name) => {
    await enableVersioning(context, name);
    const times: number[] = [];
    for (const body of ['a', 'b']) {
      await seedKeys(context, name, names, new TextEncoder().encode(body));
      const time = nextSecond();
      await waitPast(time);
      times.push(time);
    }
    await context.s3.send(new PutObjectCommand({ Bucket: name, Key: '.times', Body: JSON.stringify(times) }));
  });
  const read = async (key: string) =>
    (await context.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  const [timeA, timeB] = JSON.parse(await read('.times')) as number[];
  return { bucket, count, timeA, timeB, latestBody: () => read(names[0]) };
}

/** Copies at once, on both sides: the app's restore job runs four (a browser opens six per host). */
const RESTORE_CONCURRENCY = 4;

/** Node does what the app does: every ListObjectVersions page, then a CopyObject of each key's version then. */
async function nodeRestore(context: BenchContext, bucket: string, time: number, expected: number) {
  const started = performance.now();
  const { versions } = await nodeListVersions(context, bucket, RESTORE_FOLDER);
  const toCopy = new Map<string, ObjectVersion>();
  // Each key's newest version at or before `time` (the listing gives each key newest first).
  for (const v of versions) {
    if (v.LastModified!.getTime() <= time && !toCopy.has(v.Key!)) toCopy.set(v.Key!, v);
  }
  const latest = new Map<string, string>();
  for (const v of versions) if (v.IsLatest) latest.set(v.Key!, v.ETag!);
  const work = [...toCopy.values()].filter((v) => latest.get(v.Key!) !== v.ETag);
  if (work.length !== expected)
    throw new Error(`Node would restore ${work.length} keys, expected ${expected}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: RESTORE_CONCURRENCY }, async () => {
      while (next < work.length) {
        const v = work[next++];
        const source = `${bucket}/${v.Key!.split('/').map(encodeURIComponent).join('/')}?versionId=${encodeURIComponent(v.VersionId!)}`;
        await context.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: v.Key!, CopySource: source }));
      }
    }),
  );
  return performance.now() - started;
}

/**
 * Inside the page, in the "As of a date" view with the time filled in: clicks "Restore folder to this time…",
 * then the dialog's "Restore N files" the moment the preview shows it, and stops the clock when the job's row in
 * the jobs panel reads done.
 */
function timeRestore(page: Page, expected: number): Promise<number> {
  return page.evaluate(
    (expected) =>
      new Promise<number>((resolve, reject) => {
        let confirmed = false;
        const check = () => {
          const dialog = document.querySelector('dialog[open]');
          if (!dialog || confirmed) return;
          const buttons = Array.from(dialog.querySelectorAll('button'));
          if (!confirmed) {
            const go = buttons.find((b) => b.textContent === `Restore ${expected} files`);
            const nothing = buttons.find((b) =>
              /^Nothing to restore|^Restore \d+ files?$/.test(b.textContent ?? ''),
            );
            if (go) {
              confirmed = true;
              go.click();
            } else if (nothing) {
              observer.disconnect();
              reject(new Error(`the preview offers "${nothing.textContent}", expected ${expected} files`));
            }
          }
        };
        // The dialog closes once the job starts; the job's row in the jobs panel says when it is done.
        const done = () =>
          Array.from(document.querySelectorAll('[aria-label="Jobs"] li.job.status-done .job-title')).some(
            (t) => t.textContent?.startsWith('Restored '),
          );
        const checkAll = () => {
          check();
          if (confirmed && done()) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        };
        const observer = new MutationObserver(checkAll);
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['class'],
        });
        const open = Array.from(document.querySelectorAll('button')).find(
          (b) => b.textContent === 'Restore folder to this time…',
        )!;
        const started = performance.now();
        open.click();
      }),
    expected,
  );
}

async function appRestore(context: BenchContext, bucket: string, time: number, expected: number) {
  const page = await openFolder(context, bucket, RESTORE_FOLDER);
  try {
    await page.getByRole('combobox', { name: 'Show' }).selectOption('As of a date…');
    await page.getByLabel('Date and time').fill(toLocalInput(new Date(time)));
    // A person looks at the folder as of that time before restoring it: that view's own listing is not the
    // restore's (the restore lists every version again, timed).
    await page
      .getByRole('region', { name: 'Folder as of a date' })
      .getByRole('status')
      .filter({ hasText: / items as of / })
      .waitFor();
    return await profiled(page, 'restore-folder', () => timeRestore(page, expected), context.log);
  } finally {
    await page.context().close();
  }
}

export const restoreFolderAsOf: Scenario = {
  name: 'restore-folder',
  title: 'Restore a folder of 10,000 keys as of a date',
  async run(context) {
    const { bucket, count, timeA, timeB, latestBody } = await restoreDataset(context);
    const rounds = context.rounds ?? (context.small ? 2 : 3);
    // Each restore flips the folder between "a" and "b": the next one (either side) restores every key again.
    let latest = await latestBody();
    const flip = async (restore: (time: number) => Promise<number>) => {
      const ms = await restore(latest === 'b' ? timeA : timeB);
      latest = latest === 'b' ? 'a' : 'b';
      if ((await latestBody()) !== latest)
        throw new Error(`the restore left "${await latestBody()}", not "${latest}"`);
      return ms;
    };
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        let baselineMs = 0;
        let appMs = 0;
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline')
            baselineMs = await flip((time) => nodeRestore(context, bucket, time, count));
          else appMs = await flip((time) => appRestore(context, bucket, time, count));
        }
        return { baselineMs, appMs, appRatio: appMs / baselineMs };
      },
      describeRow,
    );
    const ratio = median(results.map((r) => r.appRatio));
    const metrics: Metric[] = [
      {
        name: `restore of ${count} keys as of a date, listing included (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: `ListObjectVersions pages + a CopyObject of each key's version then from Node, ${RESTORE_CONCURRENCY} copies at once (median)`,
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.3',
        pass: meets(ratio, '<= 1.3'),
      },
    ];
    return {
      parameters: { keys: count, rounds, warmUpRounds: 1, concurrency: RESTORE_CONCURRENCY },
      metrics,
      rounds: results,
      notes: [
        'Timed inside the page from the click on "Restore folder to this time…" (which lists every version of the folder and below), once the folder as of that time is shown (as a person sees it before restoring), through the preview (its confirm clicked the moment it shows) until the job row in the jobs panel reads Done. Each restore, app or Node, flips every key between two versions, so each round copies all keys; the history grows by one version per key each time.',
      ],
    };
  },
};
