import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/features/evidence/sniff.ts';
import { evidenceKey } from '../../src/features/evidence/storage.ts';
import { EVIDENCE_CONTENT_TYPES, FAMILY_OF } from '../../src/features/evidence/vocabulary.ts';
import { inlineDisposition } from '../../src/platform/http/disposition.ts';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)));
/** An ISO-BMFF ftyp box: size, 'ftyp', major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join(''), [0, 0, 0, 8], 'meta');
};

describe('sniff: the format from the first bytes', () => {
  it.each([
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'jpeg'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1]), 'jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'pdf'],
    ...['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'].map(
      (brand) => [`HEIF major brand ${brand}`, ftyp(brand, 'mif1'), 'heif'] as const,
    ),
    ['HEIF with a generic major brand but heic compatible', ftyp('iso8', 'mif1', 'heic'), 'heif'],
  ] as const)('%s', (_label, input, family) => {
    expect(sniff(input)).toBe(family);
  });

  it.each([
    ['empty', bytes()],
    ['two JPEG bytes only', bytes([0xff, 0xd8])],
    ['PNG with a broken signature', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00])],
    ['a WAV file (RIFF but not WEBP)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['GIF', bytes('GIF89a')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['HTML', bytes('<!doctype html>')],
    ['"%PDF" without the dash', bytes('%PDF')],
    ['AVIF (ftyp avif, compatible mif1 only)', ftyp('avif', 'mif1', 'miaf')],
    ['MP4', ftyp('isom', 'iso2', 'mp41')],
    ['QuickTime', ftyp('qt  ', 'qt  ')],
    ['ZIP', bytes([0x50, 0x4b, 0x03, 0x04])],
  ] as const)('not evidence: %s', (_label, input) => {
    expect(sniff(input)).toBeNull();
  });

  it('every allowed content type has a family sniff can find', () => {
    const families = new Set(Object.values(FAMILY_OF));
    expect(new Set(EVIDENCE_CONTENT_TYPES.map((t) => FAMILY_OF[t]))).toEqual(families);
    expect([...families].sort()).toEqual(['heif', 'jpeg', 'pdf', 'png', 'webp']);
  });
});

describe('names and keys', () => {
  it('Content-Disposition carries any file name percent-encoded as UTF-8, so nothing can break the header', () => {
    expect(inlineDisposition('照片.jpg')).toBe("inline; filename*=UTF-8''%E7%85%A7%E7%89%87.jpg");
    expect(inlineDisposition('a"b;c\'(d)*.pdf')).toBe("inline; filename*=UTF-8''a%22b%3Bc%27%28d%29%2A.pdf");
    expect(inlineDisposition('x\r\nSet-Cookie: y')).not.toMatch(/[\r\n]/);
  });

  it('keys are tenant/evidence/yyyy/mm/id in UTC', () => {
    const tenant = '11111111-1111-4111-8111-111111111111';
    const id = '22222222-2222-4222-8222-222222222222';
    // 2026-11-30T16:30Z is already 12-01 in Shanghai: the key uses the UTC month.
    expect(evidenceKey(tenant, new Date('2026-11-30T16:30:00Z'), id)).toBe(`tenants/${tenant}/evidence/2026/11/${id}`);
    expect(evidenceKey(tenant, new Date('2027-01-05T00:00:00Z'), id)).toBe(`tenants/${tenant}/evidence/2027/01/${id}`);
  });
});
