import { sha256Hex } from '../../platform/crypto.ts';
import type { EvidenceStore } from '../../platform/storage/evidence-store.ts';
import { SNIFF_BYTES, sniff } from './sniff.ts';
import { headObject, readObject, uploadKeyOf } from './storage.ts';
import { type EvidenceContentType, FAMILY_LABELS, FAMILY_OF } from './vocabulary.ts';

/**
 * Checks an uploaded object against what the client declared before uploading: it exists, has the
 * declared size, the declared SHA-256, and its first bytes are of the declared format. Only then
 * may it be confirmed (and later attached to a hazard).
 */
export type Verdict =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'bad'; reason: 'size' | 'checksum' | 'type'; detail: string };

export interface Declared {
  objectKey: string;
  size: number;
  sha256: string;
  contentType: string;
}

const wrongSize = (declared: number, actual: number): Verdict => ({
  kind: 'bad',
  reason: 'size',
  detail: `文件大小与声明不符（声明 ${declared} 字节，实际 ${actual} 字节）/ size does not match the declared size`,
});

/** Checks what was uploaded for this evidence (at its upload key) and returns the checked bytes. */
export async function verifyUpload(store: EvidenceStore, declared: Declared): Promise<Verdict> {
  const key = uploadKeyOf(declared.objectKey);
  const head = await headObject(store, key);
  if (!head) return { kind: 'missing' };
  if (head.size !== declared.size) return wrongSize(declared.size, head.size);
  const bytes = await readObject(store, key);
  if (bytes.length !== declared.size) return wrongSize(declared.size, bytes.length);
  const digest = await sha256Hex(bytes);
  if (digest !== declared.sha256) {
    return {
      kind: 'bad',
      reason: 'checksum',
      detail: '文件的 SHA-256 校验值与声明不符，文件可能在上传中损坏或被替换 / SHA-256 does not match the declared checksum',
    };
  }
  const expected = FAMILY_OF[declared.contentType as EvidenceContentType];
  const actual = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (!expected || actual !== expected) {
    const found = actual ? FAMILY_LABELS[actual] : '不支持的格式';
    const wanted = expected ? FAMILY_LABELS[expected] : declared.contentType;
    return {
      kind: 'bad',
      reason: 'type',
      detail: `文件内容与声明的类型不符（声明为${wanted}，实际为${found}）/ content does not match the declared type`,
    };
  }
  return { kind: 'ok', bytes };
}
