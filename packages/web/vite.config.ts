/**
 * Vite config for the web shell. Root is this folder; `vite build` writes dist/, which the server serves
 * at / (SPA fallback). `vite` (dev) proxies the API, /docs and /health to a server on 127.0.0.1:3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.RENSHE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // antd is large; pages are split by route, the shared antd core lands in one vendor chunk.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': server,
      '/docs': server,
      '/health': server,
    },
  },
});
