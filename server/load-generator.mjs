// The other side of server/load.test.ts, in its own process: the endpoint stub and every client but the health
// probe. In the test's process they would share the server's event loop and CPU, and the probe would measure them.
// Protocol (IPC, child_process.fork): -> {ready, upstreamOrigin}; <- {start, port, ...plan}; -> {done, ...results}.
import http from 'node:http';
import net from 'node:net';

let maxGetsInFlight = 0;
let plan;
/** GETs the endpoint holds: none is answered before all have arrived, so all are in flight through the relay at once. */
let held = [];
let holdTimer;

const answerGet = (res) => {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1024 });
  res.end(Buffer.alloc(1024, 0x6b));
};
const releaseGets = () => {
  clearTimeout(holdTimer);
  for (const res of held) answerGet(res);
  held = [];
};

// A well-behaved endpoint: POST Object answers 204; GETs answer 1 KiB once all of them arrived (or maxHoldMs passed).
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') {
      res.writeHead(204, { ETag: '"d41d8cd98f00b204e9800998ecf8427e"' });
      return void res.end();
    }
    if (!plan) return answerGet(res);
    held.push(res);
    maxGetsInFlight = Math.max(maxGetsInFlight, held.length);
    if (held.length === 1) holdTimer = setTimeout(releaseGets, plan.maxHoldMs);
    if (held.length >= plan.relayedGets) releaseGets();
  });
});
upstream.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', upstreamOrigin: `http://127.0.0.1:${upstream.address().port}` });
});

const after = (ms) => new Promise((r) => setTimeout(r, ms));

/** One request on its own connection; resolves with status and body. */
function request(port, method, path, headers, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', (err) => resolve({ status: 0, error: err.message }));
    });
    req.on('error', (err) => resolve({ status: 0, error: err.message }));
    req.end(body);
  });
}

function batchBody(manifest, files) {
  const json = Buffer.from(JSON.stringify(manifest));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(json.length);
  return Buffer.concat([prefix, json, ...files]);
}

/** Clients that trickle bytes and never finish: request heads a byte at a time, 1 MiB bodies 256 bytes at a time. */
function slowClients(port, host, upstreamOrigin, plan) {
  const sockets = [];
  const timers = [];
  const trickle = (head, unit) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.on('error', () => {}); // The server may cut a slow client off: that is allowed.
    socket.write(head);
    timers.push(setInterval(() => socket.writable && socket.write(unit), 100));
    sockets.push(socket);
  };
  for (let i = 0; i < plan.slowHeaderClients; i++)
    trickle(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `, 'a');
  const mib = 1024 * 1024;
  for (let i = 0; i < plan.slowBodyClients; i++) {
    const head =
      i % 2 === 0
        ? `PUT /_relay/s3 HTTP/1.1\r\nHost: ${host}\r\nx-s3fm-target: ${upstreamOrigin}\r\n` +
          `x-s3fm-path: /bucket/slow-${i}\r\nContent-Length: ${mib}\r\n\r\n`
        : `POST /_relay/batch HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\n` +
          `Content-Length: ${mib}\r\n\r\n`;
    trickle(head, 'x'.repeat(256));
  }
  return {
    open: () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length,
    stop() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
    },
  };
}

async function run(message) {
  const { port, upstreamOrigin } = message;
  plan = message.plan;
  const host = `127.0.0.1:${port}`;
  const slow = slowClients(port, host, upstreamOrigin, plan);
  await after(200); // The slow clients are in place before the load starts.
  process.send({ type: 'load-started' });
  const started = Date.now();

  const gets = Array.from({ length: plan.relayedGets }, async (_, i) => {
    await after((i / plan.relayedGets) * plan.rampMs);
    const r = await request(port, 'GET', '/_relay/s3', {
      host,
      'x-s3fm-target': upstreamOrigin,
      'x-s3fm-path': `/bucket/key-${i}`,
    });
    return { status: r.status, bytes: r.body?.length ?? 0 };
  });
  const batches = Array.from({ length: plan.batches }, async (_, n) => {
    await after((n / plan.batches) * plan.rampMs);
    const files = Array.from({ length: plan.filesPerBatch }, () =>
      Buffer.alloc(plan.fileBytes, 0x61 + (n % 26)),
    );
    const body = batchBody(
      {
        endpoint: upstreamOrigin,
        path: '/bucket/',
        fields: { Policy: 'cG9saWN5', 'X-Amz-Signature': 'ab'.repeat(32) },
        files: files.map((f, i) => ({ key: `batch-${n}/file-${i}`, type: 'text/plain', size: f.length })),
      },
      files,
    );
    const r = await request(
      port,
      'POST',
      '/_relay/batch',
      { host, 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
      body,
    );
    const lines =
      r.status === 200
        ? r.body
            .toString('utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
        : [];
    return { status: r.status, statuses: lines.map((l) => l.status) };
  });
  const results = {
    gets: await Promise.all(gets),
    batches: await Promise.all(batches),
    loadMs: Date.now() - started,
    maxGetsInFlight,
    slowOpen: slow.open(),
  };
  slow.stop();
  process.send({ type: 'done', ...results });
}

process.on('message', (message) => {
  if (message.type === 'start') void run(message);
  if (message.type === 'stop') upstream.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
