// `npm run bench`: builds the app, serves it on its own port, reuses (or starts) the RGW sandbox, drives the app
// in Chromium, and writes bench/results.json and bench/RESULTS.md.
//   --small        CI's smoke run: smaller sizes, fewer rounds
//   --only=a,b     run only these scenarios (results of the others are kept from the previous run)
//   --rounds=N     rounds per scenario
//   --no-build     serve the last bench build as it is
//   --keep-data    keep the seeded shared buckets (fixed names) after the run and reuse them in the next one: for
//                  working on one scenario without seeding 100,000 keys each time
//   --out=DIR      where results.json and RESULTS.md go (default bench/; for --small a temp folder, so a smoke run
//                  never replaces the full-size results kept in the repository)
// BENCH_PORT (default 4301) and BENCH_DIST (default: a folder in the OS temp dir) keep it apart from other runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { chromium, type Browser, type Page } from '@playwright/test';
import * as prettier from 'prettier';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { purgeBucket } from '../e2e/purge';
import { renderMarkdown, type BenchFile } from './report';
import { scenarios } from './scenarios/index';
import type { BenchContext, Sandbox, ScenarioResult } from './types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const small = flag('small');
const only = option('only')?.split(',');
const rounds = option('rounds') ? Number(option('rounds')) : undefined;
const keepData = flag('keep-data');
const port = Number(process.env.BENCH_PORT ?? 4301);
const dist = process.env.BENCH_DIST ?? path.join(os.tmpdir(), 's3fm-bench-dist');
const baseURL = `http://127.0.0.1:${port}`;
const outDir = path.resolve(
  option('out') ?? (small ? path.join(os.tmpdir(), 's3fm-bench-small') : path.join(root, 'bench')),
);
const log = (message: string) => console.log(`[bench] ${message}`);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  const chosen = scenarios.filter((s) => !only || only.includes(s.name));
  if (chosen.length === 0)
    throw new Error(`No scenario named ${only?.join(', ')}; have ${scenarios.map((s) => s.name)}`);

  execFileSync(process.execPath, [path.join(root, 'scripts/sandbox.mjs'), 'start'], {
    cwd: root,
    stdio: 'inherit',
  });
  // The same folder scripts/sandbox.mjs uses, so a run beside another sandbox (CI, S3FM_SANDBOX_DIR) finds its own.
  const sandboxDir = path.resolve(process.env.S3FM_SANDBOX_DIR || path.join(root, '.sandbox'));
  const sandboxFile = path.join(sandboxDir, 'sandbox.json');
  const sandbox = JSON.parse(fs.readFileSync(sandboxFile, 'utf8')) as Sandbox;
  if (!flag('no-build')) {
    log(`building the app into ${dist}`);
    execFileSync(
      path.join(root, 'node_modules/.bin/vite'),
      ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  const server = await startServer(sandboxFile);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const s3 = new S3Client({
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    forcePathStyle: true,
    credentials: { accessKeyId: sandbox.accessKey, secretAccessKey: sandbox.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  const chromiumVersion = browser.version();
  const results: ScenarioResult[] = [];
  /** Seeded once per run for several scenarios (see BenchContext.sharedBucket); deleted when the run ends. */
  const sharedBuckets = new Map<string, Promise<string>>();
  const sharedNames: string[] = [];
  let failed = false;
  try {
    for (const scenario of chosen) {
      log(`scenario ${scenario.name}: ${scenario.title}`);
      const buckets: string[] = [];
      const pages: Page[] = [];
      const context: BenchContext = {
        baseURL,
        browser,
        sandbox,
        s3,
        small,
        rounds,
        log: (message) => log(`  ${message}`),
        connectedPage: async (options) => {
          const page = await connect(browser, sandbox, options?.transport);
          pages.push(page);
          return page;
        },
        tempBucket: async () => {
          const bucket = await createBucket(s3, 'bench');
          buckets.push(bucket);
          return bucket;
        },
        sharedBucket: (id, seed) => {
          let bucket = sharedBuckets.get(id);
          if (!bucket) {
            bucket = keepData
              ? keptBucket(s3, `bench-keep-${id}`, seed)
              : createBucket(s3, `bench-${id}`).then(async (name) => {
                  sharedNames.push(name);
                  await seed(name);
                  return name;
                });
            sharedBuckets.set(id, bucket);
          }
          return bucket;
        },
      };
      try {
        const outcome = await withinTime(scenario.run(context), small ? 10 : 60, scenario.name);
        results.push({
          scenario: scenario.name,
          title: scenario.title,
          date: new Date().toISOString(),
          ...outcome,
        });
      } catch (error) {
        failed = true;
        console.error(`[bench] scenario ${scenario.name} failed:`, error);
      } finally {
        for (const page of pages) await page.context().close();
        for (const bucket of buckets) await purgeBucket(s3, bucket).catch(() => {});
      }
    }
  } finally {
    for (const bucket of sharedNames) await purgeBucket(s3, bucket).catch(() => {});
    await browser.close();
    server.kill('SIGTERM');
  }

  const file = await writeResults(results, chromiumVersion);
  for (const result of file.scenarios.filter((r) => results.includes(r))) {
    for (const metric of result.metrics) {
      const ratio = metric.ratio === undefined ? '' : `, ratio ${metric.ratio.toFixed(2)}`;
      const verdict = metric.pass === undefined ? '' : metric.pass ? ' [met]' : ' [NOT MET]';
      const against = metric.baseline ? ` vs ${metric.baseline.value.toFixed(1)} ${metric.unit}` : '';
      log(
        `${result.scenario}: ${metric.name}: ${metric.value.toFixed(1)} ${metric.unit}${against}${ratio}${metric.target ? ` (target ${metric.target})` : ''}${verdict}`,
      );
    }
  }
  const shown = path.relative(root, outDir);
  log(`wrote ${shown && !shown.startsWith('..') ? shown : outDir}/results.json and RESULTS.md`);
  if (failed) process.exitCode = 1;
}

/** A scenario that waits forever (a changed screen it no longer recognises) fails the run instead of hanging CI. */
function withinTime<T>(work: Promise<T>, minutes: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not finish within ${minutes} minutes`)),
      minutes * 60_000,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

async function startServer(sandboxFile: string): Promise<ChildProcess> {
  const server = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      S3FM_DIST: dist,
      S3FM_SANDBOX_FILE: sandboxFile,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the app server exited (port ${port} taken? set BENCH_PORT)`);
    try {
      if ((await fetch(`${baseURL}/_relay/config`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`the app server did not answer on ${baseURL}`);
}

/** A page connected through the form, as a person does it (transport: auto). */
async function connect(browser: Browser, sandbox: Sandbox, transport?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  // tsx compiles with keepNames, which wraps functions in `__name(...)`; functions sent to page.evaluate need it too.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Endpoint').fill(sandbox.endpoint);
  await page.getByLabel('Access key').fill(sandbox.accessKey);
  await page.getByLabel('Secret key').fill(sandbox.secretKey);
  if (transport) {
    await page.getByText('More options').click();
    await page.getByRole('combobox', { name: 'Connection' }).selectOption(transport);
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { name: 'Buckets' }).waitFor();
  return page;
}

/**
 * `--keep-data`: the shared bucket under a fixed name, seeded the first time and reused after that (a bucket
 * marked complete by a `.seeded` object; one left half-seeded by an interrupted run is seeded again).
 */
async function keptBucket(s3: S3Client, name: string, seed: (bucket: string) => Promise<void>) {
  const seeded = await s3
    .send(new HeadObjectCommand({ Bucket: name, Key: '.seeded' }))
    .then(() => true)
    .catch(() => false);
  if (seeded) {
    log(`  reusing ${name} (--keep-data)`);
    // Another run may have served the app from another port: without this run's origin in the rule, the page's
    // direct requests would be refused and the app would fall back to its relay, timing a different path.
    await allowAppOrigin(s3, name);
    return name;
  }
  await purgeBucket(s3, name).catch(() => {});
  await createBucket(s3, name, { exactName: true });
  await seed(name);
  await s3.send(new PutObjectCommand({ Bucket: name, Key: '.seeded', Body: '' }));
  return name;
}

/** A fresh bucket with a CORS rule for the app's origin. */
async function createBucket(s3: S3Client, stem: string, { exactName = false } = {}): Promise<string> {
  const bucket = exactName
    ? stem
    : `${stem}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await allowAppOrigin(s3, bucket);
  return bucket;
}

/** Sets the bucket's CORS rule to the app's origin of this run. */
async function allowAppOrigin(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [baseURL],
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}

/** Merges this run into bench/results.json (scenarios not run keep their last result) and renders RESULTS.md. */
async function writeResults(results: ScenarioResult[], chromiumVersion: string): Promise<BenchFile> {
  fs.mkdirSync(outDir, { recursive: true });
  const jsonPath = path.join(outDir, 'results.json');
  let previous: ScenarioResult[] = [];
  try {
    previous = (JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as BenchFile).scenarios ?? [];
  } catch {
    // first run
  }
  const merged = scenarios.flatMap((s) => {
    const found = results.find((r) => r.scenario === s.name) ?? previous.find((r) => r.scenario === s.name);
    return found ? [found] : [];
  });
  const file: BenchFile = {
    environment: {
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
      node: process.version,
      chromium: `Chromium ${chromiumVersion}`,
      rgw: tryRun('radosgw', ['--version']) ?? 'RGW (version unknown)',
      commit: `${tryRun('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown'}${tryRun('git', ['status', '--porcelain'])?.length ? ' (with uncommitted changes)' : ''}`,
      small,
    },
    scenarios: merged,
  };
  // Formatted as the repository's formatter would, so `npm run lint` stays clean after a run.
  const markdownPath = path.join(outDir, 'RESULTS.md');
  const options = (await prettier.resolveConfig(markdownPath)) ?? {};
  fs.writeFileSync(jsonPath, await prettier.format(JSON.stringify(file), { ...options, filepath: jsonPath }));
  fs.writeFileSync(
    markdownPath,
    await prettier.format(renderMarkdown(file), { ...options, filepath: markdownPath }),
  );
  return file;
}

function tryRun(command: string, commandArgs: string[]): string | undefined {
  try {
    const out = execFileSync(command, commandArgs, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .trim()
      .split('\n')[0]
      .replace(/\s*\([0-9a-f]{40}\)/, '');
  } catch {
    return undefined;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
