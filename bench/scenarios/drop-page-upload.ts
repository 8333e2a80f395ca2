import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from '@playwright/test';
import { decodeFileRequest, type FileRequest } from '../../src/s3/file-request-link';
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
 *
 * Three more paths tell the page's share of the gap from the server's: the same form POST from the same page with
 * a bare XMLHttpRequest (no drop page code), and a PUT and a form POST of the same bytes from Node; RGW's CPU time
 * is read around each transfer, where the sandbox was started here.
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
    const decoded = decodeFileRequest(new URL(link).hash);
    if (!decoded.ok) throw new Error(`The app made an unreadable link: ${decoded.problem}`);
    const request = decoded.request;
    const nodeBytes = crypto.randomBytes(size);
    const writes = new WriteBudget(context);
    const loads: number[] = [];
    const notes: string[] = [];

    const measureRound = async (round: number) => {
      const measured: Record<string, number> = {};
      const rgwCpu: Record<string, number> = {};
      loads.push(os.loadavg()[0]);
      const paths: Record<string, () => Promise<number>> = {
        baseline: () => presignedPut(context, page, bucket, `baseline-${round}.bin`),
        drop: () => dropUpload(page, `drop-${round}.bin`),
        barePost: () => barePagePost(page, request, `bare-post-${round}.bin`),
        nodePut: () => nodePut(context, bucket, `node-put-${round}.bin`, nodeBytes),
        nodePost: () => nodePost(request, `node-post-${round}.bin`, nodeBytes),
      };
      for (const which of rotated(Object.keys(paths), round)) {
        await writes.reserve(size);
        const cpuBefore = rgwCpuSeconds(context);
        measured[which] = await paths[which]();
        const cpuAfter = rgwCpuSeconds(context);
        if (cpuBefore !== undefined && cpuAfter !== undefined) rgwCpu[which] = cpuAfter - cpuBefore;
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
        barePostMiBs: sizeMiB / (measured.barePost / 1000),
        barePostRatio: measured.baseline / measured.barePost,
        nodePutMiBs: sizeMiB / (measured.nodePut / 1000),
        nodePostMiBs: sizeMiB / (measured.nodePost / 1000),
        nodeRatio: measured.nodePut / measured.nodePost,
        rgwCpuPutS: rgwCpu.baseline ?? NaN,
        rgwCpuDropS: rgwCpu.drop ?? NaN,
        rgwCpuNodePutS: rgwCpu.nodePut ?? NaN,
        rgwCpuNodePostS: rgwCpu.nodePost ?? NaN,
      };
    };
    const results = await warmedRounds(
      context,
      rounds,
      measureRound,
      (row) =>
        `baseline ${row.baselineMiBs.toFixed(0)} MiB/s, drop page ${row.dropMiBs.toFixed(0)} MiB/s (${row.ratio.toFixed(2)}), bare page POST ${row.barePostMiBs.toFixed(0)} MiB/s (${row.barePostRatio.toFixed(2)}); Node PUT ${row.nodePutMiBs.toFixed(0)}, POST ${row.nodePostMiBs.toFixed(0)} MiB/s (${row.nodeRatio.toFixed(2)}); RGW CPU s: page PUT ${row.rgwCpuPutS.toFixed(2)}, drop ${row.rgwCpuDropS.toFixed(2)}, Node PUT ${row.rgwCpuNodePutS.toFixed(2)}, Node POST ${row.rgwCpuNodePostS.toFixed(2)}`,
    );
    await stranger.close();

    const baseline = median(results.map((r) => r.baselineMiBs));
    const speed = median(results.map((r) => r.dropMiBs));
    const ratio = median(results.map((r) => r.ratio));
    notes.push(
      `Ratio: median of the per-round ratios; ratio of the medians ${(speed / baseline).toFixed(2)}.`,
      'The bare page POST tells what the drop page’s own code costs (its ratio against the drop page’s); the Node PUT and POST of the same bytes, and RGW’s CPU time for each, tell what a form POST costs RGW without a browser. RGW’s CPU time is that of the whole process: other clients of a shared sandbox add to it.',
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
      {
        name: `the same form POST from the same page, bare XMLHttpRequest with progress, no drop page code (median, for information)`,
        value: median(results.map((r) => r.barePostMiBs)),
        unit: 'MiB/s',
        baseline: { name: 'one presigned PUT with fetch, same page, same File (median)', value: baseline },
        ratio: median(results.map((r) => r.barePostRatio)),
      },
      {
        name: `a form POST of ${sizeMiB} MiB from Node (median, for information)`,
        value: median(results.map((r) => r.nodePostMiBs)),
        unit: 'MiB/s',
        baseline: {
          name: 'a presigned PUT of the same bytes from Node (median)',
          value: median(results.map((r) => r.nodePutMiBs)),
        },
        ratio: median(results.map((r) => r.nodeRatio)),
      },
    ];
    const cpu = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
    if (results.every((r) => Number.isFinite(r.rgwCpuNodePostS) && Number.isFinite(r.rgwCpuNodePutS))) {
      metrics.push(
        {
          name: `RGW's CPU time to store ${sizeMiB} MiB sent as a form POST from Node (median, for information)`,
          value: cpu((r) => r.rgwCpuNodePostS),
          unit: 's',
          baseline: {
            name: 'the same bytes as a PUT from Node (median)',
            value: cpu((r) => r.rgwCpuNodePutS),
          },
          ratio: median(results.map((r) => r.rgwCpuNodePostS / r.rgwCpuNodePutS)),
        },
        {
          name: `RGW's CPU time to store the drop page's upload (median, for information)`,
          value: cpu((r) => r.rgwCpuDropS),
          unit: 's',
          baseline: { name: "the page's presigned PUT (median)", value: cpu((r) => r.rgwCpuPutS) },
          ratio: median(results.map((r) => r.rgwCpuDropS / r.rgwCpuPutS)),
        },
      );
    }
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

/**
 * The drop page's request without the drop page: the link's fields, the key, the type, then the File, sent by a
 * bare XMLHttpRequest that listens to upload progress (so it is preflighted, like the drop page's).
 */
async function barePagePost(page: Page, request: FileRequest, name: string): Promise<number> {
  return page.evaluate(
    ({ url, fields }) =>
      new Promise<number>((resolve, reject) => {
        const form = new FormData();
        for (const [field, value] of Object.entries(fields)) form.append(field, value);
        form.append('file', (window as unknown as { benchFile: File }).benchFile);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        let events = 0;
        xhr.upload.onprogress = () => events++;
        xhr.onload = () =>
          xhr.status < 300
            ? resolve(performance.now() - started)
            : reject(new Error(`the bare POST answered ${xhr.status}: ${xhr.responseText}`));
        xhr.onerror = () => reject(new Error('the bare POST got no answer'));
        const started = performance.now();
        xhr.send(form);
      }),
    { url: request.url, fields: formFields(request, name) },
  );
}

function formFields(request: FileRequest, name: string): Record<string, string> {
  return { ...request.fields, key: request.prefix + name, 'Content-Type': 'application/octet-stream' };
}

/** A presigned PUT of `bytes` from Node's http module (no SDK in the way), timed from the request to the answer. */
async function nodePut(context: BenchContext, bucket: string, key: string, bytes: Buffer): Promise<number> {
  const url = await getSignedUrl(context.s3, new PutObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: 600,
  });
  return nodeSend(url, 'PUT', { 'content-type': 'application/octet-stream' }, [bytes]);
}

/** The same bytes as a multipart form POST under the link's policy, the file last, as the drop page sends it. */
async function nodePost(request: FileRequest, name: string, bytes: Buffer): Promise<number> {
  const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
  let head = '';
  for (const [field, value] of Object.entries(formFields(request, name)))
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`;
  head += 'Content-Type: application/octet-stream\r\n\r\n';
  const parts = [Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)];
  return nodeSend(
    request.url,
    'POST',
    { 'content-type': `multipart/form-data; boundary=${boundary}` },
    parts,
  );
}

function nodeSend(
  target: string,
  method: string,
  headers: Record<string, string>,
  parts: Buffer[],
): Promise<number> {
  const url = new URL(target);
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const sent = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: { ...headers, 'content-length': String(length) },
      },
      (answer) => {
        let body = '';
        answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
        answer.on('end', () =>
          (answer.statusCode ?? 0) < 300
            ? resolve(performance.now() - started)
            : reject(new Error(`Node's ${method} answered ${answer.statusCode}: ${body}`)),
        );
      },
    );
    sent.on('error', reject);
    for (const part of parts) sent.write(part);
    sent.end();
  });
}

/** RGW's CPU time so far (user + system, in seconds), where its pid is known and /proc can be read. */
function rgwCpuSeconds(context: BenchContext): number | undefined {
  const pid = context.sandbox.pids?.rgw;
  if (!pid) return undefined;
  try {
    // Fields after the command's ")": state is the first, utime the 12th, stime the 13th (in 1/100 s).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
