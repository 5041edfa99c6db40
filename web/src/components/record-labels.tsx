/**
 * How a record is named and badged, the same in its list and on its own page: the list pages
 * route to the detail pages, so what both show lives here rather than in either.
 */

import type { Campaign, Inspection, MaintenanceRecord } from '../api-types.ts';
import { label, t } from '../i18n.ts';

/** A maintenance record's state, its result when a fault, and the conflict flag. */
export function MaintenanceBadges(props: { record: Pick<MaintenanceRecord, 'state' | 'result'> & { conflict: unknown } }) {
  const { state, result, conflict } = props.record;
  return (
    <span class="chips">
      <span class={`badge maint-${state}`}>{label('maintState', state)}</span>
      {result === 'fault' ? <span class="badge maint-fault">{label('maintResult', result)}</span> : null}
      {conflict ? <span class="badge conflict-badge">⚠ {t('maint.conflict')}</span> : null}
    </span>
  );
}

export function InspectionStatusBadge(props: { status: Inspection['status'] }) {
  return <span class={`badge insp-${props.status}`}>{label('inspStatus', props.status)}</span>;
}

/** What was inspected: the place, or the compound / building. */
export const inspectedName = (i: Pick<Inspection, 'placeName' | 'orgUnitName'>) => i.placeName ?? i.orgUnitName;

export function CampaignStatusBadge(props: { status: Campaign['status'] }) {
  return <span class={`badge campaign-${props.status}`}>{label('campaignStatus', props.status)}</span>;
}
