import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { routingRules } from '../../../db/schema/index.ts';
import type { Principal } from '../../../platform/authz/scope.ts';
import type { RowOf } from '../../../platform/db/types.ts';
import { deleteInScope, updateVersioned } from '../../../platform/db/versioned.ts';
import { ApiError, fieldError, notFound } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { itemRoutes } from '../../../platform/http/item-routes.ts';
import { keyset } from '../../../platform/http/pagination.ts';
import { defineRoute, json } from '../../../platform/http/route.ts';
import { type PartyTargets, partyProblems } from './party.ts';
import { assertRuleReferences } from './references.ts';
import {
  CreateRoutingRule,
  RoutingProposal,
  RoutingRule,
  RoutingRuleListQuery,
  RoutingRulePage,
  SuggestQuery,
  UpdateRoutingRule,
} from './schemas.ts';
import { suggestRouting } from './suggest.ts';

const tags = ['routing-rules'];

const columns = {
  id: routingRules.id,
  categoryId: routingRules.categoryId,
  orgUnitId: routingRules.orgUnitId,
  partyKind: routingRules.partyKind,
  partyOrgUnitId: routingRules.partyOrgUnitId,
  partyCompanyId: routingRules.partyCompanyId,
  partyDepartmentId: routingRules.partyDepartmentId,
  assistDepartmentId: routingRules.assistDepartmentId,
  rectifyDays: routingRules.rectifyDays,
  priority: routingRules.priority,
  version: routingRules.version,
  createdAt: routingRules.createdAt,
  updatedAt: routingRules.updatedAt,
};

type Row = RowOf<typeof columns>;
const present = (row: Row) => ({
  id: row.id,
  categoryId: row.categoryId,
  orgUnitId: row.orgUnitId,
  partyKind: row.partyKind,
  partyOrgUnitId: row.partyOrgUnitId,
  partyCompanyId: row.partyCompanyId,
  partyDepartmentId: row.partyDepartmentId,
  assistDepartmentId: row.assistDepartmentId,
  rectifyDays: row.rectifyDays,
  priority: row.priority,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const PARTY_FIELDS = ['partyOrgUnitId', 'partyCompanyId', 'partyDepartmentId'] as const satisfies readonly (keyof PartyTargets)[];

const list = defineRoute({
  method: 'get',
  path: '/routing-rules',
  operationId: 'listRoutingRules',
  tags,
  summary: '分流规则列表 / The district’s routing rules',
  permission: 'hazards.read',
  request: { query: RoutingRuleListQuery },
  responses: { 200: json(RoutingRulePage, 'a page of rules') },
});

const suggest = defineRoute({
  method: 'get',
  path: '/routing-rules/suggest',
  operationId: 'suggestRouting',
  tags,
  summary: '按规则建议责任方与期限 / What the rules propose for a category and org unit',
  description:
    '规则匹配：类别为空或相同，区域为空或包含该单位。最具体者优先：类别+区域 > 仅类别 > 仅区域 > 全区；区域越深越优先；再按优先级。 / ' +
    'A rule matches when its category is unset or equal and its area is unset or contains the org unit. ' +
    'The most specific wins (category+area > category > area > neither; deeper area first), then the higher priority.',
  permission: 'hazards.read',
  request: { query: SuggestQuery },
  responses: { 200: json(RoutingProposal, 'the proposal (lead null when no rule matches)') },
  errors: ['not_found'],
});

const { get, create, update, remove } = itemRoutes({
  path: '/routing-rules',
  tag: 'routing-rules',
  name: 'RoutingRule',
  schemas: { item: RoutingRule, create: CreateRoutingRule, update: UpdateRoutingRule },
  read: 'hazards.read',
  write: 'hazards.configure',
  summaries: {
    get: '分流规则详情 / Get a routing rule',
    create: '新增分流规则 / Add a routing rule',
    update: '修改分流规则 / Update a routing rule',
    remove: '删除分流规则 / Delete a routing rule',
  },
  errors: { create: ['not_found'], update: ['routing_rule_party_mismatch'] },
});

/** Routing rules are district configuration: the tenant is the scope. */
const byId = (id: string, principal: Principal) => and(eq(routingRules.tenantId, principal.tenantId), eq(routingRules.id, id))!;

export function registerRoutingRuleRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const sortColumn = query.sort === 'priority' ? routingRules.priority : routingRules.createdAt;
    const ks = keyset(sortColumn, routingRules.id, query);
    const rows = await c
      .get('tx')
      .select({ ...columns, total: ks.total })
      .from(routingRules)
      .where(
        and(
          eq(routingRules.tenantId, c.get('principal').tenantId),
          query.categoryId ? eq(routingRules.categoryId, query.categoryId) : undefined,
          query.partyKind ? eq(routingRules.partyKind, query.partyKind) : undefined,
          ks.where,
        ),
      )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'priority' ? r.priority : r.createdAt.toISOString()));
    return c.json({ items: result.items.map(present), nextCursor: result.nextCursor, total: result.total }, 200);
  });

  // Before /{id}: "suggest" is no uuid.
  app.openapi(suggest, async (c) => {
    const { categoryId, orgUnitId } = c.req.valid('query');
    const proposal = await suggestRouting(c.get('tx'), c.get('principal').tenantId, categoryId ?? null, orgUnitId ?? null);
    return c.json(proposal, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await c
      .get('tx')
      .select(columns)
      .from(routingRules)
      .where(byId(id, c.get('principal')));
    if (!row) throw notFound('routing_rule');
    return c.json(present(row), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const tx = c.get('tx');
    const { tenantId } = c.get('principal');
    await assertRuleReferences(tx, tenantId, body);
    const [row] = await tx
      .insert(routingRules)
      .values({
        tenantId,
        categoryId: body.categoryId ?? null,
        orgUnitId: body.orgUnitId ?? null,
        partyKind: body.partyKind,
        partyOrgUnitId: body.partyOrgUnitId ?? null,
        partyCompanyId: body.partyCompanyId ?? null,
        partyDepartmentId: body.partyDepartmentId ?? null,
        assistDepartmentId: body.assistDepartmentId ?? null,
        rectifyDays: body.rectifyDays ?? null,
        priority: body.priority ?? 0,
      })
      .returning(columns);
    await auditChange(c, 'routing_rule.created', { type: 'routing_rule', id: row!.id }, body);
    return c.json(present(row!), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const tx = c.get('tx');
    const principal = c.get('principal');
    const where = byId(id, principal);
    const [current] = await tx.select(columns).from(routingRules).where(where);
    if (!current) throw notFound('routing_rule');
    if (changes.partyKind !== undefined || PARTY_FIELDS.some((f) => changes[f] !== undefined)) {
      // The party is one whole: a new kind clears the targets the request does not give.
      const kind = changes.partyKind ?? current.partyKind;
      const kindChanged = kind !== current.partyKind;
      for (const f of PARTY_FIELDS) {
        if (changes[f] === undefined) changes[f] = kindChanged ? null : current[f];
      }
      // The rule spans the kind and its targets: checked on the rule as it will be, not on the patch alone.
      const problems = partyProblems(kind, changes);
      if (problems.length) {
        throw new ApiError('routing_rule_party_mismatch', {
          params: { partyKind: kind },
          errors: problems.map((p) => fieldError(p.path, p.code)),
        });
      }
    }
    await assertRuleReferences(tx, principal.tenantId, changes);
    const row = await updateVersioned(tx, routingRules, where, version, changes, 'routing_rule');
    await auditChange(c, 'routing_rule.updated', { type: 'routing_rule', id }, changes);
    return c.json(present(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await deleteInScope(c.get('tx'), routingRules, byId(id, c.get('principal')), 'routing_rule');
    await auditChange(c, 'routing_rule.deleted', { type: 'routing_rule', id });
    return c.body(null, 204);
  });
}
