import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const apiTarget = process.env.CASEBENCH_API ?? 'http://127.0.0.1:3000';

// The front end is built into web/dist and served by the Hono server from the same origin.
// `npm run dev` runs this dev server with the API proxied to a running `npm start`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: true,
  },
  resolve: {
    // Libraries that still deep-import Monaco's old layout.
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/u, replacement: 'monaco-editor/$1' }],
  },
  // The lab editor's YAML worker: found late by `vite dev`, it would reload the page mid-session.
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
