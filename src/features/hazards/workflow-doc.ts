import { HAZARD_STATE_LABELS } from './vocabulary.ts';
import { ACTIONS, WORKFLOW } from './workflow.ts';

const WHO: Record<string, string> = { router: '分流/核查人（镇街、区消安委）', lead: '牵头责任方', system: '系统（逾期自动升级）' };

/** The workflow table as Markdown, for the OpenAPI description of the transitions endpoint. */
export function workflowTable(): string {
  const rows = ACTIONS.map((a) => {
    const r = WORKFLOW[a];
    const from = r.from.map((s) => `${s} ${HAZARD_STATE_LABELS[s]}`).join(', ');
    const to =
      r.to === 'same'
        ? '（不变）'
        : r.to === 'reopened'
          ? 'rectifying / reported'
          : r.to === 'same-or-reopened'
            ? '（确认：不变；反弹：rectifying / reported）'
            : `${r.to} ${HAZARD_STATE_LABELS[r.to]}`;
    const who = r.who.map((w) => WHO[w]).join('、') + (r.independent ? '；须独立于上报人和责任方' : '');
    return `| \`${a}\` | ${r.label} | ${from} | ${to} | ${who} |`;
  });
  return [
    '每个动作只能在列出的状态下、由列出的角色执行；`version` 必须是读取时的版本（过期返回 409）。',
    'Each action is allowed only from the listed states and by the listed actors; `version` must be the one read (stale → 409).',
    '',
    '| action | 动作 | from | to | who |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
