import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { sourcemap: true, target: 'es2022' },
  server: {
    // `npm run dev`: the relay lives in the app's server; point the dev server at a running one.
    proxy: { '/_relay': process.env.S3FM_DEV_RELAY ?? 'http://127.0.0.1:8080' },
  },
});
