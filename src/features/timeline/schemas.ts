import * as z from 'zod';

/** One event of a hazard's or a task's timeline; states are the subject's own vocabulary. */
export const TimelineEvent = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable().describe('null = the system (escalation sweep, duty generation)'),
    action: z.string(),
    fromState: z.string().nullable(),
    toState: z.string(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    evidenceIds: z.array(z.uuid()),
    hash: z.string(),
  })
  .meta({ id: 'TimelineEvent' });

export const ChainVerdict = z
  .object({
    valid: z.boolean(),
    events: z.number().int(),
    head: z.string().optional(),
    brokenAtSeq: z.number().int().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'ChainVerdict' });
