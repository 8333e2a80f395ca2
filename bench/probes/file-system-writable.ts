// The limit of saving a large download with the File System Access API, measured before building on it (issue 24):
// the same presigned GET the zip reads, written into a FileSystemWritableFileStream several ways, beside a bare
// service-worker download and Node's streamed GetObject in the same run. Chromium cannot click the native save
// picker in a bench, so the handle is an OPFS file (navigator.storage.getDirectory()), in a persistent context whose
// profile is on disk (and, with PERSISTENT=0, in a fresh non-persistent context too).
//   npx tsx bench/probes/file-system-writable.ts   (run under flock /tmp/s3fm-bench.lock)
// Env: SIZE_MIB (2048), ROUNDS (1), CPU=1 (CPU seconds per Chromium thread, from /proc), MODES (comma list):
//   page-pipe / worker-pipe       response.body.pipeTo(handle.createWritable()), in the page / a dedicated worker
//   page-chunks / worker-chunks   each chunk read written with writer.write()
//   *-batchN                      chunks gathered into N MiB buffers before each write()
//   *-blobN                       chunks gathered into a Blob of N MiB before each write()
//   worker-sync                   createSyncAccessHandle().write() (OPFS only: no picked file offers it)
//   worker-none                   the body read and dropped: what the fetch alone costs
//   bare-sw                       the bench's bare service worker answering a download (bare-sw-download.ts)
// It seeds its object once (bucket h6-probe, kept between runs for speed; delete it when done).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { chromium, type BrowserContext } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { bareWorkerPage } from '../scenarios/bare-sw-download';
import { cpuSnapshot, cpuSpent, describeCpu } from '../process-cpu';

const MiB = 1024 * 1024;
const sizeMiB = Number(process.env.SIZE_MIB ?? 2048);
const size = sizeMiB * MiB;
const modes = (
  process.env.MODES ?? 'page-pipe,page-chunks,worker-pipe,worker-chunks,worker-sync,sw-none'
).split(',');
const rounds = Number(process.env.ROUNDS ?? 1);
const persistentOnly = process.env.PERSISTENT !== '0';
const bucket = 'h6-probe';
const key = `big-${sizeMiB}.bin`;
const sandbox = JSON.parse(fs.readFileSync('/work/main/.sandbox/sandbox.json', 'utf8'));
const s3 = new S3Client({
  endpoint: sandbox.endpoint,
  region: sandbox.region,
  forcePathStyle: true,
  credentials: { accessKeyId: sandbox.accessKey, secretAccessKey: sandbox.secretKey },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

const WORKER = `
self.onmessage = async ({ data: { url, mode } }) => {
  try { postMessage(await run(url, mode)); } catch (e) { postMessage({ error: String(e) }); }
};
${run.toString()}
`;
async function run(url: string, mode: string) {
  let readsSeen: number | undefined;
  const root = await navigator.storage.getDirectory();
  const name = 'out.bin';
  await root.removeEntry(name).catch(() => {});
  const handle = await root.getFileHandle(name, { create: true });
  const t0 = performance.now();
  const response = await fetch(url);
  let tFetched = 0;
  if (mode.endsWith('pipe')) {
    const writable = await handle.createWritable();
    await response.body!.pipeTo(writable);
  } else if (mode.endsWith('chunks')) {
    const writable = await handle.createWritable();
    const writer = writable.getWriter();
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      await writer.ready;
      void writer.write(value);
    }
    tFetched = performance.now();
    await writer.close();
  } else if (mode.includes('batch') || mode.includes('blob')) {
    const limit = Number(mode.replace(/.*(batch|blob)/, '')) * 1024 * 1024;
    const writable = await handle.createWritable();
    const writer = writable.getWriter();
    const reader = response.body!.getReader();
    let buffer = new Uint8Array(limit);
    let filled = 0;
    let chunks: Uint8Array[] = [];
    let reads = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (!done) reads++;
      if (mode.includes('blob')) {
        if (!done) {
          chunks.push(value);
          filled += value.byteLength;
        }
        if (filled >= limit || (done && filled)) {
          await writer.ready;
          void writer.write(new Blob(chunks as BlobPart[]));
          chunks = [];
          filled = 0;
        }
      } else {
        if (!done) {
          let at = 0;
          while (at < value.byteLength) {
            const n = Math.min(limit - filled, value.byteLength - at);
            buffer.set(value.subarray(at, at + n), filled);
            filled += n;
            at += n;
            if (filled === limit) {
              await writer.ready;
              void writer.write(buffer);
              buffer = new Uint8Array(limit);
              filled = 0;
            }
          }
        } else if (filled) {
          await writer.ready;
          void writer.write(buffer.subarray(0, filled));
        }
      }
      if (done) break;
    }
    tFetched = performance.now();
    await writer.close();
    readsSeen = reads;
  } else if (mode.endsWith('sync')) {
    // OPFS files only; not in this TypeScript's DOM types.
    const access = await (
      handle as unknown as {
        createSyncAccessHandle(): Promise<{
          write(data: Uint8Array, options: { at: number }): number;
          flush(): void;
          close(): void;
        }>;
      }
    ).createSyncAccessHandle();
    const reader = response.body!.getReader();
    let at = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      at += access.write(value, { at });
    }
    access.flush();
    access.close();
  } else if (mode.endsWith('none')) {
    const reader = response.body!.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  }
  const ms = performance.now() - t0;
  const file = await handle.getFile();
  const bytes = file.size;
  await root.removeEntry(name).catch(() => {});
  return {
    ms,
    bytes,
    closeMs: tFetched ? performance.now() - tFetched : 0,
    reads: readsSeen,
  };
}
const PAGE = `<!doctype html><title>probe</title><script>
${run.toString()}
window.runPage = run;
window.runWorker = (url, mode) => new Promise((resolve) => {
  const w = new Worker('/worker.js');
  w.onmessage = (e) => { resolve(e.data); w.terminate(); };
  w.postMessage({ url, mode });
});
</script>`;

async function seed() {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => {});
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return;
  } catch {
    // not seeded yet
  }
  console.log('seeding');
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const part = Buffer.alloc(64 * MiB);
  for (let i = 0; i < part.length; i += 4) part.writeUInt32LE((i * 2654435761) >>> 0, i);
  const parts = [];
  for (let s = 0, n = 1; s < size; s += part.length, n++) {
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: part.subarray(0, Math.min(part.length, size - s)),
      }),
    );
    parts.push({ ETag, PartNumber: n });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

async function nodeRead(): Promise<number> {
  const t = performance.now();
  const o = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  let n = 0;
  for await (const c of o.Body as AsyncIterable<Uint8Array>) n += c.byteLength;
  if (n !== size) throw new Error('short');
  return performance.now() - t;
}

function cpu(pid: number) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

async function main() {
  await seed();
  const server = http.createServer((req, res) => {
    const w = req.url === '/worker.js';
    res.writeHead(200, { 'Content-Type': w ? 'text/javascript' : 'text/html' });
    res.end(w ? WORKER : PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }],
      },
    }),
  );
  const contexts: Array<[string, () => Promise<BrowserContext>]> = [
    [
      'persistent',
      () => chromium.launchPersistentContext(fs.mkdtempSync('/tmp/h6-probe-profile-'), chromiumLaunchOptions),
    ],
  ];
  if (!persistentOnly)
    contexts.push(['incognito', async () => (await chromium.launch(chromiumLaunchOptions)).newContext()]);
  for (const [label, open] of contexts) {
    const context = await open();
    const page = await context.newPage();
    await page.goto(origin);
    const bare = await bareWorkerPage(context, s3, bucket);
    for (let round = 0; round < rounds; round++) {
      const nodeMs = await nodeRead();
      console.log(
        `[${label}] node ${(sizeMiB / (nodeMs / 1000)).toFixed(0)} MiB/s  load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`,
      );
      for (const mode of modes) {
        const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
          expiresIn: 3600,
        });
        const before = cpu(sandbox.pids.rgw);
        const snap = cpuSnapshot();
        if (mode === 'bare-sw') {
          const t = performance.now();
          const ev = bare.page.waitForEvent('download', { timeout: 600_000 });
          await bare.download(url);
          const d = await ev;
          const f = await d.path();
          const ms = performance.now() - t;
          console.log(
            `[${label}] bare-sw: ${(sizeMiB / (ms / 1000)).toFixed(0)} MiB/s (${ms.toFixed(0)} ms, bytes ok ${fs.statSync(f).size === size}, ratio ${(nodeMs / ms).toFixed(2)})`,
          );
          if (process.env.CPU) console.log('   ' + describeCpu(cpuSpent(snap, cpuSnapshot()).slice(0, 10)));
          await d.delete();
          continue;
        }
        const result = (await page.evaluate(
          ([u, m]) => {
            const probe = window as unknown as Record<'runPage' | 'runWorker', typeof run>;
            return m.startsWith('page') ? probe.runPage(u, m) : probe.runWorker(u, m);
          },
          [url, mode] as const,
        )) as Awaited<ReturnType<typeof run>> & { error?: string };
        if (result.error) {
          console.log(`[${label}] ${mode}: ${result.error}`);
          continue;
        }
        console.log(
          `[${label}] ${mode}: ${(sizeMiB / (result.ms / 1000)).toFixed(0)} MiB/s (${result.ms.toFixed(0)} ms, bytes ok ${result.bytes === size || mode.endsWith('none')}, close ${result.closeMs.toFixed(0)} ms, ratio ${(nodeMs / result.ms).toFixed(2)}, reads ${result.reads}), rgw cpu ${(cpu(sandbox.pids.rgw) - before).toFixed(1)} s`,
        );
        if (process.env.CPU) console.log('   ' + describeCpu(cpuSpent(snap, cpuSnapshot()).slice(0, 10)));
      }
    }
    await bare.close();
    await context.close();
  }
  server.close();
}
// The SDK's kept-alive sockets would hold the process (and the bench lock) open after the last line.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
