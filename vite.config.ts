import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
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
