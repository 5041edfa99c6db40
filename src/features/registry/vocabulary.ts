import { type Localized, l } from '../../platform/problems/language.ts';

/**
 * The fixed vocabularies of the district registry, with their Chinese names (the UI speaks zh-CN
 * first). Stored as Postgres enums; adding a value is a migration.
 */

export const ORG_UNIT_KINDS = ['street', 'town', 'community', 'village', 'compound', 'building'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** In both languages: the org-unit kinds appear in the API's messages (the level rule). */
export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKind, Localized> = {
  street: l('街道', 'street'),
  town: l('镇', 'town'),
  community: l('社区', 'community'),
  village: l('村', 'village'),
  compound: l('小区', 'compound'),
  building: l('楼栋', 'building'),
};

/** The tree's levels: which kinds may hang below which. `null` = top level (below the district). */
export const ORG_UNIT_PARENT_KINDS: Record<OrgUnitKind, readonly (OrgUnitKind | null)[]> = {
  street: [null],
  town: [null],
  community: ['street', 'town'],
  village: ['street', 'town'],
  compound: ['community', 'village'],
  building: ['compound'],
};

export const PLACE_TYPES = [
  'nine_small',
  'three_in_one',
  'key_unit',
  'high_rise',
  'group_rental',
  'elderly_care',
  'school_dorm',
  'hospital_ward',
  'market',
  'warehouse',
  'other',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export const PLACE_TYPE_LABELS: Record<PlaceType, string> = {
  nine_small: '九小场所',
  three_in_one: '三合一场所',
  key_unit: '重点单位',
  high_rise: '高层建筑',
  group_rental: '群租房',
  elderly_care: '养老机构',
  school_dorm: '学校宿舍',
  hospital_ward: '医院病房',
  market: '商场市场',
  warehouse: '仓储物流',
  other: '其他',
};

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高' };

export const DEPARTMENT_KINDS = [
  'housing',
  'urban_management',
  'market_regulation',
  'civil_affairs',
  'emergency',
  'police',
  'housing_office',
  'city_operations',
  'fire_rescue',
  'other',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DEPARTMENT_KIND_LABELS: Record<DepartmentKind, string> = {
  housing: '住建',
  urban_management: '城管',
  market_regulation: '市场监管',
  civil_affairs: '民政',
  emergency: '应急管理',
  police: '公安/派出所',
  housing_office: '房管中心',
  city_operations: '城运中心',
  fire_rescue: '消防救援大队',
  other: '其他',
};
