import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const srcRoot = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Writes `.br` and `.gz` beside every built script and stylesheet, so the server can send them compressed
 * without compressing on each request (@fastify/static `preCompressed: true`).
 */
function precompress(): Plugin {
  return {
    name: 'guanxi-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? path.join(webRoot, 'dist');
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json)$/.test(file)) continue;
        const target = path.join(outDir, file);
        const content = readFileSync(target);
        if (content.length < 1024) continue;
        writeFileSync(`${target}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/** The web app, served by the Guanxi server from web/dist (every non-/api path gets index.html). */
export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  resolve: {
    // The server's Node subpath import `#src/*` (package.json "imports"), so shared schema files resolve here too.
    alias: [{ find: /^#src\/(.*)$/, replacement: `${srcRoot}$1` }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The shared vendor chunk (React, antd core, i18next) is ~600 kB minified; the budget that matters is gzipped:
    // login and first screen under 300 kB (see docs/user-guide.md, "Size").
    chunkSizeWarningLimit: 700,
  },
  // `npm run dev:web` (and `vite preview`) forward the API to a running Guanxi server.
  server: {
    proxy: { '/api': process.env['GUANXI_API_URL'] ?? 'http://127.0.0.1:3000' },
  },
});
