#!/usr/bin/env node
// A throwaway local S3 server for development and tests: a one-monitor, one-OSD Ceph cluster kept in RAM
// (memstore) with a RADOS Gateway (RGW) in front, all inside one folder, no systemd, no disks, nothing in /etc or /var.
//
//   node scripts/sandbox.mjs start    build it (or reuse a running one), create users + bucket, write sandbox.json
//   node scripts/sandbox.mjs stop     kill the daemons and delete the folder (all data is gone)
//   node scripts/sandbox.mjs status   say whether the endpoint answers (exit 1 if not)
//
// Environment: S3FM_SANDBOX_DIR (default <project>/.sandbox), S3FM_SANDBOX_PORT (RGW, 7480),
// S3FM_SANDBOX_MON_PORT (16789), S3FM_SANDBOX_MEM_GB (memstore size in GiB, 6: RAM use is about twice what is stored), S3FM_APP_ORIGINS (CORS origins).
// Settings below follow shared/notes/rgw-single-node.md; "trap" comments mark what broke when it was done otherwise.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  S3Client,
  CreateBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.resolve(process.env.S3FM_SANDBOX_DIR || path.join(PROJECT, '.sandbox'));
const PORT = Number(process.env.S3FM_SANDBOX_PORT || 7480);
const MON_PORT = Number(process.env.S3FM_SANDBOX_MON_PORT || 16789);
const MEM_GB = Number(process.env.S3FM_SANDBOX_MEM_GB || 6);
const ENDPOINT = `http://127.0.0.1:${PORT}`;
const CONF = path.join(DIR, 'ceph.conf');
const RUN = path.join(DIR, 'run');
const LOG = path.join(DIR, 'log');
// Outside the folder, which start and stop delete. One per folder.
const LOCK = path.join(
  os.tmpdir(),
  `s3fm-sandbox-${crypto.createHash('sha1').update(DIR).digest('hex').slice(0, 12)}.lock`,
);
const BUCKET = 'demo';
const user = (uid, accessKey, secretKey) => ({ uid, accessKey, secretKey });
const DEMO = user('demo', 'DEMOACCESSKEY0000001', 'demo-secret-key-for-the-local-sandbox-only');
// A second account, to test what another account may and may not see.
const OTHER = user('other', 'OTHERACCESSKEY000001', 'other-secret-key-for-the-local-sandbox-only');
const ORIGINS = (
  process.env.S3FM_APP_ORIGINS ||
  'http://localhost:8080,http://127.0.0.1:8080,http://localhost:4173,http://127.0.0.1:4173'
)
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
// Ceph names of the three daemons; their pid files are RUN/<name>.pid (see "pid file" below).
const DAEMONS = { rgw: 'client.rgw', osd: 'osd.0', mon: 'mon.a' };
const TOOLS = ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph'];
const PACKAGES = 'ceph-mon ceph-osd radosgw ceph-common';
const env = { ...process.env, CEPH_CONF: CONF };
// The SDK warns on every run that its 2027 releases will need Node 22; not news to anyone starting a sandbox.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const say = (msg) => console.log(`[sandbox ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function fail(msg) {
  console.error(`sandbox: ${msg}`);
  process.exit(1);
}

// Run a command to completion (with a timeout: a misconfigured monitor makes clients hang, not fail).
function run(cmd, args, { timeout = 60_000, ok = () => false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 || ok(out)) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || code}):\n${out.trim()}`));
    });
  });
}

// Start a Ceph daemon. It forks itself into the background and the process we spawn exits (mon and osd: once
// initialised); we wait for that exit. Output goes to a file rather than a pipe, so no descriptor of ours keeps
// the daemon tied to this script, and detached puts it in its own session, out of reach of a later Ctrl-C here.
function startDaemon(cmd, args, name) {
  const outFile = path.join(LOG, `${name}.out`);
  const fd = fs.openSync(outFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, ['-c', CONF, ...args], { env, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(fd);
      if (code === 0) resolve();
      else
        reject(new Error(`${cmd} exited with ${code}; see ${outFile} and ${path.join(LOG, name + '.log')}`));
    });
  });
}

// start and stop hold a lock: two starts at once (a test run and a developer, say) would otherwise each find no
// RGW, and the second would kill the first one's fresh daemons and wipe its folder. The second waits and reuses.
async function lock() {
  for (let waited = 0; ; waited += 250, await sleep(250)) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      process.on('exit', () => fs.rmSync(LOCK, { force: true }));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = Number(readText(LOCK)); // 0 if its writer has not written yet: wait
    if (holder && !fs.existsSync(`/proc/${holder}`))
      fs.rmSync(LOCK, { force: true }); // left by a killed run
    else if (waited === 0) say(`waiting for another sandbox command (pid ${holder}) to finish`);
    else if (waited > 180_000) fail(`pid ${holder} has held ${LOCK} for 3 minutes; giving up`);
  }
}

const which = (tool) =>
  (process.env.PATH || '')
    .split(':')
    .concat(['/usr/bin', '/usr/sbin', '/bin', '/sbin'])
    .some((d) => d && fs.existsSync(path.join(d, tool)));

async function ensurePackages() {
  const missing = TOOLS.filter((t) => !which(t));
  if (!missing.length) return;
  const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES}`;
  if (process.getuid?.() !== 0) {
    fail(`missing ${missing.join(', ')}. Install Ceph first:\n  sudo apt-get update && sudo ${install}`);
  }
  say(`missing ${missing.join(', ')}: installing ${PACKAGES} (apt-get)`);
  for (const c of ['apt-get update', install]) {
    const r = await new Promise((res) => spawn('sh', ['-c', c], { stdio: 'inherit' }).on('close', res));
    if (r !== 0) fail(`"${c}" failed (${r})`);
  }
}

async function answers() {
  try {
    const res = await fetch(`${ENDPOINT}/`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200; // an anonymous ListAllMyBucketsResult
  } catch {
    return false;
  }
}

// '' when the file is missing (or was removed a moment ago by another process).
function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const readPids = () =>
  Object.fromEntries(
    Object.entries(DAEMONS).map(([key, name]) => [key, Number(readText(`${RUN}/${name}.pid`)) || undefined]),
  );

// Alive and really a Ceph daemon: a pid file that survived a reboot may name an unrelated process now.
// (An exited daemon not yet reaped by its new parent has an empty cmdline, so it counts as gone.)
const isOurs = (pid) => /ceph-mon|ceph-osd|radosgw/.test(readText(`/proc/${pid}/cmdline`));

// One at a time, RGW first and the monitor last: each stops in well under a second when the ones it talks to are
// still up, while all three at once took 5 s (the OSD and RGW wait for a monitor that is gone).
async function killDaemons() {
  const pids = Object.values(readPids()).filter((p) => p && isOurs(p)); // DAEMONS order: rgw, osd, mon
  const signal = (p, sig) => isOurs(p) && process.kill(p, sig);
  for (const p of pids) {
    signal(p, 'SIGTERM');
    for (let i = 0; i < 100 && isOurs(p); i++) await sleep(100); // 10 s
    signal(p, 'SIGKILL');
    for (let i = 0; i < 20 && isOurs(p); i++) await sleep(100); // its ports must be free before a restart
  }
  return pids.length;
}

// The folder is deleted on start and stop; refuse if S3FM_SANDBOX_DIR points at something that is not ours.
function removeDir() {
  if (!fs.existsSync(DIR)) return;
  const entries = fs.readdirSync(DIR);
  if (entries.length && !entries.includes('ceph.conf') && !entries.includes('sandbox.json')) {
    fail(`${DIR} is not empty and is not a sandbox folder; refusing to delete it`);
  }
  fs.rmSync(DIR, { recursive: true, force: true });
}

function cephConf(fsid) {
  return `# Generated by scripts/sandbox.mjs; deleted with the folder.
[global]
fsid = ${fsid}
# Trap: the address must say v1; the monmap is built the same way (see monmaptool below).
mon host = v1:127.0.0.1:${MON_PORT}
# No keys anywhere: no keyrings to make, and clients need no credentials to talk to the cluster.
auth cluster required = none
auth service required = none
auth client required = none
ms bind ipv6 = false
# Everything the daemons and tools write stays in the folder (nothing in /var/run, /var/log, /var/lib).
run dir = ${RUN}
log file = ${LOG}/$name.log
pid file = $run_dir/$name.pid
admin socket = $run_dir/$name.$pid.asok
# One OSD: pools of size 1, placement across OSDs (not hosts), few PGs (RGW makes ~7 pools at start).
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
# Every pool RGW creates and every OSD state change is a new OSD map, and the monitor commits at most one
# change per second by default: that was 14 of the 16 s a start took. At 0.1 s a start takes 2-4 s.
paxos propose interval = 0.1
# The monitor shuts itself down below 5% free disk by default; the data it guards is throwaway.
mon data avail crit = 0

[mon]
mon data = ${DIR}/mon.$id
admin socket = $run_dir/$name.asok

[osd]
osd data = ${DIR}/osd.$id
admin socket = $run_dir/$name.asok
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# Trap: by default the OSD, at boot, asks the monitor to place it in the CRUSH map. It can ask before it has
# received the monitor map, with a zero fsid: the monitor answers "wrong fsid" and the OSD exits (about 1 start
# in 3 here).
# The script places it with "ceph osd crush add" instead.
osd crush update on start = false
osd class update on start = false
# Objects live in RAM; this is the capacity the OSD reports (it fills at 95%), not memory taken up front.
# It counts object data only. Measured: RAM grows about twice the bytes stored through RGW (its 4 MiB
# write_full ops cost double in memstore), plus ~20 KiB per object of metadata and bucket index.
osd objectstore = memstore
memstore device bytes = ${Math.round(MEM_GB * 1024 ** 3)}

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${PORT} tcp_nodelay=1
rgw data = ${DIR}/rgw
# rgw dns name is left unset on purpose: clients use path-style URLs (http://127.0.0.1:PORT/bucket/key).
rgw enable usage log = false
rgw enable ops log = false
# Deleted or overwritten data stays in RAM until garbage collection; the defaults wait 2 h and run hourly, so
# tests that upload and delete 256 MiB files would fill the memstore. RGW stripes large objects into 4 MiB RADOS
# objects itself, so no object size limit needs raising.
rgw gc obj min wait = 30
rgw gc processor period = 30
rgw gc processor max time = 30
# 100,000 keys fit in the default 11 index shards (100,000 keys per shard before a reshard); never reshard
# in the middle of a test (a reshard blocks writes to the bucket).
rgw dynamic resharding = false
`;
}

async function buildCluster() {
  await ensurePackages();
  const stale = await killDaemons(); // e.g. a monitor left over when only RGW died: it would hold the port
  if (stale) say(`stopped ${stale} leftover daemon(s) from ${DIR}`);
  removeDir();
  for (const d of [RUN, LOG, path.join(DIR, 'mon.a'), path.join(DIR, 'osd.0'), path.join(DIR, 'rgw')]) {
    fs.mkdirSync(d, { recursive: true });
  }
  const fsid = crypto.randomUUID();
  fs.writeFileSync(CONF, cephConf(fsid));
  say(`building a one-node Ceph cluster in ${DIR} (memstore ${MEM_GB} GiB, mon port ${MON_PORT})`);

  // Trap: with plain --add, a port other than 6789 is taken as a msgr2 address and every client call hangs.
  const monmap = path.join(DIR, 'monmap');
  await run('monmaptool', ['--create', '--addv', 'a', `[v1:127.0.0.1:${MON_PORT}]`, '--fsid', fsid, monmap]);
  await run('ceph-mon', ['-c', CONF, '--mkfs', '-i', 'a', '--monmap', monmap]);
  await startDaemon('ceph-mon', ['-i', 'a'], 'mon.a');
  // The OSD id must exist in the OSD map before the OSD can make its store and boot.
  const ceph = (...args) => run('ceph', ['-c', CONF, '--connect-timeout', '30', ...args]);
  const id = (await ceph('osd', 'create')).trim();
  if (id !== '0') throw new Error(`ceph osd create returned ${JSON.stringify(id)}, expected 0`);
  // Placed in the CRUSH map here rather than by the OSD itself at boot (see "osd crush update on start").
  await ceph('osd', 'crush', 'add', 'osd.0', '1', 'root=default');
  await run('ceph-osd', ['-c', CONF, '-i', '0', '--mkfs']);
  await startDaemon('ceph-osd', ['-i', '0'], 'osd.0');
  // No manager daemon is needed for S3. RGW creates its pools (and the default zone) itself on first start.
  await startDaemon('radosgw', ['-n', 'client.rgw'], 'client.rgw');
  say('daemons started; waiting for RGW to answer');

  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(250)) {
    if (await answers()) return;
    const rgw = readPids().rgw;
    if (rgw && !isOurs(rgw)) break; // it started and died: no point in waiting
  }
  const log = path.join(LOG, 'client.rgw.log');
  const tail = readText(log).split('\n').slice(-40).join('\n');
  fail(`RGW did not answer at ${ENDPOINT} within 90 s. Tail of ${log}:\n${tail}`);
}

// Users are made with radosgw-admin (it talks to RADOS directly, not to RGW). Only after RGW answers: run
// during RGW's first start, it can race RGW in creating the default zone. Its own log goes to a separate file.
async function ensureUser(u) {
  const log = path.join(LOG, 'radosgw-admin.log');
  const user = [
    `--uid=${u.uid}`,
    `--display-name=${u.uid}`,
    `--access-key=${u.accessKey}`,
    `--secret=${u.secretKey}`,
  ];
  const args = ['-c', CONF, '-n', 'client.rgw', '--log-file', log, 'user', 'create', ...user];
  await run('radosgw-admin', args, { ok: (out) => /exists/.test(out) }); // exit 17 "user: demo exists"
}

function client(u) {
  return new S3Client({
    endpoint: ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: u.accessKey, secretAccessKey: u.secretKey },
    // The SDK's default (WHEN_SUPPORTED) adds CRC checksums RGW 16.2 does not know about.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

// Response headers a page may read (ETag: multipart uploads; the others: the object details shown).
const EXPOSE = [
  'ETag',
  // Date lets the SDK correct a wrong browser clock (RequestTimeTooSkewed) without the relay.
  'Date',
  'x-amz-request-id',
  'x-amz-version-id',
  'Content-Length',
  'Content-Type',
  'Content-Disposition',
  'Last-Modified',
];
const SEED = [
  ['hello.txt', 'Hello World!', 'text/plain'],
  [
    'docs/readme.md',
    '# Demo bucket\n\nA few files to click through:\n\n- `hello.txt`\n- `docs/notes/2024.txt`\n' +
      '- `photos/sunset.svg`\n\nEverything here lives in RAM and is gone after `npm run sandbox:stop`.\n',
    'text/markdown',
  ],
  ['docs/notes/2024.txt', 'Notes for 2024\n- try the file manager against a real S3 server\n', 'text/plain'],
  ['photos/', '', 'application/x-directory'],
  [
    'photos/sunset.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="100" viewBox="0 0 160 100">' +
      '<rect width="160" height="100" fill="#2b1b4f"/><circle cx="80" cy="72" r="26" fill="#ff9a3c"/>' +
      '<rect y="72" width="160" height="28" fill="#1d3557"/></svg>\n',
    'image/svg+xml',
  ],
];

async function ensureBucket() {
  const s3 = client(DEMO);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  } catch (e) {
    if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET })); // 403 if it belongs to someone else
  }
  // CORS is per bucket in RGW; without a rule every browser preflight to the bucket fails.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: BUCKET,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: ORIGINS,
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposeHeaders: EXPOSE,
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
  const { KeyCount } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 }));
  if (KeyCount) return;
  for (const [Key, Body, ContentType] of SEED) {
    // An explicit length: for the empty "photos/" marker the SDK would otherwise send none and warn.
    const ContentLength = Buffer.byteLength(Body);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentType, ContentLength }));
  }
  say(`seeded ${SEED.length} demo objects`);
}

// All three daemons of this folder are running (RGW can answer GET / with the monitor or OSD dead, and then
// hang on everything else).
const allAlive = () => Object.keys(DAEMONS).every((k) => isOurs(readPids()[k]));

async function start() {
  await lock();
  if ((await answers()) && (!fs.existsSync(CONF) || allAlive())) {
    say(`RGW already answers at ${ENDPOINT}: reusing it`);
    if (fs.existsSync(CONF)) await Promise.all([ensureUser(DEMO), ensureUser(OTHER)]);
    else {
      // Not our folder (another S3 server, or another S3FM_SANDBOX_DIR): usable only if the keys already work.
      await client(DEMO)
        .send(new ListBucketsCommand({}))
        .catch((e) =>
          fail(
            `something answers at ${ENDPOINT} but ${CONF} is missing and the demo keys fail (${e.name}); ` +
              `free the port or set S3FM_SANDBOX_PORT`,
          ),
        );
      fs.mkdirSync(DIR, { recursive: true });
    }
  } else {
    await buildCluster();
    await Promise.all([ensureUser(DEMO), ensureUser(OTHER)]);
  }
  await ensureBucket();
  const info = {
    endpoint: ENDPOINT,
    region: 'us-east-1',
    accessKey: DEMO.accessKey,
    secretKey: DEMO.secretKey,
    bucket: BUCKET,
    other: { accessKey: OTHER.accessKey, secretKey: OTHER.secretKey },
    pids: readPids(),
  };
  fs.writeFileSync(path.join(DIR, 'sandbox.json'), JSON.stringify(info, null, 2) + '\n');
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`
  S3 endpoint  ${ENDPOINT}   (region us-east-1, path-style)
  access key   ${DEMO.accessKey}
  secret key   ${DEMO.secretKey}
  bucket       ${BUCKET}   (CORS for ${ORIGINS.join(', ')})
  2nd user     ${OTHER.accessKey} / ${OTHER.secretKey}
  details      ${path.join(DIR, 'sandbox.json')}   stop with: node scripts/sandbox.mjs stop
`);
}

async function stop() {
  await lock();
  const n = await killDaemons();
  removeDir();
  console.log(
    n ? `sandbox stopped (${n} daemons), ${DIR} removed` : `no sandbox daemons were running; ${DIR} removed`,
  );
}

async function status() {
  const up = await answers();
  console.log(up ? `sandbox: RGW answers at ${ENDPOINT}` : `sandbox: nothing answers at ${ENDPOINT}`);
  process.exit(up ? 0 : 1);
}

const commands = { start, stop, status };
const cmd = process.argv[2];
if (!commands[cmd]) fail('usage: node scripts/sandbox.mjs start|stop|status');
commands[cmd]().catch((e) => fail(e.stack || String(e)));
