import os from 'node:os';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { CDPSession, Locator, Page, Request } from '@playwright/test';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';
import { countKeys, deleteUnder, keysUnder, seedKeys } from './key-dataset';
import { purgeBucket } from '../../e2e/purge';
import { heapUsed, MiB, seedLargeObject } from './large-object';
import { profileDir, profiled } from '../profile';
import { barePageCopy } from './bare-cross-copy';
import { cpuSnapshot, cpuSpent, cpuSpentBy, describeCpu } from '../process-cpu';

/** The app's stream-copy tuning (src/s3/copy/tuning.ts), for the bare page that shows the limit of its path. */
const BARE_TUNING = { partSize: 16 * MiB, inFlight: 4 };
/** CopyObjects the Node baseline keeps in flight, as the issue sets it. */
const NODE_IN_FLIGHT = 8;
const HEAP_SAMPLE_MS = 100;

/**
 * Moving a folder through the app (tick its row, "Move to…", pick the folder, "Move here") against the same work
 * from Node: list the folder, CopyObject every key with 8 in flight, then DeleteObjects the sources 1000 at a
 * time. A second Node side does what the app must do per key (RGW never copies an ACL, so a public file stays
 * public only if its ACL is read): CopyObject and GetObjectAcl together. That is the endpoint's floor for the
 * app's work, measured in the same run. Each round seeds one equal folder per side; the warm-up round uses small
 * ones.
 */
export const moveFolder: Scenario = {
  name: 'move-folder',
  title: 'Move a folder of 10,000 keys within a bucket',
  async run(context) {
    const size = context.small ? 1_000 : 10_000;
    const rounds = context.rounds ?? (context.small ? 1 : 3);
    const bucket = await context.tempBucket();
    await context.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dest/', Body: new Uint8Array(0) }));
    const page = await context.connectedPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        const keys = round === 0 ? Math.min(size, 500) : size;
        const appFolder = `app-${round}/`;
        const nodeFolder = `node-${round}/`;
        const floorFolder = `node-acl-${round}/`;
        const folders = [appFolder, nodeFolder, floorFolder];
        await seedKeys(
          context,
          bucket,
          folders.flatMap((folder) => keysUnder(folder, keys)),
        );
        let baselineMs = 0;
        let floorMs = 0;
        let app = { ms: 0, cpuMs: 0, threadMs: 0, heapBefore: 0, heapAfter: 0 };
        for (const side of rotated(['baseline', 'floor', 'app'], round)) {
          // Where each side's time went, by process (a busy machine shows as other processes' CPU, not ours).
          const cpuBefore = cpuSnapshot();
          if (side === 'baseline')
            baselineMs = await nodeMoveFolder(context, bucket, nodeFolder, `dest/${nodeFolder}`);
          else if (side === 'floor')
            floorMs = await nodeMoveFolder(context, bucket, floorFolder, `dest/${floorFolder}`, true);
          else app = await appMoveFolder(context, page, cdp, bucket, appFolder, round);
          const load = os.loadavg()[0].toFixed(1);
          context.log(
            `  ${side}: load ${load}; CPU ${describeCpu(cpuSpent(cpuBefore, cpuSnapshot()).slice(0, 8))}`,
          );
        }
        context.log(
          `  app page: main thread busy ${(app.cpuMs / keys).toFixed(2)} ms a key, of it on the CPU ${(app.threadMs / keys).toFixed(2)} ms; JS heap ${(app.heapBefore / MiB).toFixed(1)} -> ${(app.heapAfter / MiB).toFixed(1)} MiB`,
        );
        for (const folder of folders) {
          const left = await countKeys(context.s3, bucket, folder);
          const moved = await countKeys(context.s3, bucket, `dest/${folder}`);
          if (left || moved !== keys)
            throw new Error(`${folder}: ${left} keys left, ${moved} of ${keys} moved`);
        }
        for (const folder of folders) await deleteUnder(context.s3, bucket, `dest/${folder}`);
        const appMs = app.ms;
        return {
          keys,
          baselineMs,
          floorMs,
          appMs,
          appRatio: appMs / baselineMs,
          floorRatio: floorMs / baselineMs,
          appToFloorRatio: appMs / floorMs,
          pageCpuMsPerKey: app.cpuMs / keys,
        };
      },
      (row) =>
        `${row.keys} keys, Node ${row.baselineMs.toFixed(0)} ms, Node with the ACL reads ${row.floorMs.toFixed(0)} ms (${row.floorRatio.toFixed(2)}), app ${row.appMs.toFixed(0)} ms (${row.appRatio.toFixed(2)}; ${row.appToFloorRatio.toFixed(2)} of the floor), page CPU ${row.pageCpuMsPerKey.toFixed(2)} ms a key`,
    );
    const ratio = median(results.map((r) => r.appRatio));
    const metrics: Metric[] = [
      {
        name: `move a folder of ${size} keys (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: `Node: list, CopyObject ${NODE_IN_FLIGHT} in flight, DeleteObjects of 1000 (median)`,
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.2',
        pass: meets(ratio, '<= 1.2'),
      },
      {
        name: `the floor: Node doing the app's work, CopyObject + GetObjectAcl per key (median)`,
        value: median(results.map((r) => r.floorMs)),
        unit: 'ms',
        baseline: {
          name: `Node: list, CopyObject ${NODE_IN_FLIGHT} in flight, DeleteObjects of 1000 (median)`,
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio: median(results.map((r) => r.floorRatio)),
      },
      {
        name: 'the app against that floor (median of the rounds’ ratios)',
        value: median(results.map((r) => r.appToFloorRatio)),
        unit: 'x',
      },
      {
        name: 'the page’s CPU time per key (median)',
        value: median(results.map((r) => r.pageCpuMsPerKey)),
        unit: 'ms',
      },
    ];
    return {
      parameters: { keys: size, rounds, warmUpRounds: 1, nodeInFlight: NODE_IN_FLIGHT },
      metrics,
      rounds: results,
      notes: [
        'The app is timed inside the page from the click on "Move here" until the jobs panel shows the job done; the page’s CPU time over the same span (CDP TaskDuration) is given per key. After every round the server is asked from Node: no key is left at either source, and every key is at its destination.',
        `The floor row is Node doing the work the app must do: per key a CopyObject and a GetObjectAcl together (RGW never copies an ACL, so the app reads it to keep a public file public), ${NODE_IN_FLIGHT} keys in flight, then the same DeleteObjects. The judged ratio stays the app ÷ the issue's baseline.`,
      ],
    };
  },
};

/**
 * Copying one large object to another bucket through the app ("Copy to…", pick the bucket, "Copy here") against
 * one CopyObject from Node, while the page's JS heap is sampled: a server-side copy moves no byte through the page.
 */
export const copyLargeObject: Scenario = {
  name: 'copy-large-object',
  title: 'Copy a 1 GiB object to another bucket',
  async run(context) {
    const sizeMiB = context.small ? 64 : 1024;
    // One RGW copy of ~100 ms varies by more than the target's margin: the median of 7 (each round is ~3 s).
    const rounds = context.rounds ?? (context.small ? 1 : 7);
    const source = await context.tempBucket();
    const target = await context.tempBucket();
    const key = 'big/object.bin';
    context.log(`seeding ${sizeMiB} MiB from Node`);
    await seedLargeObject(context, source, key, sizeMiB * MiB);
    const page = await context.connectedPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        let baselineMs = 0;
        let app = { ms: 0, heapGrowth: 0, browserCpuMs: 0 };
        for (const side of rotated(['baseline', 'app'], round)) {
          if (side === 'baseline') {
            const started = performance.now();
            await context.s3.send(
              new CopyObjectCommand({ Bucket: target, Key: 'node-copy.bin', CopySource: `${source}/${key}` }),
            );
            baselineMs = performance.now() - started;
          } else {
            app = await appCopyObject(context, page, cdp, source, target, key);
          }
        }
        const copied = await context.s3.send(new HeadObjectCommand({ Bucket: target, Key: 'object.bin' }));
        if (copied.ContentLength !== sizeMiB * MiB)
          throw new Error(`the app's copy has ${copied.ContentLength} bytes`);
        for (const name of ['object.bin', 'node-copy.bin'])
          await context.s3.send(new DeleteObjectCommand({ Bucket: target, Key: name }));
        return {
          baselineMs,
          appMs: app.ms,
          appRatio: app.ms / baselineMs,
          heapGrowthMiB: app.heapGrowth / MiB,
          browserCpuMs: app.browserCpuMs,
        };
      },
      (row) =>
        `Node ${row.baselineMs.toFixed(0)} ms, app ${row.appMs.toFixed(0)} ms (${row.appRatio.toFixed(2)}), browser CPU ${row.browserCpuMs.toFixed(1)} ms, heap +${row.heapGrowthMiB.toFixed(2)} MiB`,
    );
    await context.s3.send(new DeleteObjectCommand({ Bucket: source, Key: key }));
    const ratio = median(results.map((r) => r.appRatio));
    const heapGrowth = Math.max(...results.map((r) => r.heapGrowthMiB));
    const metrics: Metric[] = [
      {
        name: `copy a ${sizeMiB} MiB object to another bucket (median)`,
        value: median(results.map((r) => r.appMs)),
        unit: 'ms',
        baseline: {
          name: 'one CopyObject from Node (median)',
          value: median(results.map((r) => r.baselineMs)),
        },
        ratio,
        target: '<= 1.1',
        pass: meets(ratio, '<= 1.1'),
      },
      {
        name: 'JS heap growth of the page during the copy (worst round)',
        value: heapGrowth,
        unit: 'MiB',
        target: '<= 8',
        pass: meets(heapGrowth, '<= 8'),
      },
      {
        // The copy runs on the endpoint's CPU: what the browser spends meanwhile (on 2 cores) slows it down.
        name: "the browser's CPU time from the click to done, all its processes (median, for information)",
        value: median(results.map((r) => r.browserCpuMs)),
        unit: 'ms',
      },
    ];
    return {
      parameters: { sizeMiB, rounds, warmUpRounds: 1, heapSampleMs: HEAP_SAMPLE_MS },
      metrics,
      rounds: results,
      notes: [
        'The app is timed inside the page from the click on "Copy here" until the jobs panel shows the job done; the heap (CDP JSHeapUsedSize) is sampled every 100 ms from just before the click, after a garbage collection. After each round Node checks the copy’s size, then deletes both copies.',
      ],
    };
  },
};

/**
 * Copying one object to another connection (the sandbox's second user) through the app ("Copy to…", pick the
 * saved connection, type its secret key, pick its bucket, "Copy here"): the bytes stream through the page. The
 * baseline streams the same object in Node: a GET as the first user whose body flows into one PUT as the second.
 */
export const crossConnectionCopy: Scenario = {
  name: 'cross-connection-copy',
  title: 'Copy a 256 MiB object to another connection (two users)',
  async run(context) {
    const sizeMiB = context.small ? 32 : 256;
    const rounds = context.rounds ?? (context.small ? 1 : 3);
    const keys = context.sandbox.other;
    if (!keys) throw new Error('the sandbox has no second user (sandbox.json: other)');
    const other = new S3Client({
      endpoint: context.sandbox.endpoint,
      region: context.sandbox.region,
      forcePathStyle: true,
      credentials: { accessKeyId: keys.accessKey, secretAccessKey: keys.secretKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const source = await context.tempBucket();
    const target = await otherUserBucket(context, other);
    const key = 'big/object.bin';
    context.log(`seeding ${sizeMiB} MiB from Node`);
    await seedLargeObject(context, source, key, sizeMiB * MiB);
    const page = await context.connectedPage();
    // The second user as a saved connection (no keys kept): the dialog asks for its secret key.
    await page.evaluate(
      ({ endpoint, region, accessKeyId }) => {
        const profile = { id: 'bench-other', label: 'Other user', endpoint, region, pathStyle: true };
        const saved = [{ ...profile, transport: 'auto', accessKeyId }];
        localStorage.setItem('s3fm.profiles', JSON.stringify(saved));
      },
      { endpoint: context.sandbox.endpoint, region: context.sandbox.region, accessKeyId: keys.accessKey },
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    try {
      const results = await warmedRounds(
        context,
        rounds,
        async (round) => {
          let baselineMs = 0;
          let bareMs = 0;
          let app = { ms: 0, heapGrowth: 0 };
          for (const side of rotated(['baseline', 'bare', 'app'], round)) {
            if (side === 'baseline') baselineMs = await nodeStreamCopy(context, other, source, target, key);
            else if (side === 'bare') {
              const from = { s3: context.s3, bucket: source, key, size: sizeMiB * MiB };
              const to = { s3: other, bucket: target, key: 'bare-copy.bin' };
              bareMs = await barePageCopy(page, from, to, BARE_TUNING);
            } else app = await appCrossCopy(context, page, cdp, source, target, key, keys.secretKey);
          }
          for (const name of ['object.bin', 'node-copy.bin', 'bare-copy.bin']) {
            const copied = await other.send(new HeadObjectCommand({ Bucket: target, Key: name }));
            if (copied.ContentLength !== sizeMiB * MiB)
              throw new Error(`${name} has ${copied.ContentLength} bytes`);
            await other.send(new DeleteObjectCommand({ Bucket: target, Key: name }));
          }
          const mibps = (ms: number) => sizeMiB / (ms / 1000);
          return {
            baselineMs,
            appMs: app.ms,
            baselineMiBps: mibps(baselineMs),
            bareMiBps: mibps(bareMs),
            appMiBps: mibps(app.ms),
            speedRatio: baselineMs / app.ms,
            bareSpeedRatio: baselineMs / bareMs,
            heapGrowthMiB: app.heapGrowth / MiB,
          };
        },
        (row) =>
          `Node ${row.baselineMiBps.toFixed(0)} MiB/s, bare page ${row.bareMiBps.toFixed(0)} MiB/s (${row.bareSpeedRatio.toFixed(2)}x), app ${row.appMiBps.toFixed(0)} MiB/s (${row.speedRatio.toFixed(2)}x of Node's), heap +${row.heapGrowthMiB.toFixed(1)} MiB`,
      );
      const ratio = median(results.map((r) => r.speedRatio));
      const metrics: Metric[] = [
        {
          name: `copy a ${sizeMiB} MiB object to another connection: speed (median)`,
          value: median(results.map((r) => r.appMiBps)),
          unit: 'MiB/s',
          baseline: {
            name: 'Node: GET as one user streamed into one PUT as the other (median)',
            value: median(results.map((r) => r.baselineMiBps)),
          },
          ratio,
          target: '>= 0.8',
          pass: meets(ratio, '>= 0.8'),
        },
        {
          name: 'the limit: a bare page on the same path, speed (median)',
          value: median(results.map((r) => r.bareMiBps)),
          unit: 'MiB/s',
          baseline: {
            name: 'Node: GET as one user streamed into one PUT as the other (median)',
            value: median(results.map((r) => r.baselineMiBps)),
          },
          ratio: median(results.map((r) => r.bareSpeedRatio)),
        },
        {
          name: 'JS heap growth of the page during the copy (worst round)',
          value: Math.max(...results.map((r) => r.heapGrowthMiB)),
          unit: 'MiB',
        },
      ];
      return {
        parameters: { sizeMiB, rounds, warmUpRounds: 1, heapSampleMs: HEAP_SAMPLE_MS },
        metrics,
        rounds: results,
        notes: [
          'The app is timed inside the page from the click on "Copy here" until the jobs panel shows the job done (the other connection was opened with its secret key before); the ratio is Node’s time ÷ the app’s (speed). After each round Node checks the copies’ sizes as the second user, then deletes them.',
          `The limit row: the same page copies on the app's path with nothing else (URLs presigned in Node; ranged GETs read as Blobs, sent as multipart parts by XMLHttpRequest, ${BARE_TUNING.partSize / MiB} MiB parts, ${BARE_TUNING.inFlight} in flight, as the app). A page cannot pipe a GET's body into a PUT: Chromium streams request bodies only over HTTP/2, RGW speaks HTTP/1.1.`,
        ],
      };
    } finally {
      await purgeBucket(other, target);
    }
  },
};

/** A bucket of the second user with a CORS rule for the app's origin (the bench's own buckets are the first's). */
async function otherUserBucket(context: BenchContext, other: S3Client): Promise<string> {
  const bucket = `bench-other-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await other.send(new CreateBucketCommand({ Bucket: bucket }));
  await other.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [context.baseURL],
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
          },
        ],
      },
    }),
  );
  return bucket;
}

async function nodeStreamCopy(
  context: BenchContext,
  other: S3Client,
  source: string,
  target: string,
  key: string,
): Promise<number> {
  const started = performance.now();
  const object = await context.s3.send(new GetObjectCommand({ Bucket: source, Key: key }));
  await other.send(
    new PutObjectCommand({
      Bucket: target,
      Key: 'node-copy.bin',
      Body: object.Body as Readable,
      ContentLength: object.ContentLength,
    }),
  );
  return performance.now() - started;
}

async function appCrossCopy(
  context: BenchContext,
  page: Page,
  cdp: CDPSession,
  source: string,
  target: string,
  key: string,
  secretKey: string,
): Promise<{ ms: number; heapGrowth: number }> {
  const dialog = await openCopyDialog(context, page, source, key);
  await dialog.getByRole('combobox', { name: 'Destination connection' }).selectOption('bench-other');
  await dialog.getByLabel('Secret key for Other user').fill(secretKey);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  return copyIntoBucket(context.log, page, cdp, dialog, target, `Other user: ${target}/`);
}

/** Runs `work` while sampling the page's JS heap (after a garbage collection): its time and the heap's growth. */
async function sampleHeap(
  cdp: CDPSession,
  work: () => Promise<number>,
): Promise<{ ms: number; heapGrowth: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heapStart = await heapUsed(cdp);
  let heapPeak = heapStart;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heapUsed(cdp));
      await new Promise((resolve) => setTimeout(resolve, HEAP_SAMPLE_MS));
    }
  })();
  const ms = await work().finally(() => (sampling = false));
  await sampler;
  return { ms, heapGrowth: heapPeak - heapStart };
}

async function nodeMoveFolder(
  context: BenchContext,
  bucket: string,
  from: string,
  to: string,
  /** Read each source's ACL beside its copy, as the app does. */
  readAcl = false,
): Promise<number> {
  const started = performance.now();
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await context.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: from, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  let next = 0;
  await Promise.all(
    Array.from({ length: NODE_IN_FLIGHT }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const copy = context.s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: `${to}${key.slice(from.length)}`,
            CopySource: `${bucket}/${key}`,
          }),
        );
        const acl = readAcl && context.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
        await Promise.all([copy, acl]);
      }
    }),
  );
  for (let i = 0; i < keys.length; i += 1000) {
    const objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    await context.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
    );
  }
  return performance.now() - started;
}

/**
 * Ticks the folder's row, opens "Move to…", picks `dest/` and times "Move here" until the job is done, with the
 * page's CPU time meanwhile.
 */
async function appMoveFolder(
  context: BenchContext,
  page: Page,
  cdp: CDPSession,
  bucket: string,
  folder: string,
  round: number,
): Promise<{ ms: number; cpuMs: number; threadMs: number; heapBefore: number; heapAfter: number }> {
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('checkbox', { name: `Select ${folder}` }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Move to…' }).click();
  const dialog = page.getByRole('dialog', { name: `Move “${folder}”` });
  await dialog
    .getByRole('list', { name: 'Folders' })
    .getByRole('button', { name: 'dest/', exact: true })
    .click();
  await dialog.getByText(`${bucket}/dest/`, { exact: true }).waitFor();
  await cdp.send('HeapProfiler.collectGarbage');
  const before = await pageMetrics(cdp);
  const requests = countRequests(page);
  const job = await profiled(page, `move-folder-${round}`, () => runJob(page, 'Move here'));
  const after = await pageMetrics(cdp);
  context.log(`  app requests: ${requests.stop()}`);
  // The job's end: when its last request batch (copies, ACL reads) and its deletes were answered.
  const spans = (kind: string) => job.requests.filter((line) => line.includes(kind));
  const lastBatch = spans('/_relay/requests').at(-1);
  context.log(
    `  app ended at ${job.ms.toFixed(0)} ms; last batch ${lastBatch}; deletes ${spans('?delete').join(', ')}`,
  );
  if (job.status !== 'done') throw new Error(`the app's move ended ${job.status}: ${job.text}`);
  return {
    ms: job.ms,
    cpuMs: (after.TaskDuration - before.TaskDuration) * 1000,
    threadMs: (after.ThreadTime - before.ThreadTime) * 1000,
    heapBefore: before.JSHeapUsedSize,
    heapAfter: after.JSHeapUsedSize,
  };
}

/** Counts the page's requests by method and kind (a query's names, or the path of the app's own server) until stopped. */
function countRequests(page: Page): { stop: () => string } {
  const kinds = new Map<string, number>();
  const onRequest = (request: Request) => {
    const url = new URL(request.url());
    const query = [...url.searchParams.keys()].filter((name) => !name.startsWith('X-Amz-')).join('&');
    const kind = `${request.method()} ${url.pathname.startsWith('/_') ? url.pathname : query || 'object'}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  };
  page.on('request', onRequest);
  return {
    stop: () => {
      page.off('request', onRequest);
      return [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
    },
  };
}

/**
 * The page's main thread so far: TaskDuration is the wall time of its tasks (s; a thread that waits for a core
 * still counts), ThreadTime its time on a CPU (s); and the JS heap in use (bytes).
 */
async function pageMetrics(
  cdp: CDPSession,
): Promise<Record<'TaskDuration' | 'ThreadTime' | 'JSHeapUsedSize', number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    TaskDuration: value('TaskDuration'),
    ThreadTime: value('ThreadTime'),
    JSHeapUsedSize: value('JSHeapUsedSize'),
  };
}

/** Opens the folder of `key` (one level deep), ticks its row and opens "Copy to…": the dialog. */
async function openCopyDialog(context: BenchContext, page: Page, source: string, key: string) {
  const [folder, name] = key.split('/');
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(source)}&prefix=${folder}/`);
  await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Copy to…' }).click();
  return page.getByRole('dialog', { name: `Copy “${name}”` });
}

async function appCopyObject(
  context: BenchContext,
  page: Page,
  cdp: CDPSession,
  source: string,
  target: string,
  key: string,
): Promise<{ ms: number; heapGrowth: number; browserCpuMs: number }> {
  const dialog = await openCopyDialog(context, page, source, key);
  await dialog
    .getByRole('navigation', { name: 'Destination folder' })
    .getByRole('button', { name: 'All buckets' })
    .click();
  return copyIntoBucket(context.log, page, cdp, dialog, target, `${target}/`);
}

/**
 * Picks bucket `target` in the open Copy dialog, waits for the dialog to name it as `destination`, then times the
 * copy job to its end while sampling the heap and the browser's CPU time; a job that does not end done throws.
 */
async function copyIntoBucket(
  log: (line: string) => void,
  page: Page,
  cdp: CDPSession,
  dialog: Locator,
  target: string,
  destination: string,
): Promise<{ ms: number; heapGrowth: number; browserCpuMs: number }> {
  await dialog
    .getByRole('list', { name: 'Buckets' })
    .getByRole('button', { name: target, exact: true })
    .click();
  await dialog.getByText(destination, { exact: true }).waitFor();
  let browserCpuMs = 0;
  const timed = await sampleHeap(cdp, async () => {
    const cpuBefore = cpuSnapshot();
    const job = await profiled(page, 'copy-here', () => runJob(page, 'Copy here'));
    if (profileDir) log(`the page's requests from the click: ${job.requests.join('; ')}`);
    if (job.status !== 'done') throw new Error(`the app's copy ended ${job.status}: ${job.text}`);
    browserCpuMs = cpuSpentBy(cpuBefore, cpuSnapshot(), 'Chromium') * 1000;
    return job.ms;
  });
  return { ...timed, browserCpuMs };
}

/**
 * Clicks the dialog's confirm button inside the page and resolves when the newest job of the jobs panel has
 * ended: timed in the page, so Playwright's round trips are not part of it.
 */
async function runJob(
  page: Page,
  confirm: string,
): Promise<{ ms: number; status: string; text: string; requests: string[] }> {
  await page.getByRole('dialog').getByRole('button', { name: confirm }).waitFor();
  return page.evaluate(
    (label) =>
      new Promise<{ ms: number; status: string; text: string; requests: string[] }>((resolve) => {
        const button = Array.from(document.querySelectorAll('dialog[open] button')).find(
          (b) => b.textContent === label,
        ) as HTMLButtonElement;
        const observer = new MutationObserver(() => {
          const job = document.querySelector('.jobs-panel li.job');
          const status = /status-(done|failed|cancelled)/.exec(job?.className ?? '')?.[1];
          if (!status) return;
          observer.disconnect();
          const ended = performance.now();
          // Each request since the click, as start..end ms: path and query names (no values: no signatures).
          const requests = performance
            .getEntriesByType('resource')
            .filter((entry) => entry.startTime >= started)
            .map((entry) => {
              const { responseEnd } = entry as PerformanceResourceTiming;
              const url = new URL(entry.name);
              const query = [...url.searchParams.keys()].filter((name) => !name.startsWith('X-Amz-'));
              const span = `${(entry.startTime - started).toFixed(1)}..${(responseEnd - started).toFixed(1)} ms`;
              return `${span} ${url.pathname}${query.length ? `?${query.join('&')}` : ''}`;
            });
          resolve({ ms: ended - started, status, text: job?.textContent ?? '', requests });
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['class'],
        });
        // Room for every request of a folder's job (the default keeps 250).
        performance.clearResourceTimings();
        performance.setResourceTimingBufferSize(100_000);
        const started = performance.now();
        button.click();
      }),
    confirm,
  );
}
