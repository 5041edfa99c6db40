import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { and, eq, inArray } from 'drizzle-orm';
import { evidence, orgUnits, roleAssignments, users } from '../db/schema/index.ts';
import { evidenceKey } from '../features/evidence/storage.ts';
import { actorContext } from '../features/hazards/actor.ts';
import type { HazardPolicy } from '../features/hazards/policy.ts';
import type { PartyInput, TransitionRequest } from '../features/hazards/schemas.ts';
import { applyTransition, visibleHazard } from '../features/hazards/service.ts';
import { partiesColumn } from '../features/hazards/store.ts';
import type { Role } from '../platform/authz/roles.ts';
import type { Principal } from '../platform/authz/scope.ts';
import type { Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
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

/**
 * How each demo district kept up in each of the last months (0 = the month under way, 1 = last
 * month, …; 1 beyond the table): 1 is an ordinary month, below it a slack one (fixes take longer,
 * fewer check-ins and inspections), above it a good one. The hazard and inspection seeders read it,
 * so a month's figures tell one story and the districts trade places in the oversight ranking.
 */
const DEMO_MONTHS: Record<string, readonly number[]> = {
  'demo-a': [1, 1.15, 0.8, 1.1, 0.6, 1, 0.85, 0.9],
  'demo-b': [1, 0.7, 1.1, 0.85, 1.15, 0.75, 1.05, 0.9],
};

/** The effort of the district `slug` in the month (its own calendar) of `at`, seen from `now`. */
export function monthEffort(slug: string, timeZone: string, now: Date, at: Date): number {
  const n = new TZDate(now.getTime(), timeZone);
  const a = new TZDate(at.getTime(), timeZone);
  return DEMO_MONTHS[slug]?.[(n.getFullYear() - a.getFullYear()) * 12 + n.getMonth() - a.getMonth()] ?? 1;
}

/** A demo user as the API would see them after login. */
export async function principalOf(tx: Db, tenantId: string, username: string): Promise<Principal> {
  const rows = await tx
    .select({
      userId: users.id,
      role: roleAssignments.role,
      orgUnitId: roleAssignments.orgUnitId,
      path: orgUnits.path,
      departmentId: roleAssignments.departmentId,
      companyId: roleAssignments.companyId,
    })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(orgUnits, eq(orgUnits.id, roleAssignments.orgUnitId))
    .where(and(eq(users.tenantId, tenantId), eq(users.username, username)));
  return {
    userId: rows[0]!.userId,
    tenantId,
    sessionId: 'seed',
    username,
    assignments: rows.map((r) => ({
      role: r.role,
      orgUnitId: r.orgUnitId,
      orgUnitPath: r.path,
      departmentId: r.departmentId,
      companyId: r.companyId,
    })),
  };
}

/**
 * Whoever answers for a unit: the demo account holding one of `roles` scoped to exactly that org
 * unit (else department, else company), the first by username (the seeded `<role>` before the
 * colleagues `<role>_<n>`), as a principal; null when the unit has none.
 */
export async function accountOf(
  tx: Db,
  tenantId: string,
  unit: { orgUnitId?: string | null; departmentId?: string | null; companyId?: string | null },
  roles: readonly Role[],
): Promise<Principal | null> {
  const [hit] = await tx
    .select({ username: users.username })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.tenantId, tenantId),
        inArray(roleAssignments.role, [...roles]),
        unit.orgUnitId
          ? eq(roleAssignments.orgUnitId, unit.orgUnitId)
          : unit.departmentId
            ? eq(roleAssignments.departmentId, unit.departmentId)
            : eq(roleAssignments.companyId, unit.companyId!),
      ),
    )
    .orderBy(users.username)
    .limit(1);
  return hit ? principalOf(tx, tenantId, hit.username) : null;
}

/** A wall-clock time in the district: `hour:minute` local on the day `daysAgo` days before `now`. */
export function localTime(now: Date, timeZone: string, daysAgo: number, hour: number, minute = 0): Date {
  const day = new TZDate(now.getTime() - daysAgo * 86_400_000, timeZone);
  return new Date(new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute, timeZone).getTime());
}

type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

/** What a hazard step needs besides the step: the district, and a tenant-wide account to load the row as. */
export interface HazardDesk {
  tenantId: string;
  timeZone: string;
  policy: HazardPolicy;
  viewer: Principal;
}

/** One step of a hazard's loop as the API applies it: the current row and parties, the actor's context from them. */
export async function hazardStep(
  tx: Db,
  desk: HazardDesk,
  id: string,
  who: Principal,
  at: Date,
  input: WithoutVersion<TransitionRequest>,
): Promise<void> {
  const row = await visibleHazard(tx, desk.viewer, id, undefined, { parties: partiesColumn });
  const { parties } = row;
  const actor = actorContext(who, { orgUnitPath: row.orgUnitPath, reporterId: row.reporterId }, parties);
  await applyTransition(tx, row, parties, { ...input, version: row.version } as TransitionRequest, {
    tenantId: desk.tenantId,
    viewer: who,
    actor,
    now: at,
    policy: desk.policy,
    timeZone: desk.timeZone,
  });
}

/** How far a reported hazard has come since: routed, accepted (rectifying), submitted with a photo, verified (closed). */
export type HazardProgress = 'reported' | 'routed' | 'rectifying' | 'submitted' | 'closed';

/**
 * Takes a just-reported hazard through the loop up to `progress`: routed by `router` to the lead
 * (and assisting) parties, accepted and, with an after photo, submitted by `lead`, verified by
 * `verifier`. Time moves forward from `from` by plausible gaps and never past `now`.
 */
export async function workHazard(
  tx: Db,
  store: ObjectStore,
  desk: HazardDesk,
  id: string,
  plan: { progress: HazardProgress; from: Date; now: Date; rnd: () => number },
  people: { router: Principal; lead: Principal; verifier: Principal },
  parties: { lead: PartyInput; assisting: PartyInput[] },
): Promise<void> {
  const { progress, now, rnd } = plan;
  if (progress === 'reported') return;
  let t = plan.from.getTime();
  const step = (hours: number) => {
    t = Math.min(now.getTime() - 60_000, t + hours * 3_600_000);
    return new Date(t);
  };
  await hazardStep(tx, desk, id, people.router, step(2 + rnd() * 20), {
    action: 'route',
    lead: parties.lead,
    assisting: parties.assisting,
  });
  if (progress === 'routed') return;
  await hazardStep(tx, desk, id, people.lead, step(1 + rnd() * 20), { action: 'accept' });
  if (progress === 'rectifying') return;
  const at = step(24 + rnd() * 96);
  const after = await photo(tx, store, desk.tenantId, people.lead.userId, at, [70, 160, 90], '整改后照片.png');
  await hazardStep(tx, desk, id, people.lead, at, { action: 'submit', note: '已按要求整改完毕，附整改后照片', evidenceIds: [after] });
  if (progress === 'submitted') return;
  await hazardStep(tx, desk, id, people.verifier, step(4 + rnd() * 40), { action: 'verify', note: '现场核查通过，予以销号' });
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
async function stored(
  tx: Db,
  store: ObjectStore,
  tenantId: string,
  userId: string,
  at: Date,
  bytes: Uint8Array,
  contentType: string,
  name: string,
) {
  const id = crypto.randomUUID();
  const objectKey = evidenceKey(tenantId, at, id);
  await store.put(objectKey, bytes, contentType);
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
export function document(tx: Db, store: ObjectStore, tenantId: string, userId: string, at: Date, name: string) {
  return stored(tx, store, tenantId, userId, at, demoPdf(name), 'application/pdf', name);
}

let photos = 0;

/**
 * A real PNG as confirmed evidence, each one a different file: identical demo photos would all be
 * flagged as one photo reused across hazards (异常提示).
 */
export function photo(
  tx: Db,
  store: ObjectStore,
  tenantId: string,
  userId: string,
  at: Date,
  color: [number, number, number],
  name: string,
) {
  return stored(tx, store, tenantId, userId, at, demoPng(color, 96, ++photos), 'image/png', name);
}
