import { defineConfig } from 'vite';

// Built by `npm run build:web` (= `vite build web`); the API host serves web/dist at `/`.
// No framework plugin: vite 8 transforms TSX with oxc, told here to use Preact's automatic runtime.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    cssMinify: true,
    sourcemap: false,
    reportCompressedSize: true,
    // Which chunks each page loads first: scripts/bundle-size.ts sums them against the first-load budget.
    manifest: true,
    // The chart chunk (ECharts: line and bar charts, ~540 kB, ~180 kB gzipped) loads only on the
    // pages that draw a chart; the app's own chunk stays well under this.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://localhost:8787', '/healthz': 'http://localhost:8787' },
  },
});
