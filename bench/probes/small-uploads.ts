// Where the time of 1,000 small uploads from a page goes, with no app server in the path (issue 24's "direct mode"
// row): the same form POSTs (one policy, no preflight, as the app's direct path sends them) from Node and from a
// bare page, at the page's 6 connections and at the baseline's 8, with each request's phases from Resource Timing
// and the CPU each process spent. It tells the connection limit apart from the browser's cost per request.
//   npx tsx bench/probes/small-uploads.ts   (run under flock /tmp/s3fm-bench.lock)
// Env: FILES (1000), ROUNDS (2), PORT (4399). Uses bucket lead-probe-uploads (emptied after each run).
import http from 'node:http';
import fs from 'node:fs';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { eachLimited, nodeClient, readSandbox } from '../../e2e/fixtures';
import { signPostPolicy, type PostTarget } from '../../src/s3/upload/post-policy';
import type { S3Session } from '../../src/s3/session';
import { cpuSnapshot, cpuSpent, describeCpu } from '../process-cpu';
import { median } from '../types';

const files = Number(process.env.FILES ?? 1000);
const rounds = Number(process.env.ROUNDS ?? 2);
const port = Number(process.env.PORT ?? 4399);
const origin = `http://127.0.0.1:${port}`;
const bucket = 'lead-probe-uploads';
const body = new Uint8Array(10 * 1024).fill(97);
const s3 = nodeClient(readSandbox());

interface Result {
  filesPerSecond: number;
  /** Per request, ms (median; for the page: lanes x time / files). */
  latency: number;
  /** Timed page run, medians in ms: fetch() → request sent; sent → answer's headers; fetch() → network service. */
  queued?: number;
  waiting?: number;
  connect?: number;
}

async function nodeRun(
  kind: 'put' | 'post',
  lanes: number,
  target: PostTarget,
  run: string,
): Promise<Result> {
  const latencies: number[] = [];
  const start = performance.now();
  await eachLimited(
    Array.from({ length: files }, (_, i) => i),
    lanes,
    async (i) => {
      const key = `probe/${run}/${i}.bin`;
      const t = performance.now();
      if (kind === 'put') {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      } else {
        const form = new FormData();
        for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
        form.append('key', key);
        form.append('Content-Type', 'application/octet-stream');
        form.append('file', new Blob([body]));
        const answer = await fetch(target.url, { method: 'POST', body: form });
        if (!answer.ok) throw new Error(`POST ${answer.status}: ${await answer.text()}`);
      }
      latencies.push(performance.now() - t);
    },
  );
  return { filesPerSecond: files / ((performance.now() - start) / 1000), latency: median(latencies) };
}

/**
 * `form`: a FormData with the file as a Blob, as the app sends it. `bytes`: the same multipart body built as one
 * Uint8Array (Content-Type multipart/form-data is CORS-safelisted, so still no preflight): no Blob in the request.
 */
async function pageRun(
  page: Page,
  lanes: number,
  target: PostTarget,
  run: string,
  bodyKind: 'form' | 'bytes' | 'file-bytes' = 'form',
): Promise<Result> {
  const seconds = await page.evaluate(
    async ({ target, files, lanes, run, bodyKind }) => {
      const body = new Uint8Array(10 * 1024).fill(97);
      // As files from a drop: Blobs that exist before the upload starts, read when their turn comes.
      const blobs = Array.from({ length: files }, () => new Blob([body]));
      const boundary = '----probe' + Math.random().toString(36).slice(2);
      const encoder = new TextEncoder();
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < files) {
            const index = next++;
            const key = `probe/${run}/${index}.bin`;
            let request: RequestInit;
            if (bodyKind === 'form') {
              const form = new FormData();
              for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
              form.append('key', key);
              form.append('Content-Type', 'application/octet-stream');
              form.append('file', blobs[index]);
              request = { method: 'POST', body: form };
            } else {
              const fields = { ...target.fields, key, 'Content-Type': 'application/octet-stream' };
              let head = '';
              for (const [name, value] of Object.entries(fields)) {
                head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
              }
              head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n`;
              head += 'Content-Type: application/octet-stream\r\n\r\n';
              const headBytes = encoder.encode(head);
              const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
              const data = bodyKind === 'bytes' ? body : new Uint8Array(await blobs[index].arrayBuffer());
              const all = new Uint8Array(headBytes.length + data.length + tail.length);
              all.set(headBytes);
              all.set(data, headBytes.length);
              all.set(tail, headBytes.length + data.length);
              request = {
                method: 'POST',
                body: all,
                headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
              };
            }
            const answer = await fetch(target.url, request);
            if (!answer.ok) throw new Error(`POST ${answer.status}`);
          }
        }),
      );
      return (performance.now() - start) / 1000;
    },
    { target, files, lanes, run, bodyKind },
  );
  return { filesPerSecond: files / seconds, latency: (lanes * seconds * 1000) / files };
}

/**
 * The same run with each request's phases from the network service (CDP: RGW sends no Timing-Allow-Origin, so
 * Resource Timing hides them from the page): from fetch() until the request is sent (renderer → network service,
 * waiting for one of the 6 connections), and from sent until the answer's headers (the server's time on the wire).
 */
async function timedPageRun(page: Page, lanes: number, target: PostTarget, run: string): Promise<Result> {
  const cdp = await page.context().newCDPSession(page);
  const issued = new Map<string, number>();
  const phases: Array<[number, number, number]> = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.method === 'POST') issued.set(e.requestId, e.timestamp);
  });
  cdp.on('Network.responseReceived', (e) => {
    const t = e.response.timing;
    const at = issued.get(e.requestId);
    if (!t || at === undefined) return;
    const sent = (t.requestTime - at) * 1000 + t.sendEnd;
    phases.push([sent, t.receiveHeadersEnd - t.sendEnd, (t.requestTime - at) * 1000]);
  });
  await cdp.send('Network.enable');
  const result = await pageRun(page, lanes, target, run);
  await cdp.detach();
  const phase = (i: number) => median(phases.map((p) => p[i]));
  return { ...result, queued: phase(0), waiting: phase(1), connect: phase(2) };
}

async function empty(): Promise<void> {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (!keys.length) return;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
}

async function main(): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          { AllowedOrigins: [origin], AllowedMethods: ['GET', 'PUT', 'POST'], AllowedHeaders: ['*'] },
        ],
      },
    }),
  );
  const server = http.createServer((_, res) => res.end('<!doctype html><title>probe</title>'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await browser.newPage();
  await page.goto(origin);
  const target = await signPostPolicy({ directClient: s3 } as unknown as S3Session, bucket, 'probe/');
  const modes: Record<string, (run: string) => Promise<Result>> = {
    'node PUT x8': (run) => nodeRun('put', 8, target, run),
    'node POST x8': (run) => nodeRun('post', 8, target, run),
    'node POST x6': (run) => nodeRun('post', 6, target, run),
    'page POST x6': (run) => pageRun(page, 6, target, run),
    'page POST x12': (run) => pageRun(page, 12, target, run),
    'page POST x6, bytes': (run) => pageRun(page, 6, target, run, 'bytes'),
    'page POST x6, file read to bytes': (run) => pageRun(page, 6, target, run, 'file-bytes'),
    'page POST x6, timed': (run) => timedPageRun(page, 6, target, run),
  };
  const results = new Map<string, Result[]>();
  try {
    for (let round = 0; round <= rounds; round++) {
      const names = Object.keys(modes);
      const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
      for (const name of order) {
        const before = cpuSnapshot();
        const result = await modes[name](`r${round}-${name.replace(/\W+/g, '-')}`);
        const cpu = describeCpu(cpuSpent(before, cpuSnapshot()));
        const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        console.log(
          `${round ? `round ${round}` : 'warm-up'} ${name}: ${JSON.stringify(result)}; load ${load}`,
        );
        console.log(`  CPU: ${cpu}`);
        if (round) results.set(name, [...(results.get(name) ?? []), result]);
        await empty();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const baseline = median(results.get('node PUT x8')!.map((r) => r.filesPerSecond));
  console.log('\nmedians (files/s, ratio to Node PUT x8; ms per request):');
  for (const [name, list] of results) {
    const fps = median(list.map((r) => r.filesPerSecond));
    const phases = (['latency', 'queued', 'waiting', 'connect'] as const)
      .filter((p) => list[0][p] !== undefined)
      .map((p) => `${p} ${median(list.map((r) => r[p]!)).toFixed(1)}`)
      .join(', ');
    console.log(`  ${name}: ${fps.toFixed(0)} files/s (${(fps / baseline).toFixed(2)}x); ${phases}`);
  }
}

await main();
