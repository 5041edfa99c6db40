import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, or } from 'drizzle-orm';
import { evidence } from '../../db/schema/index.ts';
import type { RowOf } from '../../platform/db/types.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { recordRejection, UploadRejected } from './rejection.ts';
import { CreateUpload, Evidence, EvidenceDownload, UploadTicket } from './schemas.ts';
import { evidenceKey, presignDownload, presignUpload, uploadKeyOf, writeSealed } from './storage.ts';
import { verifyUpload } from './verify.ts';
import { subjectVisible } from './visibility.ts';
import { DOWNLOAD_TTL_SECONDS, type EvidenceContentType, UPLOAD_TTL_SECONDS } from './vocabulary.ts';

/**
 * Evidence files: request a presigned upload, upload straight to S3, confirm (the server checks
 * the object), download through a short-lived presigned GET. Attaching to a hazard or task is
 * attach.ts, called by their transitions; removing what was never confirmed is cleanup.ts.
 */
const tags = ['evidence'];

const columns = {
  id: evidence.id,
  objectKey: evidence.objectKey,
  fileName: evidence.fileName,
  contentType: evidence.contentType,
  size: evidence.size,
  sha256: evidence.sha256,
  status: evidence.status,
  uploadedBy: evidence.uploadedBy,
  subjectType: evidence.subjectType,
  subjectId: evidence.subjectId,
  stage: evidence.stage,
  createdAt: evidence.createdAt,
  confirmedAt: evidence.confirmedAt,
};
type Row = RowOf<typeof columns>;

/** The declared fields only: never the object key or the uploader's id. */
const present = (row: Row) => ({
  id: row.id,
  fileName: row.fileName,
  contentType: row.contentType as EvidenceContentType,
  size: row.size,
  sha256: row.sha256,
  status: row.status,
  subjectType: row.subjectType,
  subjectId: row.subjectId,
  stage: row.stage,
  createdAt: row.createdAt.toISOString(),
  confirmedAt: row.confirmedAt?.toISOString() ?? null,
});

const request = defineRoute({
  method: 'post',
  path: '/evidence',
  operationId: 'requestEvidenceUpload',
  tags,
  summary: '申请上传证据文件 / Request a presigned upload',
  description:
    '返回 10 分钟内有效的预签名上传（POST 表单策略，或 S3_UPLOAD_METHOD=put 时的预签名 PUT），限定对象键、Content-Type 与确切大小；上传后调用 confirm。' +
    ' / Returns a presigned upload valid for 10 minutes (a POST policy, or a presigned PUT when S3_UPLOAD_METHOD=put), bound to the key, the content type and the exact size; confirm after uploading.',
  permission: 'evidence.upload',
  // A retry with the same key gets the same ticket only while that ticket is still valid.
  idempotent: { replayForSeconds: UPLOAD_TTL_SECONDS },
  request: { body: jsonBody(CreateUpload) },
  responses: { 201: json(UploadTicket, 'the presigned upload') },
  errors: ['evidence_too_large'],
});

const confirm = defineRoute({
  method: 'post',
  path: '/evidence/{id}/confirm',
  operationId: 'confirmEvidenceUpload',
  tags,
  summary: '确认上传 / Confirm an upload after checking the stored file',
  description:
    '服务器检查文件已上传、大小与 SHA-256 与声明一致、文件头与声明类型一致；不符则拒收并删除文件（400 evidence_rejected）。' +
    '文件尚未到达存储时返回 409 evidence_not_uploaded（上传完成后重试即可）；已被拒收的文件返回 409 evidence_already_rejected（须重新申请上传）。仅上传者本人可确认；重复确认返回同一结果。' +
    ' / The server checks existence, size, SHA-256 and the file signature; a mismatch rejects and deletes the file (400 evidence_rejected).' +
    ' A file not in storage yet answers 409 evidence_not_uploaded (retry once the upload is done); a file rejected before answers 409 evidence_already_rejected (request a new upload).' +
    ' Only the uploader may confirm; confirming again returns the same result.',
  permission: 'evidence.upload',
  request: { params: IdParam },
  responses: { 200: json(Evidence, 'confirmed') },
  errors: ['evidence_rejected', 'evidence_not_uploaded', 'evidence_already_rejected'],
});

const download = defineRoute({
  method: 'get',
  path: '/evidence/{id}',
  operationId: 'downloadEvidence',
  tags,
  summary: '下载证据文件 / A short-lived download URL',
  description:
    '上传者本人，或能查看其所属隐患/任务的用户可下载；仅已确认的文件可下载。地址 5 分钟内有效。' +
    ' / Visible to the uploader and to whoever may see the hazard or task it is attached to; only confirmed files. The URL is valid for 5 minutes.',
  permission: 'evidence.upload',
  request: { params: IdParam },
  responses: { 200: json(EvidenceDownload, 'where to fetch the file') },
});

export function registerEvidenceRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(request, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    const deps = c.get('deps');
    const limit = deps.limits.evidenceBytes;
    if (body.size > limit) throw new ApiError('evidence_too_large', { params: { max: limit }, field: 'size' });
    const now = deps.clock();
    const id = crypto.randomUUID();
    const objectKey = evidenceKey(principal.tenantId, now, id);
    const upload = await presignUpload(deps.evidence, { key: objectKey, contentType: body.contentType, size: body.size });
    await c.get('tx').insert(evidence).values({
      id,
      tenantId: principal.tenantId,
      objectKey,
      fileName: body.fileName,
      contentType: body.contentType,
      size: body.size,
      sha256: body.sha256.toLowerCase(),
      uploadedBy: principal.userId,
      createdAt: now,
    });
    await auditChange(c, 'evidence.requested', { type: 'evidence', id }, { contentType: body.contentType, size: body.size });
    const expiresAt = new Date(now.getTime() + UPLOAD_TTL_SECONDS * 1000).toISOString();
    return c.json({ id, upload, expiresAt }, 201);
  });

  // Runs around the confirm route: writes the rejection after the request transaction rolled back.
  app.use('/evidence/:id/confirm', recordRejection);
  app.openapi(confirm, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const deps = c.get('deps');
    const tx = c.get('tx');
    const mine = and(eq(evidence.id, id), eq(evidence.tenantId, principal.tenantId), eq(evidence.uploadedBy, principal.userId));
    const [row] = await tx.select(columns).from(evidence).where(mine);
    if (!row) throw notFound('evidence');
    if (row.status === 'confirmed') return c.json(present(row), 200);
    if (row.status === 'rejected') throw new ApiError('evidence_already_rejected');
    const verdict = await verifyUpload(deps.evidence, row);
    if (verdict.kind === 'missing') throw new ApiError('evidence_not_uploaded');
    if (verdict.kind === 'bad') throw new UploadRejected(row.id, row.objectKey, verdict.problem);
    // Seal: exactly the bytes just checked become the evidence (see uploadKeyOf).
    await writeSealed(deps.evidence, row.objectKey, verdict.bytes, row.contentType);
    const [confirmed] = await tx
      .update(evidence)
      .set({ status: 'confirmed', confirmedAt: deps.clock() })
      .where(and(mine, eq(evidence.status, 'pending')))
      .returning(columns);
    if (!confirmed) {
      // Confirmed by a concurrent request meanwhile (or removed by the cleanup).
      const [again] = await tx
        .select(columns)
        .from(evidence)
        .where(and(mine, eq(evidence.status, 'confirmed')));
      if (!again) throw notFound('evidence');
      return c.json(present(again), 200);
    }
    await auditChange(c, 'evidence.confirmed', { type: 'evidence', id }, { sha256: confirmed.sha256, size: confirmed.size });
    // The upload's job is done; the sealed copy is the evidence.
    await deps.evidence.delete(uploadKeyOf(row.objectKey));
    return c.json(present(confirmed), 200);
  });

  app.openapi(download, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const deps = c.get('deps');
    const tx = c.get('tx');
    const [row] = await tx
      .select(columns)
      .from(evidence)
      .where(
        and(
          eq(evidence.id, id),
          eq(evidence.tenantId, principal.tenantId),
          eq(evidence.status, 'confirmed'),
          or(eq(evidence.uploadedBy, principal.userId), subjectVisible(tx, principal)),
        ),
      );
    if (!row) throw notFound('evidence');
    const url = await presignDownload(deps.evidence, { key: row.objectKey, contentType: row.contentType, fileName: row.fileName });
    const expiresAt = new Date(deps.clock().getTime() + DOWNLOAD_TTL_SECONDS * 1000).toISOString();
    return c.json(
      {
        id: row.id,
        fileName: row.fileName,
        contentType: row.contentType as EvidenceContentType,
        size: row.size,
        sha256: row.sha256,
        url,
        expiresAt,
      },
      200,
    );
  });
}
