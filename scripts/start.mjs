#!/usr/bin/env node
// `npm start`: build the app, start the local RGW sandbox (unless --no-sandbox), and serve both the app and the
// relay. `npm start -- --no-sandbox` serves the app alone, for your own endpoint.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const withSandbox = !args.includes('--no-sandbox');
const port = process.env.PORT ?? '8080';
const sandboxDir = process.env.S3FM_SANDBOX_DIR ?? join(root, '.sandbox');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (withSandbox) run(process.execPath, [join(root, 'scripts/sandbox.mjs'), 'start']);
run('npm', ['run', '--silent', 'build']);

const env = { ...process.env, PORT: port };
if (withSandbox && existsSync(join(sandboxDir, 'sandbox.json'))) {
  env.S3FM_SANDBOX_FILE = join(sandboxDir, 'sandbox.json');
}
const server = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'server/main.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
