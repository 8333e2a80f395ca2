import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

/**
 * The download service worker (src/download-worker/download-sw.ts), bundled on its own into one classic script at
 * /download-sw.js: a worker may only control paths under its own folder, and it controls /_download/.
 */
function downloadWorker(): Plugin {
  const bundle = async (minify: boolean) => {
    const output = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify,
        target: 'es2022',
        lib: { entry: 'src/download-worker/download-sw.ts', formats: ['iife'], name: 'downloadWorker' },
      },
    });
    const [result] = Array.isArray(output) ? output : [output];
    if (!('output' in result)) throw new Error('The download worker did not build.');
    return result.output[0].code;
  };
  return {
    name: 's3fm-download-worker',
    configureServer(server) {
      server.middlewares.use('/download-sw.js', (_request, response, next) => {
        bundle(false).then((code) => {
          response.setHeader('Content-Type', 'text/javascript');
          response.end(code);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'download-sw.js', source: await bundle(true) });
    },
  };
}

export default defineConfig({
  plugins: [react(), downloadWorker()],
  build: {
    sourcemap: true,
    target: 'es2022',
    // Two pages: the app, and the drop page of file requests (no SDK), each with its own initial JavaScript.
    rollupOptions: { input: { main: 'index.html', drop: 'drop/index.html' } },
  },
  server: {
    // `npm run dev`: the relay lives in the app's server; point the dev server at a running one.
    proxy: { '/_relay': process.env.S3FM_DEV_RELAY ?? 'http://127.0.0.1:8080' },
  },
});
