import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEPARTMENT_KINDS, ORG_UNIT_KINDS, PLACE_TYPES, RISK_LEVELS } from '../../features/registry/vocabulary.ts';
import { id, tenantId, timestamps, version } from './columns.ts';

export const orgUnitKind = pgEnum('org_unit_kind', ORG_UNIT_KINDS);

/**
 * The district's organisation tree: street/town → community/village → compound → building.
 * `path` is the materialised chain of ancestor ids ("/a/b/c/"), so "the subtree of X" is one
 * indexed prefix match and scope checks never recurse.
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    tenantId: tenantId(),
    parentId: uuid().references((): AnyPgColumn => orgUnits.id, { onDelete: 'restrict' }),
    kind: orgUnitKind().notNull(),
    name: text().notNull(),
    code: text(),
    address: text(),
    path: text().notNull(),
    depth: integer().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.parentId),
    index('org_units_path_idx').using('btree', t.path.op('text_pattern_ops')),
    // NULLS NOT DISTINCT: two top-level streets of one district may not share a name either.
    unique('org_units_sibling_name_uq').on(t.tenantId, t.parentId, t.name).nullsNotDistinct(),
  ],
);

export const departmentKind = pgEnum('department_kind', DEPARTMENT_KINDS);

export const departments = pgTable(
  'departments',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    kind: departmentKind().notNull(),
    contactName: text(),
    contactPhone: text(),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId), uniqueIndex('departments_tenant_name_uq').on(t.tenantId, t.name)],
);

/** 物业企业: property companies, scored monthly and quarterly. */
export const companies = pgTable(
  'companies',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    /** 统一社会信用代码 (18 characters), unique within the district. */
    creditCode: text(),
    contactName: text(),
    contactPhone: text(),
    address: text(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    uniqueIndex('companies_tenant_name_uq').on(t.tenantId, t.name),
    uniqueIndex('companies_tenant_credit_code_uq').on(t.tenantId, t.creditCode),
  ],
);

/** Which company manages which compound; a compound has at most one (unmanaged = 无物业小区). */
export const companyCompounds = pgTable(
  'company_compounds',
  {
    tenantId: tenantId(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    orgUnitId: uuid()
      .primaryKey()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
  },
  (t) => [index().on(t.tenantId), index().on(t.companyId)],
);

export const placeType = pgEnum('place_type', PLACE_TYPES);
export const riskLevel = pgEnum('risk_level', RISK_LEVELS);

/** 场所: places with a fire-risk type, attached to the org unit they stand in. */
export const places = pgTable(
  'places',
  {
    id: id(),
    tenantId: tenantId(),
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    type: placeType().notNull(),
    /** 重点单位 level 1–3; only for type key_unit. */
    keyUnitLevel: integer(),
    riskLevel: riskLevel().notNull().default('medium'),
    address: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    contactName: text(),
    contactPhone: text(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.orgUnitId),
    index('places_tenant_name_idx').on(t.tenantId, t.name, t.id),
    index('places_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    check(
      'places_key_unit_level',
      sql`(${t.type} = 'key_unit') = (${t.keyUnitLevel} is not null) and coalesce(${t.keyUnitLevel} between 1 and 3, true)`,
    ),
  ],
);
