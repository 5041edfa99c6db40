/** The fixed vocabularies of task tracking (任务督办), with their Chinese names. */

/**
 * A task instance's life: assigned → in progress → submitted → done (accepted), or returned with a
 * reason and worked on again; the assigner may cancel what is no longer needed.
 */
export const TASK_STATES = ['assigned', 'in_progress', 'submitted', 'returned', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  assigned: '待办理',
  in_progress: '办理中',
  submitted: '待验收',
  returned: '已退回',
  done: '已完成',
  cancelled: '已撤销',
};

/** States in which the assignee still owes work, so the deadline runs and lateness escalates. */
export const OPEN_TASK_STATES = ['assigned', 'in_progress', 'returned'] as const satisfies readonly TaskState[];

/** Who a task is given to: a street or community (属地), a department (行业), a property company. */
export const ASSIGNEE_KINDS = ['org_unit', 'department', 'company'] as const;
export type AssigneeKind = (typeof ASSIGNEE_KINDS)[number];

/** What a definition of done may ask for as evidence: a photo, or a document (minutes, a report: PDF). */
export const EVIDENCE_KINDS = ['photo', 'document'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = { photo: '照片', document: '文件（PDF）' };

/**
 * 完成标准: any mix of a checklist (every item ticked), a number to reach ("inspect all 12
 * compounds") and evidence to attach (a photo, the minutes of a meeting). Empty = submitting is enough.
 */
export interface DoneDefinition {
  checklist: string[];
  target: { count: number; unit: string } | null;
  evidence: EvidenceKind[];
}

/** The assignee's progress towards the definition of done. */
export interface TaskProgress {
  /** One flag per checklist item, in the definition's order. */
  checked: boolean[];
  count: number;
}

export const CAMPAIGN_STATUSES = ['active', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_UNIT_ROLES = ['lead', 'responsible'] as const;
export type CampaignUnitRole = (typeof CAMPAIGN_UNIT_ROLES)[number];
export const CAMPAIGN_UNIT_ROLE_LABELS: Record<CampaignUnitRole, string> = { lead: '牵头单位', responsible: '责任单位' };
