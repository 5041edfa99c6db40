import { and, eq, inArray } from 'drizzle-orm';
import { inspectionTemplates, inspectionTemplateVersions } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import type { ChecklistItem, InspectionTarget } from './vocabulary.ts';

/**
 * The checklist templates every district starts with (检查表模板), drawn from the checks the seeds
 * name: fire lanes and exits clear (Hongshan's 生命通道 drive, Erqi §4(八)), extinguishers present
 * and in date (Xinwu's 3,452 "小红瓶", Erqi §4(七)), hydrants with water and pressure (Banan's 488
 * high-rises without water, Jiangyin's pressure sensors), smoke alarms (Erqi §4(二)6), emergency
 * lights and exit signs, no e-bikes indoors or flying wires (Erqi §4(六)), corridors free of
 * clutter, the fire-control room staffed 24 h (Erqi §4(一)3), security bars with an escape hatch
 * (Erqi §4(八)3), nobody living in a three-in-one shop (Quanshan's look-back).
 *
 * Each item's `category` is a code of DEFAULT_CATEGORIES (hazards/vocabulary.ts): a failed item
 * becomes a hazard of that category. A district edits its copies (new versions); the code here is
 * only the starting point, copied into the district by `ensureDefaultTemplates`.
 */
export interface DefaultTemplate {
  code: string;
  name: string;
  target: InspectionTarget;
  description: string;
  items: ChecklistItem[];
}

type ItemSpec = [
  key: string,
  category: string,
  text: string,
  hint: string,
  photoRequired: boolean,
  weight: number,
  severity?: 'general' | 'major',
];
const items = (specs: ItemSpec[]): ChecklistItem[] =>
  specs.map(([key, category, text, hint, photoRequired, weight, severity = 'general']) => ({
    key,
    category,
    text,
    hint,
    photoRequired,
    weight,
    severity,
  }));

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    code: 'high-rise-compound',
    name: '高层住宅小区消防安全检查表',
    target: 'high_rise_compound',
    description: '物业服务的高层住宅小区：生命通道、消防给水、消防控制室、电动自行车和楼道。',
    items: items([
      [
        'fire_lane',
        'fire_lane',
        '消防车通道、登高操作场地畅通，无占用、无锁闭',
        '标线标识清晰；无车辆停放、隔离桩、地锁或绿化占用',
        true,
        15,
      ],
      [
        'exits',
        'escape_route',
        '安全出口、疏散楼梯和疏散通道畅通，常闭式防火门保持关闭',
        '逐栋抽查；防火门闭门器、顺序器完好，无锁闭、无杂物',
        true,
        15,
      ],
      [
        'hydrant_water',
        'hydrant',
        '室内外消火栓有水且压力正常，栓箱内水带、水枪齐全',
        '打开末端试水装置或查看压力表并记录读数；无水或压力不足为不合格',
        true,
        15,
        'major',
      ],
      ['alarm_system', 'smoke_alarm', '火灾自动报警系统运行正常，无故障、无屏蔽点位', '查看报警控制器故障、屏蔽记录', false, 5],
      ['control_room', 'other', '消防控制室24小时有人值班，每班不少于2人且持证上岗，值班记录完整', '查看值班记录和人员证书', false, 10],
      [
        'extinguishers',
        'extinguisher',
        '灭火器按要求配置，压力指针在绿区，且在有效期内',
        '抽查每栋至少两个楼层；过期、失压、缺失为不合格',
        true,
        10,
      ],
      ['emergency_lights', 'emergency_light', '应急照明和疏散指示标志完好有效', '断开正常电源试验，指示方向正确', false, 5],
      ['ebike', 'ebike', '无电动自行车进楼入户、飞线充电，集中充电设施正常使用', '重点查看电梯、楼道、一楼架空层', true, 10],
      ['corridor_clutter', 'corridor_clutter', '楼道、前室、管道井内无杂物堆放', '', true, 5],
      ['security_bars', 'security_bars', '防盗网（窗）设有可从内部开启的逃生口', '', false, 5],
      ['micro_station', 'other', '微型消防站人员、器材配备到位，能够快速响应', '查看器材清单和值守人员', false, 5],
    ]),
  },
  {
    code: 'unmanaged-compound',
    name: '无物业小区消防安全检查表',
    target: 'unmanaged_compound',
    description: '无专业物业管理的小区（单位家属院、居民自治楼院）：由社区兜底管理，重点查技防、物防和生命通道。',
    items: items([
      ['fire_lane', 'fire_lane', '消防车通道畅通，无占用', '', true, 15],
      ['stairs', 'escape_route', '楼梯间、疏散通道畅通，单元门未锁闭', '', true, 15],
      ['ebike', 'ebike', '无电动自行车入户、楼道停放或飞线充电', '重点查看楼道、一楼和窗口垂下的电线', true, 15],
      ['corridor_clutter', 'corridor_clutter', '楼道无杂物堆放', '纸箱、旧家具、可燃物等', true, 10],
      ['extinguishers', 'extinguisher', '公共区域按楼层配置灭火器，且在有效期内', '多层住宅宜在楼梯转角处配备2具干粉灭火器', true, 10],
      ['smoke_alarms', 'smoke_alarm', '楼道等公共区域安装独立式感烟火灾探测报警器并工作正常', '按测试键检查', false, 10],
      ['hydrant_water', 'hydrant', '室外消火栓有水且压力正常', '', true, 5],
      ['wiring', 'electricity', '公共区域电气线路无私拉乱接、老化破损', '', true, 5],
      ['gas', 'gas', '燃气管道、阀门无泄漏，无违规使用瓶装液化气', '', false, 5],
      ['security_bars', 'security_bars', '防盗网设有逃生口', '', false, 5],
      ['manager', 'other', '已明确消防安全管理人，张贴防火安全公约', '', false, 5],
    ]),
  },
  {
    code: 'nine-small',
    name: '九小场所消防安全检查表',
    target: 'nine_small',
    description: '小商店、小餐饮、小旅馆、小歌舞娱乐、小网吧、小美容洗浴、小学校（幼儿园）、小医院、小生产加工企业。',
    items: items([
      ['exits', 'escape_route', '安全出口、疏散通道畅通，未锁闭、未堵塞', '营业期间检查', true, 15],
      ['no_residents', 'three_in_one', '经营场所内无人员住宿', '查看阁楼、后间是否有床铺；可结合夜间复查', true, 15, 'major'],
      ['extinguishers', 'extinguisher', '灭火器配置且在有效期内', '', true, 15],
      ['wiring', 'electricity', '电气线路穿管保护，无私拉乱接、超负荷用电', '', true, 15],
      ['gas', 'gas', '使用燃气的安装可燃气体报警装置，气瓶未在地下或半地下使用', '餐饮场所重点检查', false, 10],
      ['open_fire', 'open_fire', '无违规动火、使用明火', '', false, 10],
      ['emergency_lights', 'emergency_light', '应急照明和疏散指示完好', '', false, 10],
      ['smoke_alarm', 'smoke_alarm', '安装独立式感烟火灾探测报警器并工作正常', '', false, 5],
      ['ebike', 'ebike', '店内无电动自行车停放、充电', '', true, 5],
    ]),
  },
  {
    code: 'three-in-one',
    name: '三合一场所消防安全检查表',
    target: 'three_in_one',
    description: '住宿与生产、储存、经营合用的场所：重点查住人、防火分隔和独立疏散。',
    items: items([
      [
        'no_residents',
        'three_in_one',
        '生产、储存、经营区域内无人员住宿，或住宿部分已采用实体墙与其他部分分隔',
        '错时检查，以夜间为主核查住人情况',
        true,
        20,
        'major',
      ],
      ['separate_exit', 'escape_route', '住宿部分设有独立的安全出口和疏散通道', '', true, 15, 'major'],
      ['security_bars', 'security_bars', '防盗网（窗）设有逃生口', '', true, 10],
      ['wiring', 'electricity', '电气线路无私拉乱接、老化破损', '', true, 10],
      ['ebike', 'ebike', '室内无电动自行车及电池停放、充电', '', true, 10],
      ['open_fire', 'open_fire', '无违规使用明火和瓶装液化气', '', false, 10],
      ['extinguishers', 'extinguisher', '灭火器配置且在有效期内', '', true, 10],
      ['smoke_alarm', 'smoke_alarm', '住宿部分安装独立式感烟火灾探测报警器并工作正常', '', false, 10],
      ['emergency_lights', 'emergency_light', '应急照明和疏散指示完好', '', false, 5],
    ]),
  },
  {
    code: 'ebike-charging',
    name: '电动自行车集中停放充电场所检查表',
    target: 'ebike_charging',
    description: '小区和场所的电动自行车集中停放、充电区域（车棚、充电桩）。',
    items: items([
      ['charger_protection', 'electricity', '充电设施具备定时充电、自动断电、过载保护功能', '查看充电桩铭牌和运行状态', true, 20],
      ['not_blocking', 'escape_route', '停放充电区域不占用疏散通道、安全出口，与建筑保持安全距离', '', true, 15],
      ['no_flying_wires', 'ebike', '无飞线充电、私拉电线充电', '', true, 15],
      ['extinguishers', 'extinguisher', '配置灭火器且在有效期内', '宜配备适用于锂电池火灾的灭火装置', true, 15],
      ['fire_lane', 'fire_lane', '不占用消防车通道', '', false, 10],
      ['shed_material', 'illegal_structure', '车棚采用不燃材料搭建，无违章搭建', '', false, 10],
      ['monitoring', 'smoke_alarm', '设有视频监控或感烟报警，并有人巡查', '', false, 10],
      ['signs', 'other', '张贴安全提示和管理制度', '', false, 5],
    ]),
  },
  {
    code: 'key-unit',
    name: '消防安全重点单位检查表',
    target: 'key_unit',
    description: '一、二、三级消防安全重点单位：消防控制室、消防设施和日常防火巡查。',
    items: items([
      ['control_room', 'other', '消防控制室24小时双人值班，持证上岗，值班记录完整', '', false, 15],
      ['alarm_system', 'smoke_alarm', '火灾自动报警系统运行正常，无故障、无屏蔽点位', '', false, 15],
      ['hydrant_water', 'hydrant', '室内外消火栓有水且压力正常', '查看压力表或试水并记录读数', true, 15, 'major'],
      ['exits', 'escape_route', '安全出口、疏散通道畅通，常闭式防火门保持关闭', '', true, 15],
      ['fire_lane', 'fire_lane', '消防车通道畅通', '', true, 10],
      ['emergency_lights', 'emergency_light', '应急照明和疏散指示标志完好有效', '', false, 10],
      ['extinguishers', 'extinguisher', '灭火器配置且在有效期内', '', true, 10],
      ['patrol_records', 'other', '每日防火巡查记录完整', '', false, 5],
      ['micro_station', 'other', '微型消防站人员、器材配备到位', '', false, 5],
    ]),
  },
];

/**
 * Gives a district the default templates it does not have yet, by code. Called on the first read
 * of the template list (lazy seeding: a district created before this feature, or by any path,
 * gets them without a migration or a change to tenant creation). Idempotent and safe under
 * concurrency: templates insert with ON CONFLICT (tenant, code) DO NOTHING and only the ones this
 * call inserted get their version 1, so a racing read inserts nothing twice. A template the
 * district changed or deactivated is left alone (its code is there). Returns how many it inserted.
 */
export async function ensureDefaultTemplates(tx: Db, tenantId: string): Promise<number> {
  const codes = DEFAULT_TEMPLATES.map((t) => t.code);
  const present = await tx
    .select({ code: inspectionTemplates.code })
    .from(inspectionTemplates)
    .where(and(eq(inspectionTemplates.tenantId, tenantId), inArray(inspectionTemplates.code, codes)));
  const have = new Set(present.map((r) => r.code));
  const missing = DEFAULT_TEMPLATES.filter((t) => !have.has(t.code));
  if (!missing.length) return 0;
  const inserted = await tx
    .insert(inspectionTemplates)
    .values(missing.map((t) => ({ tenantId, code: t.code, name: t.name, target: t.target, description: t.description, currentVersion: 1 })))
    .onConflictDoNothing({ target: [inspectionTemplates.tenantId, inspectionTemplates.code] })
    .returning({ id: inspectionTemplates.id, code: inspectionTemplates.code });
  if (!inserted.length) return 0;
  const byCode = new Map(DEFAULT_TEMPLATES.map((t) => [t.code, t]));
  await tx
    .insert(inspectionTemplateVersions)
    .values(inserted.map((r) => ({ tenantId, templateId: r.id, number: 1, items: byCode.get(r.code)!.items, createdBy: null })));
  return inserted.length;
}
