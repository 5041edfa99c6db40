import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as z from 'zod';
import {
  companies,
  companyCompounds,
  facilities,
  hazardCategories,
  hazardParties,
  hazards,
  maintenanceRecords,
  orgUnits,
} from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { notFound } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam, json } from '../../platform/http/route.ts';
import { expiryOf, integrityRate } from '../facilities/rules.ts';
import { facilityInScope, localToday } from '../facilities/store.ts';
import { FACILITY_KINDS, MAINTENANCE_RESULTS, MAINTENANCE_STATES } from '../facilities/vocabulary.ts';
import { isOverdue } from '../hazards/policy.ts';
import { hazardInScope } from '../hazards/scope-sql.ts';
import { HAZARD_STATES, SEVERITIES } from '../hazards/vocabulary.ts';
import { maintenanceDueRows } from '../maintenance/due.ts';
import { DueRow } from '../maintenance/schemas.ts';
import { recordInScope } from '../maintenance/scope-sql.ts';
import { companyInScope, orgUnitInScope } from '../registry/scope-sql.ts';

const Counts = z.object({
  working: z.number().int(),
  faulty: z.number().int(),
  missing: z.number().int(),
  integrityRate: z.number().nullable().describe('设施完好率 = working / all, by count (4 decimals); null when the register holds none'),
  expiring: z.number().int().describe('facility entries expiring within 30 days'),
  expired: z.number().int().describe('facility entries past their expiry day'),
});

const CompanyOverview = z
  .object({
    company: z.object({ id: z.uuid(), name: z.string() }),
    asOf: z.iso.date().describe('today in the district’s calendar'),
    totals: Counts,
    compounds: z.array(z.object({ id: z.uuid(), name: z.string() }).extend(Counts.shape)),
    due: z.array(DueRow).describe('records due and overdue (up-to-date kinds left out)'),
    openHazards: z
      .array(
        z.object({
          id: z.uuid(),
          number: z.string(),
          categoryName: z.string(),
          orgUnitId: z.uuid(),
          orgUnitName: z.string(),
          severity: z.enum(SEVERITIES),
          state: z.enum(HAZARD_STATES),
          respondBy: z.iso.datetime().nullable(),
          dueAt: z.iso.datetime().nullable(),
          overdue: z.boolean(),
        }),
      )
      .describe('open hazards the company leads, earliest deadline first'),
    recentRecords: z.array(
      z.object({
        id: z.uuid(),
        orgUnitId: z.uuid(),
        compoundName: z.string(),
        kind: z.enum(FACILITY_KINDS),
        performedOn: z.iso.date(),
        result: z.enum(MAINTENANCE_RESULTS),
        state: z.enum(MAINTENANCE_STATES),
        conflict: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'CompanyOverview' });

const overview = defineRoute({
  method: 'get',
  path: '/companies/{id}/overview',
  operationId: 'getCompanyOverview',
  tags: ['companies'],
  summary: '物业企业概况 / A property company’s compounds, facility status, records due and open hazards',
  description:
    '物业企业只能查看本企业；其他角色按管辖范围（其辖区内该企业所管的小区）。 / A property manager sees its own company only; others see the company’s compounds within their scope.',
  permission: 'facilities.read',
  request: { params: IdParam },
  responses: { 200: json(CompanyOverview, 'the overview') },
});

const RECENT = 10;
const unit = alias(orgUnits, 'overview_unit');

export function registerCompanyOverviewRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(overview, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const today = localToday(now, await tenantTimeZone(tx, principal.tenantId));
    const [company] = await tx
      .select({ id: companies.id, name: companies.name })
      .from(companies)
      .where(and(eq(companies.id, id), companyInScope(principal, 'facilities.read')));
    if (!company) throw notFound('company');

    // Its compounds, as far as the caller's scope reaches.
    const compounds = await tx
      .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
      .from(companyCompounds)
      .innerJoin(orgUnits, eq(orgUnits.id, companyCompounds.orgUnitId))
      .where(
        and(
          eq(companyCompounds.tenantId, principal.tenantId),
          eq(companyCompounds.companyId, id),
          orgUnitInScope(principal, 'facilities.read'),
        ),
      )
      .orderBy(asc(orgUnits.name), asc(orgUnits.id));

    const facilityRows = compounds.length
      ? await tx
          .select({ path: unit.path, status: facilities.status, count: facilities.count, expiresOn: facilities.expiresOn })
          .from(facilities)
          .innerJoin(unit, eq(unit.id, facilities.orgUnitId))
          .where(
            and(
              facilityInScope(principal, 'facilities.read'),
              sql`(${sql.join(
                compounds.map((k) => sql`${unit.path} like ${`${k.path}%`}`),
                sql` or `,
              )})`,
            ),
          )
      : [];
    const tally = (rows: typeof facilityRows) => {
      const counts = { working: 0, faulty: 0, missing: 0 };
      let expiring = 0;
      let expired = 0;
      for (const r of rows) {
        counts[r.status] += r.count;
        const e = expiryOf(r.expiresOn, today);
        if (e === 'expiring') expiring++;
        if (e === 'expired') expired++;
      }
      return { ...counts, integrityRate: integrityRate(counts), expiring, expired };
    };
    const perCompound = compounds.map((k) => ({ id: k.id, name: k.name, ...tally(facilityRows.filter((r) => r.path.startsWith(k.path))) }));

    const due = compounds.length ? (await maintenanceDueRows(tx, principal, now, { companyId: id })).filter((r) => r.status !== 'ok') : [];

    const led = await tx
      .select({
        id: hazards.id,
        number: hazards.number,
        categoryName: hazardCategories.name,
        orgUnitId: hazards.orgUnitId,
        orgUnitName: orgUnits.name,
        severity: hazards.severity,
        state: hazards.state,
        respondBy: hazards.respondBy,
        dueAt: hazards.dueAt,
      })
      .from(hazards)
      .innerJoin(hazardCategories, eq(hazardCategories.id, hazards.categoryId))
      .innerJoin(orgUnits, eq(orgUnits.id, hazards.orgUnitId))
      .where(
        and(
          hazardInScope(principal),
          sql`${hazards.state} <> 'closed'`,
          sql`exists (select 1 from ${hazardParties} where ${hazardParties.tenantId} = ${principal.tenantId}
            and ${hazardParties.hazardId} = ${hazards.id} and ${hazardParties.lead} and ${hazardParties.companyId} = ${id})`,
        ),
      )
      .orderBy(sql`coalesce(${hazards.dueAt}, ${hazards.respondBy}) asc nulls last`, asc(hazards.id))
      .limit(200);

    const recent = await tx
      .select({
        id: maintenanceRecords.id,
        orgUnitId: maintenanceRecords.orgUnitId,
        compoundName: orgUnits.name,
        kind: maintenanceRecords.kind,
        performedOn: maintenanceRecords.performedOn,
        result: maintenanceRecords.result,
        state: maintenanceRecords.state,
        conflict: maintenanceRecords.conflict,
      })
      .from(maintenanceRecords)
      .innerJoin(orgUnits, eq(orgUnits.id, maintenanceRecords.orgUnitId))
      .where(and(recordInScope(principal), eq(maintenanceRecords.companyId, id)))
      .orderBy(desc(maintenanceRecords.performedOn), desc(maintenanceRecords.createdAt), desc(maintenanceRecords.id))
      .limit(RECENT);

    return c.json(
      {
        company,
        asOf: today,
        totals: tally(facilityRows),
        compounds: perCompound,
        due,
        openHazards: led.map((h) => ({
          ...h,
          respondBy: h.respondBy?.toISOString() ?? null,
          dueAt: h.dueAt?.toISOString() ?? null,
          overdue: isOverdue(h, now),
        })),
        recentRecords: recent.map((r) => ({ ...r, conflict: r.conflict !== null })),
      },
      200,
    );
  });
}
