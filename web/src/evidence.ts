/**
 * Evidence upload, as the server's evidence feature wants it: ask for a presigned upload
 * (file name, type, size, SHA-256), send the bytes straight to S3 with it (a POST form or a PUT;
 * XMLHttpRequest, for the progress bar), then confirm. Network failures are retried with backoff; an expired
 * ticket is replaced by a new one. Downloads go through GET /evidence/{id} (a short-lived URL).
 */
import { ApiError, client, errorText, hasCode, ok } from './api.ts';
import type { EvidenceDownload, UploadTicket } from './api-types.ts';
import { t } from './i18n.ts';
import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from './vocabulary.ts';

const MAX_TRIES = 6;

export class UploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/** Waits a growing delay, or until the phone is back online, whichever is first. */
async function backoff(attempt: number, signal?: AbortSignal): Promise<void> {
  const delay = Math.min(1000 * 2 ** attempt, 15_000);
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    await Promise.race([new Promise<void>((r) => window.addEventListener('online', () => r(), { once: true })), sleep(30_000, signal)]);
  } else {
    await sleep(delay, signal);
  }
}

const isNetwork = (e: unknown) => e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.status === 429);

/** An API call retried on network failures and 5xx/429 (each of these calls is safe to repeat). */
async function retrying<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isNetwork(e) || attempt >= MAX_TRIES - 1 || signal?.aborted) throw e;
      await backoff(attempt, signal);
    }
  }
}

export function contentTypeOf(file: File): EvidenceContentType | null {
  const type = file.type.toLowerCase();
  if ((EVIDENCE_CONTENT_TYPES as readonly string[]).includes(type)) return type as EvidenceContentType;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const byExt: Record<string, EvidenceContentType> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
    heic: 'image/heic',
    heif: 'image/heif',
    pdf: 'application/pdf',
  };
  return (ext && byExt[ext]) || null;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of the file: WebCrypto where the page is a secure context, else a small fallback. */
export async function sha256(file: Blob): Promise<string> {
  const data = new Uint8Array(await file.arrayBuffer());
  if (globalThis.crypto?.subtle) return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
  return hex(sha256Fallback(data));
}

/** FIPS 180-4 SHA-256, for plain-http LAN use of the embedded default (no crypto.subtle there). */
export function sha256Fallback(data: Uint8Array): Uint8Array {
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
    0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
    0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
    0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
    0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const length = data.length;
  const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length << 3) >>> 0);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let a = h[0]!,
      b = h[1]!,
      c = h[2]!,
      d = h[3]!,
      e = h[4]!,
      f = h[5]!,
      g = h[6]!,
      hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const sums = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = h[i]! + sums[i]!;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}

type PostResult = { ok: true } | { ok: false; status: number };

/**
 * Sends the bytes as the ticket says: a presigned POST form (the policy fields first, the file
 * last) or a presigned PUT with its signed headers. Progress from 0 to 1.
 */
function sendFile(ticket: UploadTicket, file: Blob, onProgress: (f: number) => void, signal?: AbortSignal): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const { method, url, fields, headers } = ticket.upload;
    let body: Blob | FormData = file;
    if (method === 'PUT') {
      xhr.open('PUT', url);
      for (const [name, value] of Object.entries(headers ?? {})) xhr.setRequestHeader(name, value);
    } else {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields ?? {})) form.append(name, value);
      form.append('file', file);
      body = form;
      xhr.open('POST', url);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve(xhr.status >= 200 && xhr.status < 300 ? { ok: true } : { ok: false, status: xhr.status });
    xhr.onerror = () => resolve({ ok: false, status: 0 });
    xhr.ontimeout = () => resolve({ ok: false, status: 0 });
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

export interface UploadProgress {
  /** hashing → uploading → confirming. */
  phase: 'hashing' | 'uploading' | 'confirming' | 'retrying';
  /** 0..1 of the whole upload. */
  fraction: number;
}

/**
 * Uploads one file as evidence and resolves to its id once the server confirmed it. Rejects with
 * UploadError (with a message for the user) when it cannot succeed, or an AbortError when aborted.
 */
export async function uploadEvidence(file: File, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<string> {
  const contentType = contentTypeOf(file);
  if (!contentType) throw new UploadError(t('photo.badType'), false);
  onProgress({ phase: 'hashing', fraction: 0 });
  const digest = await sha256(file);
  // The server refuses any control character (Unicode category Cc) in a file name: drop them here.
  const fileName = file.name.replace(/\p{Cc}/gu, '').slice(-200) || 'photo.jpg';
  // One Idempotency-Key per ticket asked for: a retried request gets the same ticket, not a second one.
  const request = () => {
    const key = `ev-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const body = { fileName, contentType, size: file.size, sha256: digest };
    return retrying(() => ok(client.POST('/evidence', { body, headers: { 'Idempotency-Key': key } })), signal);
  };

  let ticket: UploadTicket;
  try {
    ticket = await request();
  } catch (e) {
    throw toUploadError(e);
  }
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    onProgress({ phase: attempt ? 'retrying' : 'uploading', fraction: 0.05 });
    const sent = await sendFile(ticket, file, (f) => onProgress({ phase: 'uploading', fraction: 0.05 + f * 0.9 }), signal);
    if (!sent.ok) {
      if (attempt >= MAX_TRIES - 1) throw new UploadError(t('photo.failed'), true);
      // 403 from S3 = the signature expired (the phone slept): ask for a fresh ticket.
      if (sent.status === 403 || Date.parse(ticket.expiresAt) < Date.now() + 30_000) {
        try {
          ticket = await request();
        } catch (e) {
          throw toUploadError(e);
        }
      } else if (sent.status !== 0 && sent.status < 500) {
        throw new UploadError(`${t('photo.failed')} (HTTP ${sent.status})`, false);
      }
      onProgress({ phase: 'retrying', fraction: 0.05 });
      await backoff(attempt, signal);
      continue;
    }
    onProgress({ phase: 'confirming', fraction: 0.97 });
    try {
      await retrying(() => client.POST('/evidence/{id}/confirm', { params: { path: { id: ticket.id } } }), signal);
      onProgress({ phase: 'confirming', fraction: 1 });
      return ticket.id;
    } catch (e) {
      // evidence_not_uploaded: the store lost the bytes (or has not finished); send them again.
      if (hasCode(e, 'evidence_not_uploaded') && attempt < MAX_TRIES - 1) continue;
      throw toUploadError(e);
    }
  }
}

function toUploadError(e: unknown): Error {
  if (e instanceof DOMException && e.name === 'AbortError') return e;
  if (e instanceof ApiError) return Object.assign(new UploadError(errorText(e), isNetwork(e)), { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

/** Download URLs live five minutes: cache them for four. */
const urls = new Map<string, { url: string; until: number; meta: EvidenceDownload }>();

export async function evidenceUrl(id: string): Promise<EvidenceDownload> {
  const cached = urls.get(id);
  if (cached && cached.until > Date.now()) return cached.meta;
  const meta = await ok(client.GET('/evidence/{id}', { params: { path: { id } } }));
  urls.set(id, { url: meta.url, until: Date.now() + 4 * 60_000, meta });
  return meta;
}
