import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { evidence, orgUnits, roleAssignments, users } from '../db/schema/index.ts';
import { evidenceKey } from '../features/evidence/storage.ts';
import type { Principal } from '../platform/authz/scope.ts';
import type { Db } from '../platform/db/types.ts';
import type { EvidenceStore } from '../platform/storage/evidence-store.ts';
import { demoPng } from './demo-photo.ts';

/** What every demo seeder needs: a deterministic random, a user as a principal, a real photo. */

/** A seeded random (LCG): every fresh start looks the same. */
export function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A demo user as the API would see them after login. */
export async function principalOf(tx: Db, tenantId: string, username: string): Promise<Principal> {
  const rows = await tx
    .select({ userId: users.id, role: roleAssignments.role, orgUnitId: roleAssignments.orgUnitId, path: orgUnits.path, departmentId: roleAssignments.departmentId, companyId: roleAssignments.companyId })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(orgUnits, eq(orgUnits.id, roleAssignments.orgUnitId))
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username)));
  return {
    userId: rows[0]!.userId,
    tenantId,
    sessionId: 'seed',
    username,
    assignments: rows.map((r) => ({ role: r.role, orgUnitId: r.orgUnitId, orgUnitPath: r.path, departmentId: r.departmentId, companyId: r.companyId })),
  };
}


/** A one-page PDF (meeting minutes, a plan): enough for the signature check and a PDF viewer. */
function demoPdf(title: string): Uint8Array {
  const text = `firegrid demo: ${title.replace(/[^\x20-\x7e]/g, '?')}`;
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** Puts a file in S3 and returns a confirmed evidence row for it, ready to attach. */
async function stored(tx: Db, store: EvidenceStore, tenantId: string, userId: string, at: Date, bytes: Uint8Array, contentType: string, name: string) {
  const id = crypto.randomUUID();
  const objectKey = evidenceKey(tenantId, at, id);
  await store.client.send(new PutObjectCommand({ Bucket: store.bucket, Key: objectKey, Body: bytes, ContentType: contentType }));
  await tx.insert(evidence).values({
    id,
    tenantId,
    objectKey,
    fileName: name,
    contentType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    status: 'confirmed',
    uploadedBy: userId,
    createdAt: at,
    confirmedAt: at,
  });
  return id;
}

/** A real PDF document as confirmed evidence. */
export function document(tx: Db, store: EvidenceStore, tenantId: string, userId: string, at: Date, name: string) {
  return stored(tx, store, tenantId, userId, at, demoPdf(name), 'application/pdf', name);
}

/** A real PNG as confirmed evidence. */
export function photo(tx: Db, store: EvidenceStore, tenantId: string, userId: string, at: Date, color: [number, number, number], name: string) {
  return stored(tx, store, tenantId, userId, at, demoPng(color), 'image/png', name);
}
