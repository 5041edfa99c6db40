import type { DoneDefinition } from '../tasks/vocabulary.ts';

/**
 * Campaign templates (专项行动模板), shipped as code: the structure of a campaign plan a district
 * can start from: its phases as lengths (so one template serves any start date), the lead and
 * responsible units as the plan names them (a template cannot know a district's ids), and the
 * tasks the plan gives each level. Pure data and pure functions: no I/O.
 */

/** How long a phase lasts: a number of calendar days, or of calendar months (一个月 = to the day before the same day next month). */
export type PhaseLength = { unit: 'days' | 'months'; count: number };

export interface TemplatePhase {
  name: string;
  goal: string;
  length: PhaseLength;
}

/** Who a suggested task fans out to, as in an assignment's selector (every street, every community…). */
export const SUGGESTED_ASSIGNEES = ['streets', 'communities', 'departments', 'companies'] as const;
export type SuggestedAssignees = (typeof SUGGESTED_ASSIGNEES)[number];
export const SUGGESTED_ASSIGNEE_LABELS: Record<SuggestedAssignees, string> = {
  streets: '各镇（街道）',
  communities: '各村（社区）',
  departments: '各职能部门',
  companies: '各物业企业',
};

export interface SuggestedTask {
  title: string;
  description: string;
  /** The phase it belongs to, 1-based like the stored ordinals. */
  phaseOrdinal: number;
  assignees: SuggestedAssignees;
  done: DoneDefinition;
  weight: number;
}

export interface CampaignTemplate {
  code: string;
  name: string;
  goal: string;
  /** Where the structure comes from. */
  source: string;
  phases: TemplatePhase[];
  /** 牵头单位 / 责任单位 as the plan names them; the district picks its own units when creating. */
  leads: string[];
  responsible: string[];
  tasks: SuggestedTask[];
}

const days = (count: number): PhaseLength => ({ unit: 'days', count });
const months = (count: number): PhaseLength => ({ unit: 'months', count });
const done = (d: Partial<DoneDefinition>): DoneDefinition => ({ checklist: [], target: null, evidence: [], ...d });

/**
 * 郑州市二七区《村(社区)消防安全专项整治工作方案》(2025-11-18): three dated phases, started the day
 * the plan was issued: 工作部署 11-18…11-25, 集中排查整治 11-26…12-31, 巩固提升 2026-01-01…03-31.
 */
const ERQI: CampaignTemplate = {
  code: 'erqi-community',
  name: '村(社区)消防安全专项整治',
  goal: '健全社区消防安全责任制，压实各方责任，全面排查整治用电、用气、用火风险隐患，打通基层消防安全治理“最后一米”，确保社区消防安全形势持续稳定向好。',
  source: '郑州市二七区人民政府办公室《二七区村(社区)消防安全专项整治工作方案》（2025年11月18日）',
  phases: [
    {
      name: '工作部署',
      goal: '结合行业职责和辖区风险特点制定专项实施方案，召开动员部署会，统一思想、明确要求。',
      length: days(8),
    },
    {
      name: '集中排查整治',
      goal: '开展风险辨识管控和隐患自查自改，组织“七支队伍”深入一线，全面开展专项检查、指导服务和整改落实。',
      length: days(36),
    },
    {
      name: '巩固提升',
      goal: '对前期发现隐患的整改情况开展“回头看”，确保整改到位、闭环管理；总结经验，固化成果，完善长效机制。',
      length: months(3),
    },
  ],
  leads: ['区房屋管理事务中心', '区消防救援大队', '区委社会工作部', '区城运中心', '区城管局', '区市场监督管理局'],
  responsible: ['各镇(街道)', '各村(社区)', '物业企业', '相关职能部门'],
  tasks: [
    {
      title: '制定专项实施方案',
      description:
        '结合辖区消防风险特点认真分析研判，制定本镇(街道)专项整治实施方案，明确组织领导、重点任务、整治标准、时间节点、责任分工和保障措施。',
      phaseOrdinal: 1,
      assignees: 'streets',
      done: done({
        checklist: ['明确组织领导', '明确重点任务和整治标准', '明确时间节点和责任分工', '明确保障措施'],
        evidence: ['document'],
      }),
      weight: 2,
    },
    {
      title: '召开动员部署会',
      description: '召开本辖区专项整治工作动员部署会，统一思想，明确要求，成立由主要负责同志牵头的工作专班。',
      phaseOrdinal: 1,
      assignees: 'streets',
      done: done({ checklist: ['召开动员部署会', '成立工作专班'], evidence: ['document', 'photo'] }),
      weight: 1,
    },
    {
      title: '制定行业专项整治方案',
      description: '按照行业职责制定本部门专项整治实施方案，明确对社区、楼院、物业企业的检查指导和执法任务。',
      phaseOrdinal: 1,
      assignees: 'departments',
      done: done({ evidence: ['document'] }),
      weight: 1,
    },
    {
      title: '隐患自查自改和全面排查',
      description:
        '组织社区工作者、网格员、志愿者对辖区楼院逐一排查用电、用气、用火“三个火源”风险，发现隐患当场劝导整改，不能当场整改的上报并跟踪。目标数按本社区楼院数调整。',
      phaseOrdinal: 2,
      assignees: 'communities',
      done: done({
        checklist: ['居民用电（飞线充电、电动自行车入户）', '居民用气', '居民用火', '消防通道和疏散通道', '消防设施器材'],
        target: { count: 10, unit: '个楼院' },
        evidence: ['photo'],
      }),
      weight: 3,
    },
    {
      title: '建立隐患台账和重点人群清单',
      description: '建立并动态更新本社区隐患台账；对独居老人、失独老人、残疾人等重点人群排查登记，建立清单，落实巡查、关爱、帮扶。',
      phaseOrdinal: 2,
      assignees: 'communities',
      done: done({ checklist: ['隐患台账', '重点人群清单'], evidence: ['document'] }),
      weight: 2,
    },
    {
      title: '无专业物业管理小区兜底管理',
      description: '落实属地责任，明确无专业物业管理小区消防安全管理主体，确定消防安全管理人，组建由网格员、楼栋长、志愿者组成的巡防队伍。',
      phaseOrdinal: 2,
      assignees: 'streets',
      done: done({ checklist: ['明确管理主体和消防安全管理人', '组建巡防队伍', '纳入微型消防站或志愿消防队覆盖'], evidence: ['document'] }),
      weight: 2,
    },
    {
      title: '共用消防设施维护管理',
      description:
        '落实管理区域内消防安全主体责任：建立消防安全责任落实清单，做好共用消防设施维护保养，重点区域每日巡查，消防控制室24小时值班，组织宣传和应急演练。',
      phaseOrdinal: 2,
      assignees: 'companies',
      done: done({
        checklist: [
          '消防安全责任落实清单',
          '消火栓、灭火器等设施检查维护',
          '重点区域每日巡查记录',
          '消防控制室24小时值班记录',
          '开展一次应急演练',
        ],
        evidence: ['document', 'photo'],
      }),
      weight: 2,
    },
    {
      title: '行业专项检查和联合抽查',
      description: '按职责开展专项检查和联合抽查，重点检查防火巡查、通道畅通、消防设施维护保养等情况，依法查处违法行为。',
      phaseOrdinal: 2,
      assignees: 'departments',
      done: done({ target: { count: 5, unit: '次检查' }, evidence: ['document'] }),
      weight: 2,
    },
    {
      title: '隐患整改“回头看”',
      description: '对前期排查发现的隐患逐项复核整改情况，防止反弹回潮，确保整改到位、闭环管理。',
      phaseOrdinal: 3,
      assignees: 'communities',
      done: done({ checklist: ['逐项复核前期隐患整改情况', '未整改到位的重新上报'], evidence: ['photo'] }),
      weight: 2,
    },
    {
      title: '专项整治工作总结',
      description: '系统总结专项整治中的有效做法和经验，查漏补缺，固化成果，完善长效运行机制。',
      phaseOrdinal: 3,
      assignees: 'streets',
      done: done({ evidence: ['document'] }),
      weight: 1,
    },
  ],
};

/** 消防安全专项整治百日攻坚 (after the Wuxi/Jiangyin 100-day campaign): three phases over 100 days. */
const HUNDRED_DAY: CampaignTemplate = {
  code: 'hundred-day',
  name: '消防安全专项整治百日攻坚行动',
  goal: '采取超常措施，聚焦重点目标，集中攻坚整治重大火灾隐患，确保火灾形势稳中向好。',
  source: '江苏省无锡江阴市消防安全专项整治百日攻坚行动（2020年）',
  phases: [
    { name: '动员部署', goal: '研究制订方案，成立工作专班，召开部署会议，细化任务分解表，签订工作责任状。', length: days(10) },
    { name: '集中攻坚', goal: '聚焦重点目标集中检查整治，重大火灾隐患挂牌督办、一对一挂钩督改。', length: days(75) },
    { name: '总结验收', goal: '对照任务分解表督导验收，总结经验做法，巩固攻坚成果。', length: days(15) },
  ],
  leads: ['区消防救援大队'],
  responsible: ['各镇(街道)', '相关职能部门', '物业企业'],
  tasks: [
    {
      title: '制订攻坚方案并签订责任状',
      description: '研究制订百日攻坚实施方案，成立工作专班，细化任务分解表，签订工作责任状。',
      phaseOrdinal: 1,
      assignees: 'streets',
      done: done({ checklist: ['实施方案', '工作专班', '任务分解表', '工作责任状'], evidence: ['document'] }),
      weight: 2,
    },
    {
      title: '必查单位监督检查',
      description: '按职责对必查单位开展监督检查，督促整改火灾隐患，依法查处违法行为。',
      phaseOrdinal: 2,
      assignees: 'departments',
      done: done({ target: { count: 20, unit: '家次' }, evidence: ['document'] }),
      weight: 3,
    },
    {
      title: '“三合一”场所和群租房排查',
      description: '发动网格员等基层力量排查“三合一”场所、群租房，发现隐患上报并跟踪整改。',
      phaseOrdinal: 2,
      assignees: 'communities',
      done: done({ target: { count: 10, unit: '家' }, evidence: ['photo'] }),
      weight: 2,
    },
    {
      title: '消防设施和生命通道自查',
      description: '自查管理区域内消防设施完好情况和消防车通道、疏散通道畅通情况，发现问题立即整改。',
      phaseOrdinal: 2,
      assignees: 'companies',
      done: done({ checklist: ['消防设施完好', '消防车通道畅通', '疏散通道畅通'], evidence: ['photo'] }),
      weight: 2,
    },
    {
      title: '攻坚行动总结',
      description: '对照任务分解表总结百日攻坚成效和经验做法，提出长效机制建议。',
      phaseOrdinal: 3,
      assignees: 'streets',
      done: done({ evidence: ['document'] }),
      weight: 1,
    },
  ],
};

export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = [ERQI, HUNDRED_DAY];
export const TEMPLATE_CODES = CAMPAIGN_TEMPLATES.map((t) => t.code) as [string, ...string[]];

export function templateByCode(code: string): CampaignTemplate | undefined {
  return CAMPAIGN_TEMPLATES.find((t) => t.code === code);
}

// Calendar arithmetic on local dates ('YYYY-MM-DD'): UTC midnights, so no zone or DST can shift a day.
const DAY_MS = 86_400_000;
const toUtc = (date: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`);
  return t;
};
const fromUtc = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The date `n` calendar days after `date` (negative: before). */
export function addDaysTo(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * DAY_MS);
}

/** The same day `n` months later, or that month's last day when it is shorter (01-31 + 1 → 02-28). */
function addMonthsTo(date: string, n: number): string {
  const d = new Date(toUtc(date));
  const y = d.getUTCFullYear();
  const month = d.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, month, Math.min(d.getUTCDate(), lastDay)));
}

/** The last day of a phase of this length starting on `startsOn` (inclusive). */
export function phaseEnd(startsOn: string, length: PhaseLength): string {
  if (!Number.isSafeInteger(length.count) || length.count < 1)
    throw new RangeError(`phase length must be a positive integer, got ${length.count}`);
  return length.unit === 'days' ? addDaysTo(startsOn, length.count - 1) : addDaysTo(addMonthsTo(startsOn, length.count), -1);
}

export interface DatedPhase {
  ordinal: number;
  name: string;
  goal: string;
  startsOn: string;
  endsOn: string;
}

/** The template's phases laid end to end from `startsOn`: each starts the day after the previous ends. */
export function phasesFrom(template: Pick<CampaignTemplate, 'phases'>, startsOn: string): DatedPhase[] {
  let next = startsOn;
  return template.phases.map((p, i) => {
    const endsOn = phaseEnd(next, p.length);
    const phase = { ordinal: i + 1, name: p.name, goal: p.goal, startsOn: next, endsOn };
    next = addDaysTo(endsOn, 1);
    return phase;
  });
}

/** "8天", "3个月": how users read a length. */
export function lengthLabel(length: PhaseLength): string {
  return length.unit === 'days' ? `${length.count}天` : `${length.count}个月`;
}
