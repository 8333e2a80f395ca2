import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { meets, type Metric, type Scenario } from '../types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KB = 1000;

/**
 * The JavaScript a first visit loads before anything shows: the entry script of the built index.html and every
 * module it preloads, each compressed with gzip (node:zlib, default level), as the app's server sends it. Read from
 * the running app server, so it is exactly what a browser gets. The baseline is a stub entry that imports only the
 * SDK pieces the app uses (the client-s3 commands imported anywhere in src/, and the presigner), built by the same
 * Vite config: what any page that talks S3 with SDK v3 starts with.
 */
export const initialJavascript: Scenario = {
  name: 'initial-javascript',
  title: 'Initial JavaScript, gzip',
  async run(context) {
    const app = await servedInitialJs(context.baseURL, '/');
    const drop = await servedInitialJs(context.baseURL, '/drop/');
    const stub = await buildStub();
    context.log(
      `app ${(app.total / KB).toFixed(1)} KB in ${app.files.length} files, SDK stub ${(stub.total / KB).toFixed(1)} KB`,
    );
    const metrics: Metric[] = [
      {
        name: 'initial JavaScript of the app, gzip (entry + modulepreloads)',
        value: app.total / KB,
        unit: 'KB',
        baseline: {
          name: `client-s3 (${stub.commands.length} commands) + presigner alone`,
          value: stub.total / KB,
        },
        ratio: app.total / stub.total,
        target: '<= 150',
        pass: meets(app.total / KB, '<= 150'),
      },
      {
        // The page a stranger opens from a file request link: no SDK, only the form POST.
        name: 'initial JavaScript of the drop page (/drop/), gzip',
        value: drop.total / KB,
        unit: 'KB',
        target: '<= 80',
        pass: meets(drop.total / KB, '<= 80'),
      },
    ];
    return {
      parameters: { files: app.files.length, compression: 'gzip (node:zlib default level)' },
      metrics,
      rounds: [],
      notes: [
        `The drop page loads up front: ${drop.files.map((f) => `${f.name} ${(f.gzip / KB).toFixed(1)} KB`).join(', ')}.`,
        `Loaded up front: ${app.files.map((f) => `${f.name} ${(f.gzip / KB).toFixed(1)} KB`).join(', ')}.`,
        `The stub imports ${stub.commands.join(', ')} and getSignedUrl; KB = 1,000 bytes.`,
      ],
    };
  },
};

interface Sized {
  total: number;
  files: Array<{ name: string; gzip: number }>;
}

async function servedInitialJs(baseURL: string, page: string): Promise<Sized> {
  const html = await (await fetch(`${baseURL}${page}`)).text();
  const urls = initialScripts(html);
  const files = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(new URL(url, baseURL));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { name: path.basename(url), gzip: gzipSync(bytes).length };
    }),
  );
  return { total: files.reduce((n, f) => n + f.gzip, 0), files };
}

/** Module scripts and modulepreload links of an index.html, in order, each once. */
function initialScripts(html: string): string[] {
  const found = [
    ...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((m) => m[1]);
  return [...new Set(found)];
}

/** Every command the app imports from client-s3 (test files aside). */
function appCommands(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const source = fs.readFileSync(full, 'utf8');
        for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-s3'/g)) {
          for (const name of match[1].split(',')) {
            const bare = name.replace(/^\s*type\s+/, '').trim();
            if (/^\w+Command$/.test(bare) && !/^\s*type\s/.test(name)) names.add(bare);
          }
        }
      }
    }
  };
  visit(path.join(root, 'src'));
  return [...names].sort();
}

/** Builds a page whose only script uses the client, those commands and the presigner, with the app's Vite config. */
async function buildStub(): Promise<Sized & { commands: string[] }> {
  const commands = appCommands();
  // Inside the project, so the SDK resolves from its node_modules; the output goes to the temp dir.
  const stubRoot = path.join(root, 'node_modules/.cache/s3fm-bench-sdk-stub');
  const outDir = path.join(os.tmpdir(), 's3fm-bench-sdk-stub-dist');
  fs.mkdirSync(stubRoot, { recursive: true });
  fs.writeFileSync(
    path.join(stubRoot, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./main.ts"></script></head><body></body></html>\n',
  );
  fs.writeFileSync(
    path.join(stubRoot, 'main.ts'),
    [
      `import { S3Client, ${commands.join(', ')} } from '@aws-sdk/client-s3';`,
      `import { getSignedUrl } from '@aws-sdk/s3-request-presigner';`,
      // Kept reachable so nothing is shaken out.
      `Object.assign(globalThis, { S3Client, getSignedUrl, ${commands.join(', ')} });`,
      '',
    ].join('\n'),
  );
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    root: stubRoot,
    logLevel: 'warn',
    // The stub's page alone (the app's config lists the app's own pages).
    build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(stubRoot, 'index.html') } },
  });
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const files = initialScripts(html).map((url) => ({
    name: path.basename(url),
    gzip: gzipSync(fs.readFileSync(path.join(outDir, url.replace(/^\//, '')))).length,
  }));
  return { total: files.reduce((n, f) => n + f.gzip, 0), files, commands };
}
