import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type * as z from 'zod';
import { companies, companyCompounds, orgUnits, roleAssignments } from '../../../db/schema/index.ts';
import { hasPermission, type Principal } from '../../../platform/authz/scope.ts';
import type { Db, RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, type FieldError, fieldError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { itemRoutes } from '../../../platform/http/item-routes.ts';
import { containsText, keyset } from '../../../platform/http/pagination.ts';
import { defineRoute, json } from '../../../platform/http/route.ts';
import { fieldErrors } from '../../../platform/http/validation.ts';
import { PROBLEMS } from '../../../platform/problems/catalog.ts';
import type { Reference } from '../../../platform/problems/resources.ts';
import { companyInScope, orgUnitIdInScope, orgUnitInScope } from '../scope-sql.ts';
import { Company, CompanyListQuery, CompanyPage, CreateCompany, UpdateCompany, UpdateCompanyContact } from './schemas.ts';

const tags = ['companies'];

const columns = {
  id: companies.id,
  name: companies.name,
  creditCode: companies.creditCode,
  contactName: companies.contactName,
  contactPhone: companies.contactPhone,
  address: companies.address,
  version: companies.version,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
};

type Row = RowOf<typeof columns>;
const present = (row: Row, compoundIds: string[]) => ({
  id: row.id,
  name: row.name,
  creditCode: row.creditCode,
  contactName: row.contactName,
  contactPhone: row.contactPhone,
  address: row.address,
  compoundIds,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The compounds each company manages, limited to the caller's read scope: a station learns who
 * manages its compounds, not the ids of other streets'. One query per page of companies.
 */
async function compoundIdsOf(tx: Db, principal: Principal, companyIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(companyIds.map((id) => [id, []]));
  if (!companyIds.length) return out;
  const rows = await tx
    .select({ companyId: companyCompounds.companyId, orgUnitId: companyCompounds.orgUnitId })
    .from(companyCompounds)
    .where(
      and(
        eq(companyCompounds.tenantId, principal.tenantId),
        inArray(companyCompounds.companyId, companyIds),
        orgUnitIdInScope(companyCompounds.orgUnitId, principal, 'registry.read'),
      ),
    );
  for (const r of rows) out.get(r.companyId)!.push(r.orgUnitId);
  for (const ids of out.values()) ids.sort();
  return out;
}

const list = defineRoute({
  method: 'get',
  path: '/companies',
  operationId: 'listCompanies',
  tags,
  summary: '物业企业列表 / List property companies in scope',
  permission: 'registry.read',
  request: { query: CompanyListQuery },
  responses: { 200: json(CompanyPage, 'a page of companies') },
});

const { get, create, update, remove } = itemRoutes({
  path: '/companies',
  tag: 'companies',
  name: 'Company',
  schemas: { item: Company, create: CreateCompany, update: UpdateCompany },
  read: 'registry.read',
  write: 'companies.write',
  update: 'companies.write_contact',
  updateDescription:
    '消安委（companies.write）可改全部字段，compoundIds 整体替换；物业企业（仅 companies.write_contact）只能修改本企业的 contactName、contactPhone、address。 / ' +
    'Committee staff may change every field (compoundIds replaces the set); a property company may change only its own contact fields.',
  summaries: {
    get: '物业企业详情 / Get a property company',
    create: '新建物业企业 / Register a property company and the compounds it manages',
    update: '修改物业企业 / Update a property company',
    remove: '删除物业企业 / Delete a company that manages no compound and has no users',
  },
  errors: {
    create: ['not_found', 'compound_managed_by_other_company', 'already_exists'],
    update: ['compound_managed_by_other_company', 'already_exists'],
  },
});

const byId = (id: string, principal: Principal, permission: Parameters<typeof companyInScope>[1]) =>
  and(eq(companies.id, id), companyInScope(principal, permission))!;

async function load(tx: Db, principal: Principal, id: string) {
  const [row] = await tx
    .select(columns)
    .from(companies)
    .where(byId(id, principal, 'registry.read'));
  if (!row) throw notFound('company');
  return present(row, (await compoundIdsOf(tx, principal, [id])).get(id)!);
}

/**
 * Makes `compoundIds` the exact set the company manages. Each id must be a compound the caller can
 * see (else 404 naming it); a compound has at most one company, so one managed by another company
 * is a 409 the clerk must resolve there first (transferring silently would hide the change).
 */
async function replaceCompounds(c: Context<AppEnv>, companyId: string, compoundIds: readonly string[]) {
  const tx = c.get('tx');
  const principal = c.get('principal');
  if (compoundIds.length) {
    const found = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(inArray(orgUnits.id, [...compoundIds]), eq(orgUnits.kind, 'compound'), orgUnitInScope(principal, 'companies.write')));
    const visible = new Set(found.map((r) => r.id));
    const missing = compoundIds.flatMap((id, i) => (visible.has(id) ? [] : [i]));
    if (missing.length) {
      const message = PROBLEMS.not_found.detail({ resource: 'compound' });
      throw new ApiError('not_found', {
        params: { resource: 'compound' },
        errors: missing.map((i) => ({ path: `compoundIds.${i}`, code: 'not_found', message })),
      });
    }
    const taken = await tx
      .select({
        compoundId: companyCompounds.orgUnitId,
        compoundName: orgUnits.name,
        companyId: companyCompounds.companyId,
        companyName: companies.name,
      })
      .from(companyCompounds)
      .innerJoin(orgUnits, eq(orgUnits.id, companyCompounds.orgUnitId))
      .innerJoin(companies, eq(companies.id, companyCompounds.companyId))
      .where(
        and(
          eq(companyCompounds.tenantId, principal.tenantId),
          inArray(companyCompounds.orgUnitId, [...compoundIds]),
          ne(companyCompounds.companyId, companyId),
        ),
      );
    if (taken.length) {
      throw new ApiError('compound_managed_by_other_company', {
        params: { compounds: taken },
        errors: taken.map((t) =>
          fieldError(`compoundIds.${compoundIds.indexOf(t.compoundId)}`, 'compound_managed_elsewhere', {
            compound: t.compoundName,
            company: t.companyName,
          }),
        ),
      });
    }
  }
  await tx
    .delete(companyCompounds)
    .where(and(eq(companyCompounds.tenantId, principal.tenantId), eq(companyCompounds.companyId, companyId)));
  if (compoundIds.length) {
    await tx.insert(companyCompounds).values(compoundIds.map((orgUnitId) => ({ tenantId: principal.tenantId, companyId, orgUnitId })));
  }
}

/**
 * The body a property company may send: contact fields only (its own, narrower request schema).
 * A field of the committee's schema is refused by name as not writable with this role; anything
 * else as the schema validation would.
 */
function contactOnly(body: unknown) {
  const parsed = UpdateCompanyContact.safeParse(body);
  if (parsed.success) return parsed.data;
  const committeeFields = new Set(Object.keys(UpdateCompany.shape));
  const errors = fieldErrors(parsed.error, 'json', body).map(
    (e): FieldError =>
      e.code === 'unrecognized_keys' && committeeFields.has(e.path) ? fieldError(e.path, 'company_contact_fields_only') : e,
  );
  throw new ApiError('validation_failed', { errors });
}

/**
 * What still points at a company (still_referenced names them to the clerk). The id is bound as a
 * value: in a one-table select drizzle strips table names from columns inside these subqueries.
 */
async function references(tx: Db, principal: Principal, id: string): Promise<Reference[]> {
  const [counts] = await tx
    .select({
      compounds: sql<number>`(select count(*)::int from ${companyCompounds} where ${companyCompounds.companyId} = ${id})`,
      users: sql<number>`(select count(*)::int from ${roleAssignments} where ${roleAssignments.companyId} = ${id})`,
    })
    .from(companies)
    .where(and(eq(companies.tenantId, principal.tenantId), eq(companies.id, id)));
  const out: Reference[] = [];
  if (counts?.compounds) out.push('compounds');
  if (counts?.users) out.push('users');
  return out;
}

export function registerCompanyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const sortColumn = query.sort === 'name' ? companies.name : companies.createdAt;
    const ks = keyset(sortColumn, companies.id, query);
    const tx = c.get('tx');
    const rows = await tx
      .select({ ...columns, total: ks.total })
      .from(companies)
      .where(and(companyInScope(principal, 'registry.read'), containsText(query.q, companies.name, companies.creditCode), ks.where))
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    const compounds = await compoundIdsOf(
      tx,
      principal,
      result.items.map((r) => r.id),
    );
    return c.json(
      { items: result.items.map((r) => present(r, compounds.get(r.id)!)), nextCursor: result.nextCursor, total: result.total },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await load(c.get('tx'), c.get('principal'), id), 200);
  });

  app.openapi(create, async (c) => {
    const { compoundIds = [], ...body } = c.req.valid('json');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const [row] = await tx
      .insert(companies)
      .values({
        tenantId: principal.tenantId,
        name: body.name,
        creditCode: body.creditCode ?? null,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
        address: body.address ?? null,
      })
      .returning({ id: companies.id });
    const id = row!.id;
    await replaceCompounds(c, id, compoundIds);
    await auditChange(c, 'company.created', { type: 'company', id }, { name: body.name, compoundIds });
    return c.json(await load(tx, principal, id), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const tx = c.get('tx');
    // Field level: the committee may change everything, a property company only its contact fields.
    const full = hasPermission(principal, 'companies.write');
    const input: z.infer<typeof UpdateCompany> = full ? c.req.valid('json') : contactOnly(c.req.valid('json'));
    const { version, compoundIds, ...changes } = input;
    const permission = full ? 'companies.write' : 'companies.write_contact';
    await updateVersioned(tx, companies, byId(id, principal, permission), version, changes, 'company');
    if (compoundIds) await replaceCompounds(c, id, compoundIds);
    await auditChange(c, 'company.updated', { type: 'company', id }, { ...changes, ...(compoundIds ? { compoundIds } : {}) });
    return c.json(await load(tx, principal, id), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const inScope = byId(id, principal, 'companies.write');
    const [exists] = await tx.select({ id: companies.id }).from(companies).where(inScope);
    if (!exists) throw notFound('company');
    const refs = await references(tx, principal, id);
    if (refs.length) throw new ApiError('still_referenced', { params: { resource: 'company', by: refs } });
    await deleteInScope(tx, companies, inScope, 'company');
    await auditChange(c, 'company.deleted', { type: 'company', id });
    return c.body(null, 204);
  });
}
