import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The API reference page (/api/docs) loads Scalar's standalone bundle from our own assets rather
 * than a CDN, so it works offline and behind district networks. Copied next to the built SPA.
 */
// The package's exports map does not expose dist/browser, so the file is read by path.
const source = join(import.meta.dirname, '../node_modules/@scalar/api-reference/dist/browser/standalone.js');
const target = join(import.meta.dirname, '../web/dist/vendor/scalar-api-reference.js');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
