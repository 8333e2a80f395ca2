import http from 'node:http';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PATH_HEADER, RELAY_PATH, TARGET_HEADER } from '../../src/s3/relay-protocol';
import {
  median,
  meets,
  rotated,
  warmedRounds,
  type BenchContext,
  type Metric,
  type Scenario,
} from '../types';

const KiB = 1024;
/** Requests in flight at once, on both paths (issue 18: "200 concurrent small GETs"). */
const IN_FLIGHT = 200;
const OBJECT_BYTES = KiB;
const PATHS = ['direct', 'relay'] as const;

/** One GET, as the client sends it: to RGW itself, or to the app's relay with the x-s3fm-* headers. */
export interface LoadRequest {
  port: number;
  path: string;
  headers: http.OutgoingHttpHeaders;
}

export interface LoadResult {
  ms: number;
  /** Per request, from the send to the last byte of the body (ms), in completion order. */
  latencies: number[];
}

/**
 * 200 concurrent small GETs through the app's relay (server/relay.ts, `/_relay/s3`) against the same GETs sent from
 * Node straight to RGW. Both paths send the same presigned URLs with the same client (node:http, a keep-alive agent
 * of up to 200 sockets, new for each measurement and warmed just before it), so the only difference is the hop
 * through the app's server: a browser's requests reach the relay the same way (keep-alive, Origin of the app). Each
 * round GETs every seeded object once per path and checks every answer (200, 1 KiB); rounds rotate which path goes
 * first.
 */
export const relaySmallGets: Scenario = {
  name: 'relay-small-gets',
  title: '200 concurrent GETs of 1 KiB: through the relay vs straight to RGW',
  async run(context) {
    const objects = context.small ? 400 : 2000;
    const rounds = context.rounds ?? (context.small ? 2 : 5);
    const bucket = await context.sharedBucket(`relay-gets-${objects}`, (name) =>
      seedObjects(context, name, objects),
    );
    const endpoint = new URL(context.sandbox.endpoint);
    const app = new URL(context.baseURL);
    const results = await warmedRounds(
      context,
      rounds,
      async (round) => {
        // Signed each round (outside the timing), so no URL nears its expiry however long a run takes.
        const urls = await presignAll(context, bucket, objects);
        const row = { directReqPerS: 0, relayReqPerS: 0, ratio: 0 } as Record<string, number>;
        for (const which of rotated(PATHS, round)) {
          const requests: LoadRequest[] = urls.map((u) =>
            which === 'direct'
              ? { port: Number(endpoint.port || 80), path: u.pathname + u.search, headers: {} }
              : {
                  port: Number(app.port || 80),
                  path: RELAY_PATH,
                  // What the page sends: the endpoint's origin and the signed path, same-origin fetch.
                  headers: {
                    [TARGET_HEADER]: endpoint.origin,
                    [PATH_HEADER]: u.pathname + u.search,
                    origin: app.origin,
                    'sec-fetch-site': 'same-origin',
                    'sec-fetch-mode': 'cors',
                  },
                },
          );
          // A fresh client per measurement, its 200 connections opened and used once (untimed) just before the
          // timing: the timed GETs run on warm keep-alive connections on both paths, as a page's do. (Cold, the
          // first request on ~100 new connections to the app's server waited seconds on this loaded 2-core
          // machine, even with a stub answering instead of the relay; and sockets kept idle between rounds are
          // closed by the servers' keep-alive timeouts, a "socket hang up" race.)
          const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
          const { ms, latencies } = await runLoad(
            app.hostname,
            requests.slice(0, IN_FLIGHT),
            IN_FLIGHT,
            agent,
            OBJECT_BYTES,
          )
            .then(() => runLoad(app.hostname, requests, IN_FLIGHT, agent, OBJECT_BYTES))
            .finally(() => agent.destroy());
          row[`${which}ReqPerS`] = requests.length / (ms / 1000);
          row[`${which}P50Ms`] = percentile(latencies, 0.5);
          row[`${which}P99Ms`] = percentile(latencies, 0.99);
          row[`${which}Ms`] = ms;
          await settle();
        }
        row.ratio = row.relayReqPerS / row.directReqPerS;
        return row;
      },
      (row) =>
        `direct ${row.directReqPerS.toFixed(0)} req/s (p50 ${row.directP50Ms.toFixed(0)} ms, p99 ${row.directP99Ms.toFixed(0)} ms), ` +
        `relay ${row.relayReqPerS.toFixed(0)} req/s (p50 ${row.relayP50Ms.toFixed(0)} ms, p99 ${row.relayP99Ms.toFixed(0)} ms), ratio ${row.ratio.toFixed(2)}`,
    );

    const ratio = median(results.map((r) => r.ratio));
    const directRate = median(results.map((r) => r.directReqPerS));
    const relayRate = median(results.map((r) => r.relayReqPerS));
    const baselineName = `presigned GETs from Node straight to RGW, ${IN_FLIGHT} in flight (median)`;
    const metrics: Metric[] = [
      {
        name: `${objects} GETs of ${OBJECT_BYTES / KiB} KiB through the relay, ${IN_FLIGHT} in flight (median)`,
        value: relayRate,
        unit: 'req/s',
        baseline: { name: baselineName, value: directRate },
        ratio,
        target: '>= 0.8',
        pass: meets(ratio, '>= 0.8'),
      },
      {
        name: 'latency p50 through the relay (median of rounds)',
        value: median(results.map((r) => r.relayP50Ms)),
        unit: 'ms',
        baseline: { name: 'straight to RGW', value: median(results.map((r) => r.directP50Ms)) },
      },
      {
        name: 'latency p99 through the relay (median of rounds)',
        value: median(results.map((r) => r.relayP99Ms)),
        unit: 'ms',
        baseline: { name: 'straight to RGW', value: median(results.map((r) => r.directP99Ms)) },
      },
    ];
    return {
      parameters: {
        objects,
        objectKiB: OBJECT_BYTES / KiB,
        inFlight: IN_FLIGHT,
        rounds,
        warmUpRounds: 1,
      },
      metrics,
      rounds: results,
      notes: [
        `The ratio is the median of per-round ratios (relay req/s / direct req/s); ratio of the medians: ${(relayRate / directRate).toFixed(2)}.`,
        'Latency is per request, from the send to the last byte of the body; p50 and p99 are taken over one round, then the median over rounds.',
        'Client, app server and RGW share the same machine (and its cores): the relay path costs the client nothing more, but the relay process competes with RGW for CPU.',
        'The client keeps its connections (a keep-alive agent of up to 200 sockets, new for each path and round, warmed with 200 untimed GETs just before the timing), as a page does with the app; the relay opens its own connections to RGW as server/relay.ts decides.',
      ],
    };
  },
};

async function seedObjects(context: BenchContext, bucket: string, count: number): Promise<void> {
  context.log(`seeding ${count} objects of ${OBJECT_BYTES} bytes in ${bucket}`);
  const body = new Uint8Array(OBJECT_BYTES).fill(42);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const key = objectKey(next++);
      await context.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: OBJECT_BYTES }),
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const objectKey = (index: number) => `small/${String(index).padStart(5, '0')}.bin`;

async function presignAll(context: BenchContext, bucket: string, count: number): Promise<URL[]> {
  const urls: URL[] = [];
  for (let i = 0; i < count; i++) {
    const url = await getSignedUrl(context.s3, new GetObjectCommand({ Bucket: bucket, Key: objectKey(i) }), {
      expiresIn: 900,
    });
    urls.push(new URL(url));
  }
  return urls;
}

/**
 * Sends every request, `inFlight` at a time, on `agent`; every answer must be 200 with `bytes` bytes of body.
 * Exported for experiments (a copy of the server measured with the same client).
 */
export async function runLoad(
  hostname: string,
  requests: readonly LoadRequest[],
  inFlight: number,
  agent: http.Agent,
  bytes: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const one = (request: LoadRequest) =>
    new Promise<void>((resolve, reject) => {
      const sent = performance.now();
      const req = http.request(
        { hostname, port: request.port, path: request.path, headers: request.headers, agent },
        (res) => {
          let length = 0;
          res.on('data', (chunk: Buffer) => (length += chunk.length));
          res.on('end', () => {
            latencies.push(performance.now() - sent);
            if (res.statusCode !== 200 || length !== bytes) {
              reject(
                new Error(`GET ${request.path} on port ${request.port}: ${res.statusCode}, ${length} bytes`),
              );
            } else resolve();
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) await one(requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, requests.length) }, worker));
  return { ms: performance.now() - started, latencies };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

/** Lets RGW finish its bookkeeping and the sockets settle between paths. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
