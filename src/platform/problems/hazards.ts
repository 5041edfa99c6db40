import * as z from 'zod';
import { EVIDENCE_CONTENT_TYPES, FAMILY_LABELS, type FileFamily } from '../../features/evidence/vocabulary.ts';
import { PARTY_KIND_LABELS, PARTY_KINDS } from '../../features/hazards/vocabulary.ts';
import { SUBJECT_TYPES, type SubjectType } from '../../features/timeline/vocabulary.ts';
import { problem } from './define.ts';
import { fieldIssue } from './fields.ts';
import { l } from './language.ts';

// The vocabularies below are leaf modules (no imports): the catalog stays free of feature logic.

/** An instant as the problems name it (ISO 8601, UTC). */
const Instant = z.iso.datetime().describe('时刻（ISO 8601 UTC） / an instant in UTC');
const Day = z.iso.date().describe('日期 YYYY-MM-DD / a calendar day');

const FAMILIES = Object.keys(FAMILY_LABELS) as [FileFamily, ...FileFamily[]];
const FAMILY_EN: Record<FileFamily, string> = {
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  webp: 'a WebP image',
  heif: 'a HEIC/HEIF image',
  pdf: 'a PDF document',
};

/** "per hazard", "per task"…: what the file limit of a subject is counted on. */
const PER_SUBJECT: Record<SubjectType, ReturnType<typeof l>> = {
  hazard: l('每条隐患', 'hazard'),
  task: l('每项任务', 'task'),
  maintenance_record: l('每条维保记录', 'maintenance record'),
  patrol: l('每次巡查', 'patrol'),
  assessment_adjustment: l('每项加减分', 'adjustment'),
};

const PARTY_KIND_EN: Record<(typeof PARTY_KINDS)[number], string> = {
  company: 'a property company',
  org_unit: 'an org unit',
  department: 'a department',
  place_owner: 'the place’s owner',
};

const megabytes = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} 字节`);
const megabytesEn = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`);

/** Problems of the hazard loop, its configuration (categories, routing, policy, look-backs), evidence and timelines. */
export const HAZARD_PROBLEMS = {
  // Reporting and routing a hazard.
  hazard_category_inactive: problem(400, l('该隐患类别已停用', 'The hazard category is inactive'), {
    detail: () => l('该隐患类别已停用，请选择其他类别', 'This hazard category is no longer in use: pick another one'),
  }),
  hazard_party_needs_place: problem(400, l('该隐患未关联场所', 'The hazard has no place'), {
    detail: () =>
      l(
        '该隐患未关联场所，不能交给场所负责人；请选择其他类型的责任方',
        'The hazard names no place, so it cannot go to a place’s owner: choose another kind of party',
      ),
  }),
  hazard_deadline_not_in_future: problem(400, l('整改期限须晚于当前时间', 'The deadline must be in the future'), {
    params: { dueAt: Instant },
    detail: () => l('整改期限须晚于当前时间，请重新选择期限', 'The rectification deadline must lie in the future: pick another one'),
  }),

  // The lead party's work and its verification.
  hazard_after_photos_required: problem(400, l('请附上整改后照片', 'After-photos required'), {
    detail: () => l('提交整改须附上至少一张整改后照片', 'Attach at least one photo of the fixed hazard to submit the rectification'),
  }),

  // Extensions (延期).
  hazard_extension_pending: problem(400, l('已有待审批的延期申请', 'An extension request is pending'), {
    params: { until: Instant },
    detail: () =>
      l(
        '已有一份待审批的延期申请，请等待审批结果后再申请',
        'An extension request is already waiting for approval: wait for the answer before asking again',
      ),
  }),
  hazard_extension_not_later: problem(400, l('延期后的期限须晚于现期限', 'The extension must end after the current deadline'), {
    params: { deadline: Instant },
    detail: () => l('延期后的期限须晚于现在的期限', 'The extended deadline must be later than the current one'),
  }),
  hazard_no_pending_extension: problem(400, l('没有待审批的延期申请', 'No extension request is pending'), {
    detail: () => l('没有待审批的延期申请，请刷新后查看', 'There is no extension request waiting for an answer: reload the hazard'),
  }),
  hazard_extension_outdated: problem(400, l('延期申请已过时', 'The extension request is outdated'), {
    params: { until: Instant, deadline: Instant },
    detail: () =>
      l(
        '该延期申请的期限不晚于现在的期限，批准也不会延长期限；请驳回，需要时由责任方重新申请',
        'The requested date is no later than the current deadline, so approving it would not extend anything: deny it, and let the party ask again if needed',
      ),
  }),

  // Escalation (跟踪督办).
  hazard_escalation_at_top: problem(400, l('已升级至最高层级', 'Already at the top escalation level'), {
    params: { level: z.int() },
    detail: (p) =>
      l(`该隐患已升级至最高层级（第 ${p.level} 级），不能再升级`, `The hazard is already at the top escalation level (${p.level})`),
  }),
  hazard_escalation_not_due: problem(400, l('尚未到升级时间', 'Not due for escalation'), {
    params: { level: z.int() },
    detail: (p) =>
      l(
        `该隐患逾期时间尚未达到升级至第 ${p.level + 1} 级的条件`,
        `The hazard has not been late long enough to rise to level ${p.level + 1}`,
      ),
  }),

  // Closing as a duplicate.
  hazard_duplicate_of_itself: problem(400, l('不能关联自身', 'A hazard cannot duplicate itself'), {
    detail: () =>
      l('不能把隐患关联为它自己的重复隐患，请选择原隐患', 'A hazard cannot be linked as a duplicate of itself: pick the original'),
  }),
  hazard_original_is_duplicate: problem(400, l('所选原隐患本身是重复隐患', 'The chosen original is itself a duplicate'), {
    params: { duplicateOf: z.uuid().nullable() },
    detail: () =>
      l(
        '所选原隐患本身是重复隐患，请关联到它的原隐患',
        'The chosen original is itself a duplicate: link to the hazard it duplicates instead',
      ),
  }),

  // Hazard categories.
  hazard_category_in_use: problem(409, l('该隐患类别正在使用，不能删除', 'The hazard category is in use'), {
    params: { hazards: z.int(), routingRules: z.int() },
    detail: (p) =>
      p.hazards
        ? l(
            `已有 ${p.hazards} 条隐患使用该类别，不能删除；如不再使用，请停用该类别`,
            `${p.hazards} hazard(s) use this category, so it cannot be deleted: deactivate it instead`,
          )
        : l(
            `已有 ${p.routingRules} 条分流规则使用该类别，请先修改或删除这些规则，或停用该类别`,
            `${p.routingRules} routing rule(s) use this category: change or delete them first, or deactivate the category`,
          ),
  }),

  // Look-backs (回头看).
  lookback_sample_empty: problem(400, l('没有可抽取的隐患', 'Nothing to draw'), {
    params: { from: Day, to: Day },
    detail: (p) =>
      l(
        `${p.from} 至 ${p.to} 期间在所选区域和类别内没有已整改销号的隐患，无法抽取；请放宽日期、区域或类别`,
        `No hazard closed as fixed between ${p.from} and ${p.to} matches the area and category: widen the criteria`,
      ),
  }),
  lookback_item_already_checked: problem(409, l('已复查过', 'Already re-checked'), {
    params: { result: z.enum(['confirmed', 'rebound']) },
    detail: (p) =>
      l(
        `该隐患在此次回头看中已复查（结果：${p.result === 'confirmed' ? '未反弹' : '反弹'}），不能重复复查`,
        `This hazard was already re-checked in this look-back (${p.result}): each is checked once`,
      ),
  }),

  // Routing rules.
  routing_rule_party_mismatch: problem(400, l('责任方与其类型不符', 'The party does not fit its kind'), {
    params: { partyKind: z.enum(PARTY_KINDS) },
    detail: (p) =>
      l(
        `责任方类型为${PARTY_KIND_LABELS[p.partyKind]}时，只能且必须指定对应的责任对象`,
        `A party of kind ${p.partyKind} names exactly ${PARTY_KIND_EN[p.partyKind]}, nothing else`,
      ),
  }),

  // Evidence (证据文件).
  evidence_too_large: problem(413, l('文件过大', 'File too large'), {
    params: { max: z.int() },
    detail: (p) => l(`文件大小超过上限 ${megabytes(p.max)}`, `The file is over the limit of ${megabytesEn(p.max)}`),
  }),
  evidence_not_uploaded: problem(409, l('文件尚未上传', 'The file has not been uploaded yet'), {
    detail: () =>
      l('文件尚未上传完成，请上传后再确认', 'The file has not been uploaded yet: upload it (or let the upload finish), then confirm'),
  }),
  evidence_rejected: problem(400, l('文件未通过检查，已拒收', 'The file failed the checks and was rejected'), {
    params: {
      reason: z.enum(['size', 'checksum', 'type']),
      declaredSize: z.int().optional(),
      actualSize: z.int().optional(),
      declaredType: z.enum(EVIDENCE_CONTENT_TYPES).optional(),
      /** What the first bytes say the file is; null = none of the supported formats. */
      detectedFormat: z.enum(FAMILIES).nullable().optional(),
    },
    detail: (p) => {
      const retry = l('，请重新申请上传', ': request a new upload');
      const say = (zh: string, en: string) => l(`${zh}${retry['zh-CN']}`, `${en}${retry.en}`);
      if (p.reason === 'size') {
        return say(
          `文件大小与声明不符（声明 ${p.declaredSize ?? '?'} 字节，实际 ${p.actualSize ?? '?'} 字节）`,
          `The size does not match the declared size (declared ${p.declaredSize ?? '?'} bytes, found ${p.actualSize ?? '?'})`,
        );
      }
      if (p.reason === 'checksum') {
        return say(
          '文件的 SHA-256 校验值与声明不符，文件可能在上传中损坏或被替换',
          'The SHA-256 does not match the declared checksum: the file was damaged or replaced on the way',
        );
      }
      const found = p.detectedFormat ? FAMILY_LABELS[p.detectedFormat] : '不支持的格式';
      const foundEn = p.detectedFormat ? FAMILY_EN[p.detectedFormat] : 'no supported format';
      return say(
        `文件内容与声明的类型不符（声明为 ${p.declaredType ?? '?'}，实际为${found}）`,
        `The content does not match the declared type (declared ${p.declaredType ?? '?'}, found ${foundEn})`,
      );
    },
  }),
  evidence_already_rejected: problem(409, l('该文件已被拒收', 'This upload was rejected'), {
    detail: () => l('该文件已被拒收，请重新申请上传', 'This upload was rejected earlier: request a new upload'),
  }),
  evidence_unusable: problem(404, l('附件不可用', 'Evidence not usable'), {
    params: { evidenceIds: z.array(z.uuid()).min(1) },
    detail: () =>
      l(
        '附件不存在、尚未确认上传或已被使用；请重新上传后再提交',
        'The evidence does not exist, is not confirmed, or is attached already: upload it again, then resubmit',
      ),
  }),
  evidence_listed_twice: problem(400, l('附件列表中有重复', 'An evidence file is listed twice')),
  evidence_too_many_files: problem(400, l('附件数量超过上限', 'Too many files'), {
    params: { subject: z.enum(SUBJECT_TYPES), max: z.int(), attached: z.int() },
    detail: (p) =>
      l(
        `${PER_SUBJECT[p.subject]['zh-CN']}最多 ${p.max} 个附件（已有 ${p.attached} 个）`,
        `At most ${p.max} files per ${PER_SUBJECT[p.subject].en} (${p.attached} attached already)`,
      ),
  }),
};

/** Field-level codes of the cross-field rules of the hazard loop, its configuration (categories, routing, policy, look-backs), evidence and timelines. */
export const HAZARD_FIELD_ISSUES = {
  hazard_location_required: fieldIssue(l('请选择场所或所在区域', 'Give a place or an org unit')),
  hazard_after_photos_required: fieldIssue(l('请附上整改后照片', 'Attach after-photos')),
  hazard_category_code_format: fieldIssue(l('代码只能是 2–40 位小写字母、数字或下划线', 'Code: 2–40 of a-z, 0-9 and _')),
  evidence_file_name_format: fieldIssue(l('文件名不能包含控制字符', 'No control characters in the file name')),
  sha256_format: fieldIssue(l('SHA-256 须为 64 位十六进制数字', 'SHA-256: 64 hexadecimal digits')),
};
