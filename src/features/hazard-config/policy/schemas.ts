import * as z from 'zod';
import { Version } from '../../../platform/http/route.ts';
import { issue } from '../../../platform/problems/catalog.ts';

/** The levels an overdue hazard can rise through (labels in features/hazards/policy.ts). */
export const ESCALATION_LEVELS = ['community', 'street', 'district_supervisor', 'committee'] as const;

const policyFields = {
  respondHours: z.number().int().min(1).max(168).describe('受理时限（小时）/ hours to respond after routing'),
  rectifyDaysGeneral: z.number().int().min(1).max(90).describe('一般隐患整改期限（天）/ days to fix a general hazard'),
  rectifyDaysMajor: z.number().int().min(1).max(30).describe('重大隐患整改期限（天）/ days to fix a major hazard'),
  escalationChain: z
    .array(z.enum(ESCALATION_LEVELS))
    .min(1)
    .max(5)
    .refine((chain) => new Set(chain).size === chain.length, issue('listed_twice'))
    .describe('逾期升级链，由低到高 / escalation levels, lowest first'),
  escalationIntervalHours: z.number().int().min(1).max(720).describe('两级升级之间的小时数 / hours between two levels'),
  maxFilesPerHazard: z.number().int().min(1).max(50).describe('每条隐患最多附件数 / files per hazard'),
};

export const HazardPolicyView = z
  .object({
    respondHours: z.number().int(),
    rectifyDaysGeneral: z.number().int(),
    rectifyDaysMajor: z.number().int(),
    escalationChain: z.array(z.string()),
    escalationIntervalHours: z.number().int(),
    maxFilesPerHazard: z.number().int(),
    /** 0 = nothing stored yet: these are the defaults (Erqi plan). */
    version: Version.describe('0 = 尚未保存，使用默认值 / 0 = defaults, nothing stored yet'),
    timeZone: z.string().describe('期限按此时区计算 / deadlines are counted in this time zone'),
  })
  .meta({ id: 'HazardPolicy' });

export const PutHazardPolicy = z
  .strictObject({
    version: Version.describe('当前版本；尚未保存时为 0 / the version read; 0 to create'),
    ...policyFields,
  })
  .meta({
    id: 'PutHazardPolicy',
    example: {
      version: 0,
      respondHours: 24,
      rectifyDaysGeneral: 7,
      rectifyDaysMajor: 2,
      escalationChain: ['community', 'street', 'district_supervisor'],
      escalationIntervalHours: 24,
      maxFilesPerHazard: 20,
    },
  });
