import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What a browser downloads before a page of the built SPA can show: the entry's chunks and the
 * page's own chunk with everything they import statically, read from Vite's manifest
 * (web/dist/.vite/manifest.json). Chunks loaded later (charts, English) are not counted.
 */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  /** A module some code imports dynamically: the SPA's pages (routes.tsx), English, the charts. */
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface FirstLoad {
  /** JavaScript files, gzipped bytes summed. */
  jsGzip: number;
  cssGzip: number;
  files: string[];
}

export function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The first load of the page whose module is `pageSrc` (e.g. `src/pages/hazards.tsx`); none for the entry alone. */
export function firstLoad(dist: string, manifest: Manifest, pageSrc?: string): FirstLoad {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const roots = [entry];
  if (pageSrc) {
    const page = Object.keys(manifest).find((k) => manifest[k]!.src === pageSrc);
    if (!page) throw new Error(`${pageSrc} is not a chunk of its own (is it imported lazily?)`);
    roots.push(page);
  }
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  roots.forEach(visit);
  const chunks = [...seen].map((k) => manifest[k]!);
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))];
  return {
    jsGzip: chunks.reduce((n, c) => n + gz(c.file), 0),
    cssGzip: css.reduce((n, f) => n + gz(f), 0),
    files: [...chunks.map((c) => c.file), ...css],
  };
}
