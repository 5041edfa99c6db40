import type { FileFamily } from './vocabulary.ts';

/**
 * The format of a file from its first bytes (magic numbers), never from its name or declared type.
 * Only the formats evidence may have are recognised; anything else is null.
 */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
/** Compatible brands that alone make a file HEIF (the generic mif1/msf1 are shared with AVIF). */
const HEIF_COMPATIBLE = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs']);

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** How many leading bytes sniff() may look at: enough for an ftyp box with a few brands. */
export const SNIFF_BYTES = 64;

export function sniff(bytes: Uint8Array): FileFamily | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'heif';
    // ftyp box: size(4) 'ftyp'(4) major(4) minor version(4) compatible brands(4 each) up to size.
    const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const end = Math.min(boxSize, bytes.length);
    for (let at = 16; at + 4 <= end; at += 4) if (HEIF_COMPATIBLE.has(ascii(bytes, at, at + 4))) return 'heif';
  }
  return null;
}
