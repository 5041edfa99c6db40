import { companies, companyCompounds, departments, orgUnits, places, roleAssignments, users } from '../db/schema/index.ts';
import type { DepartmentKind, OrgUnitKind, PlaceType, RiskLevel } from '../features/registry/vocabulary.ts';
import { createTenant } from '../features/tenants/service.ts';
import { hashPassword } from '../platform/auth/password.ts';
import type { Role } from '../platform/authz/roles.ts';
import { setTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';

/**
 * Demo data for the embedded default only (never against a configured database): an oversight
 * office `demo-city` over two districts `demo-a` and `demo-b`, a platform tenant, and one user per
 * role. Every password is DEMO_PASSWORD.
 */
export const DEMO_PASSWORD = 'firegrid-demo';

const DISTRICT_ROLES: Role[] = [
  'committee_admin',
  'committee_staff',
  'station_staff',
  'community_staff',
  'grid_member',
  'department_staff',
  'property_manager',
  'volunteer',
];

interface DistrictPlan {
  slug: string;
  name: string;
  streets: { name: string; kind: OrgUnitKind; communities: string[] }[];
  companies: string[];
}

const PLANS: DistrictPlan[] = [
  {
    slug: 'demo-a',
    name: '示范甲区消防安全委员会',
    streets: [
      { name: '示范东湖街道', kind: 'street', communities: ['东湖社区', '青桐社区'] },
      { name: '示范西山街道', kind: 'street', communities: ['西山社区', '枫林社区'] },
      { name: '示范南溪镇', kind: 'town', communities: ['南溪村', '石桥村'] },
    ],
    companies: ['示范安居物业服务有限公司', '示范华庭物业管理有限公司'],
  },
  {
    slug: 'demo-b',
    name: '示范乙区消防安全委员会',
    streets: [
      { name: '示范北城街道', kind: 'street', communities: ['北城社区', '柳岸社区'] },
      { name: '示范河口镇', kind: 'town', communities: ['河口村', '新桥村'] },
    ],
    companies: ['示范恒信物业有限公司', '示范锦绣物业服务有限公司'],
  },
];

const DEPARTMENTS: { name: string; kind: DepartmentKind }[] = [
  { name: '住房和城乡建设局', kind: 'housing' },
  { name: '城市管理局', kind: 'urban_management' },
  { name: '市场监督管理局', kind: 'market_regulation' },
  { name: '民政局', kind: 'civil_affairs' },
  { name: '应急管理局', kind: 'emergency' },
  { name: '公安分局', kind: 'police' },
  { name: '消防救援大队', kind: 'fire_rescue' },
];

const PLACE_KINDS: { type: PlaceType; risk: RiskLevel; names: string[]; level?: number }[] = [
  { type: 'nine_small', risk: 'medium', names: ['便民超市', '小餐馆', '理发店', '五金店', '网吧'] },
  { type: 'three_in_one', risk: 'high', names: ['服装加工作坊', '电动车维修店'] },
  { type: 'key_unit', risk: 'high', names: ['中心小学', '社区卫生服务中心'], level: 2 },
  { type: 'high_rise', risk: 'high', names: ['商务大厦'] },
  { type: 'group_rental', risk: 'high', names: ['出租屋'] },
  { type: 'elderly_care', risk: 'high', names: ['颐养院'] },
];

const BUILDINGS_PER_COMPOUND = 3;

async function seedDistrict(provider: DatabaseProvider, db: Db, plan: DistrictPlan, passwordHash: string) {
  await db.transaction(async (tx) => {
    await setTenant(tx, provider.switchToRole, null);
    const { tenant, adminUserId } = await createTenant(tx, provider.switchToRole, {
      slug: plan.slug,
      name: plan.name,
      kind: 'district',
      parentSlug: 'demo-city',
      admin: { username: 'committee_admin', displayName: '管理员（示范）', passwordHash },
    });
    const tenantId = tenant.id;
    const unit = async (parent: { id: string; path: string; depth: number } | null, kind: OrgUnitKind, name: string, code: string) => {
      const id = crypto.randomUUID();
      const row = { id, path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? 0) + 1 };
      await tx
        .insert(orgUnits)
        .values({ ...row, tenantId, parentId: parent?.id ?? null, kind, name, code, address: `${plan.name.slice(0, 3)}${name}` });
      return row;
    };

    const streets = [];
    const communities = [];
    const compounds = [];
    let placeNo = 0;
    for (const [si, street] of plan.streets.entries()) {
      const s = await unit(null, street.kind, street.name, `S${si + 1}`);
      streets.push(s);
      for (const [ci, community] of street.communities.entries()) {
        const communityKind: OrgUnitKind = street.kind === 'town' ? 'village' : 'community';
        const c = await unit(s, communityKind, community, `S${si + 1}C${ci + 1}`);
        communities.push(c);
        for (const k of [1, 2]) {
          const compound = await unit(
            c,
            'compound',
            `${community.replace(/社区|村/, '')}${k === 1 ? '花园' : '家园'}小区`,
            `S${si + 1}C${ci + 1}K${k}`,
          );
          compounds.push(compound);
          for (let b = 1; b <= BUILDINGS_PER_COMPOUND; b++) await unit(compound, 'building', `${b}号楼`, `B${b}`);
        }
        for (const kind of PLACE_KINDS) {
          const name = kind.names[placeNo % kind.names.length]!;
          placeNo++;
          await tx.insert(places).values({
            tenantId,
            orgUnitId: kind.type === 'group_rental' || kind.type === 'high_rise' ? compounds.at(-1)!.id : c.id,
            name: `${community}${name}`,
            type: kind.type,
            keyUnitLevel: kind.level ?? null,
            riskLevel: kind.risk,
            address: `${community}${placeNo}号`,
            latitude: 30 + placeNo / 1000,
            longitude: 120 + placeNo / 1000,
            contactName: '张经理',
            contactPhone: `1380000${String(placeNo).padStart(4, '0')}`,
          });
        }
      }
    }

    const companyIds: string[] = [];
    for (const [i, name] of plan.companies.entries()) {
      const [company] = await tx
        .insert(companies)
        .values({
          tenantId,
          name,
          creditCode: `91${plan.slug === 'demo-a' ? '3201' : '3202'}00MA0000000${i}X`.slice(0, 18),
          contactName: '李经理',
          contactPhone: `1390000000${i}`,
        })
        .returning({ id: companies.id });
      companyIds.push(company!.id);
      // Each company manages every other compound; the rest stay unmanaged (无物业小区).
      for (const [ki, compound] of compounds.entries()) {
        if (ki % 4 === i * 2) await tx.insert(companyCompounds).values({ tenantId, companyId: company!.id, orgUnitId: compound.id });
      }
    }
    const departmentIds = new Map<DepartmentKind, string>();
    for (const d of DEPARTMENTS) {
      const [row] = await tx
        .insert(departments)
        .values({ tenantId, name: `示范${d.name}`, kind: d.kind })
        .returning({ id: departments.id });
      departmentIds.set(d.kind, row!.id);
    }

    const scopes: Partial<Record<Role, { orgUnitId?: string; departmentId?: string; companyId?: string }>> = {
      station_staff: { orgUnitId: streets[0]!.id },
      community_staff: { orgUnitId: communities[0]!.id },
      grid_member: { orgUnitId: communities[0]!.id },
      volunteer: { orgUnitId: communities[0]!.id },
      department_staff: { departmentId: departmentIds.get('market_regulation')! },
      property_manager: { companyId: companyIds[0]! },
    };
    void adminUserId;
    for (const role of DISTRICT_ROLES.filter((r) => r !== 'committee_admin')) {
      const [user] = await tx
        .insert(users)
        .values({ tenantId, username: role, displayName: `${role}（示范）`, passwordHash })
        .returning({ id: users.id });
      await tx.insert(roleAssignments).values({ tenantId, userId: user!.id, role, ...scopes[role] });
    }
  });
}

export async function seedDemo(provider: DatabaseProvider, db: Db): Promise<void> {
  // One hash for every demo account: the password is public anyway, and hashing is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await setTenant(tx, provider.switchToRole, null);
    await createTenant(tx, provider.switchToRole, {
      slug: 'firegrid',
      name: 'firegrid 平台运维',
      kind: 'platform',
      admin: { username: 'platform_operator', displayName: '平台运维（示范）', passwordHash },
    });
  });
  await db.transaction(async (tx) => {
    await setTenant(tx, provider.switchToRole, null);
    await createTenant(tx, provider.switchToRole, {
      slug: 'demo-city',
      name: '示范市消防安全委员会办公室',
      kind: 'oversight',
      admin: { username: 'oversight_viewer', displayName: '市消安办（示范）', passwordHash },
    });
  });
  for (const plan of PLANS) await seedDistrict(provider, db, plan, passwordHash);
}

export const DEMO_LOGINS = [
  ...PLANS.flatMap((p) => DISTRICT_ROLES.map((role) => ({ tenant: p.slug, username: role }))),
  { tenant: 'demo-city', username: 'oversight_viewer' },
  { tenant: 'firegrid', username: 'platform_operator' },
];
