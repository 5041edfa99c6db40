import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Writes a brotli (.br) and a gzip (.gz) copy next to each compressible file of the built SPA,
 * once at build time, at the strongest settings: the Node host sends them to browsers that accept
 * them (src/node/web.ts) instead of compressing the same bytes on every request. Workers ignore
 * them (web/public/.assetsignore): the edge compresses there.
 */
const DIST = join(import.meta.dirname, '../web/dist');
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);
// Below this a compressed copy saves less than a packet.
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue; // Vite's manifest: not served
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
for (const path of files(DIST)) {
  if (!COMPRESSIBLE.has(extname(path))) continue;
  const bytes = readFileSync(path);
  if (bytes.length < MIN_BYTES) continue;
  // Brotli's best (11) for the app's own files; 9 above a MiB (the API reference's 4 MB script:
  // 7.5 s at 11, 0.7 s at 9, 10% larger), so the build stays quick.
  const quality = bytes.length > 1024 * 1024 ? 9 : 11;
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  );
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  count++;
}
console.log(`compress-web: ${count} files precompressed (.br, .gz)`);
