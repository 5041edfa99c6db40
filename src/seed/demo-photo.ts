import { deflateSync } from 'node:zlib';

/**
 * Small real PNGs for demo evidence and the browser tests, so they pass the same magic-byte and
 * checksum checks as real uploads. Node only (the seed and the tests run there).
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Any picture as a real PNG (8-bit RGB), one colour per pixel. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => readonly number[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * (1 + width * 3) + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array())]);
}

export function demoPng([r, g, b]: [number, number, number], size = 96, stamp?: number): Buffer {
  return encodePng(size, size, (x, y) => {
    // A stamp in the first pixel makes each photo its own file (distinct SHA-256), as real ones are.
    if (stamp !== undefined && x === 0 && y === 0) return [(stamp >> 16) & 255, (stamp >> 8) & 255, stamp & 255];
    const band = y > size * 0.4 && y < size * 0.6 ? 0.6 : 1;
    return [Math.round(r * band), Math.round(g * band), Math.round(b * band)];
  });
}
