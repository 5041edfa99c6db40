import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { evidence } from '../../db/schema/index.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { ApiError } from '../../platform/errors.ts';
import { requestOrigin } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import type { ProblemParams } from '../../platform/problems/catalog.ts';
import { deleteEvidenceObjects } from './storage.ts';

/** The 400 evidence_rejected of a confirm whose object failed the checks; carries what recordRejection needs. */
export class UploadRejected extends ApiError<'evidence_rejected'> {
  readonly reason: ProblemParams<'evidence_rejected'>['reason'];

  constructor(
    readonly evidenceId: string,
    readonly objectKey: string,
    params: ProblemParams<'evidence_rejected'>,
  ) {
    super('evidence_rejected', { params, field: 'file' });
    this.reason = params.reason;
  }
}

/**
 * A request's transaction rolls back on any error answer, so the outcome of a failed confirm is
 * written after it, in a transaction of its own (as auditDenials does): the row becomes `rejected`
 * (never attachable, removed by the cleanup) with an audit event, and the object is deleted.
 */
export const recordRejection: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const error = c.error;
  if (!(error instanceof UploadRejected)) return;
  const principal = c.get('principal');
  const deps = c.get('deps');
  try {
    await inTenant(deps.database, c.get('db'), principal.tenantId, async (tx) => {
      const rejected = await tx
        .update(evidence)
        .set({ status: 'rejected' })
        .where(and(eq(evidence.id, error.evidenceId), eq(evidence.tenantId, principal.tenantId), eq(evidence.status, 'pending')))
        .returning({ id: evidence.id });
      if (!rejected.length) return;
      await recordAudit(tx, requestOrigin(c), {
        tenantId: principal.tenantId,
        actorUserId: principal.userId,
        action: 'evidence.rejected',
        targetType: 'evidence',
        targetId: error.evidenceId,
        status: 400,
        detail: { reason: error.reason },
      });
    });
    await deleteEvidenceObjects(deps.evidence, error.objectKey);
  } catch (failure) {
    // The row stays pending (or rejected with its object): the cleanup removes it later.
    deps.logError('could not record a rejected evidence upload', failure);
  }
};
