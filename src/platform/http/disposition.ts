/**
 * Content-Disposition values (RFC 6266) carrying the user's file name UTF-8 and percent-encoded
 * (RFC 8187 `filename*`), so no character of a name can break the header.
 */
const encoded = (fileName: string) =>
  encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** Shown in the browser (evidence photos and PDFs). */
export const inlineDisposition = (fileName: string) => `inline; filename*=UTF-8''${encoded(fileName)}`;

/** Saved as a file (exports), with a plain ASCII `filename` for clients that know no better. */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded(fileName)}`;
}
