import { sha256Hex } from '../../platform/crypto.ts';
import type { ProblemParams } from '../../platform/problems/catalog.ts';
import type { ObjectStore } from '../../platform/storage/object-store.ts';
import { SNIFF_BYTES, sniff } from './sniff.ts';
import { uploadKeyOf } from './storage.ts';
import { type EvidenceContentType, FAMILY_OF } from './vocabulary.ts';

/**
 * Checks an uploaded object against what the client declared before uploading: it exists, has the
 * declared size, the declared SHA-256, and its first bytes are of the declared format. Only then
 * may it be confirmed (and later attached to a hazard).
 */
export type Verdict =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'missing' }
  /** What failed, as the parameters of the `evidence_rejected` answer. */
  | { kind: 'bad'; problem: ProblemParams<'evidence_rejected'> };

export interface Declared {
  objectKey: string;
  size: number;
  sha256: string;
  contentType: string;
}

const wrongSize = (declared: number, actual: number): Verdict => ({
  kind: 'bad',
  problem: { reason: 'size', declaredSize: declared, actualSize: actual },
});

/** Checks what was uploaded for this evidence (at its upload key) and returns the checked bytes. */
export async function verifyUpload(store: ObjectStore, declared: Declared): Promise<Verdict> {
  const verdict = await verifyObject(store, uploadKeyOf(declared.objectKey), declared);
  if (verdict.kind !== 'missing') return verdict;
  // A confirm that sealed the file and removed its upload, then lost its COMMIT (the database
  // failed at the last step): the sealed copy is the upload now, checked again like one. Without
  // this the retry would answer evidence_not_uploaded and the cleanup would delete the file.
  return verifyObject(store, declared.objectKey, declared);
}

async function verifyObject(store: ObjectStore, key: string, declared: Declared): Promise<Verdict> {
  const head = await store.head(key);
  if (!head) return { kind: 'missing' };
  if (head.size !== declared.size) return wrongSize(declared.size, head.size);
  const bytes = await store.get(key);
  if (!bytes) return { kind: 'missing' };
  if (bytes.length !== declared.size) return wrongSize(declared.size, bytes.length);
  const digest = await sha256Hex(bytes);
  if (digest !== declared.sha256) return { kind: 'bad', problem: { reason: 'checksum' } };
  const contentType = declared.contentType as EvidenceContentType;
  const expected = FAMILY_OF[contentType];
  const actual = sniff(bytes.subarray(0, SNIFF_BYTES));
  if (!expected || actual !== expected) {
    return { kind: 'bad', problem: { reason: 'type', ...(expected ? { declaredType: contentType } : {}), detectedFormat: actual } };
  }
  return { kind: 'ok', bytes };
}
