import type { Facility, Me } from '../../api-types.ts';
import { asText, EditDialog, num, str } from '../../components/form.tsx';
import { ListPage } from '../../components/list.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { label, t } from '../../i18n.ts';
import { orgTree, useLookup } from '../../store.ts';
import { localDate } from '../../time.ts';
import { FACILITY_KINDS, FACILITY_STATUSES } from '../../vocabulary.ts';

const kindOptions = () => FACILITY_KINDS.map((k) => ({ value: k, label: label('facilityKind', k) }));
const statusOptions = () => FACILITY_STATUSES.map((s) => ({ value: s, label: label('facilityStatus', s) }));

export function FacilityStatusBadge(props: { status: Facility['status'] }) {
  return <span class={`badge facility-${props.status}`}>{label('facilityStatus', props.status)}</span>;
}

/** "即将到期" / "已过期", or nothing. */
export function ExpiryBadge(props: { expiry: Facility['expiry'] }) {
  return props.expiry ? <span class={`badge expiry-${props.expiry}`}>{label('expiry', props.expiry)}</span> : null;
}

export function FacilitiesPage(props: { me: Me }) {
  const tree = useLookup(orgTree).value;
  const canWrite = props.me.permissions.includes('facilities.write');
  const orgUnitId = new URLSearchParams(location.search).get('orgUnitId') ?? '';
  const unit = tree?.byId.get(orgUnitId)?.node;
  return (
    <ListPage
      resource="facilities"
      title={unit ? `${t('nav.facilities')} · ${unit.name}` : t('nav.facilities')}
      newLabel={`＋ ${t('facility.new')}`}
      intro={<p class="muted small">{t('facility.intro')}</p>}
      filters={[
        { name: 'orgUnitId', label: t('facility.where'), options: orgOptions(tree), all: t('place.anyOrg') },
        { name: 'kind', label: t('facility.kind'), options: kindOptions() },
        { name: 'status', label: t('facility.status'), options: statusOptions() },
        { name: 'expiringWithinDays', label: t('facility.expiresOn'), options: [{ value: '30', label: t('facility.expiringFilter') }] },
      ]}
      sorts={[
        { value: 'updatedAt:desc', label: t('sort.updated') },
        { value: 'createdAt:desc', label: t('sort.newest') },
        { value: 'createdAt:asc', label: t('sort.oldest') },
      ]}
      columns={[
        {
          label: t('facility.kind'),
          primary: true,
          render: (f) => (
            <>
              {label('facilityKind', f.kind)}
              {f.location ? <span class="desc">{f.location}</span> : null}
            </>
          ),
        },
        {
          label: t('facility.where'),
          render: (f) => (f.orgUnitId === f.compoundId ? f.compoundName : `${f.compoundName} / ${f.orgUnitName}`),
        },
        { label: t('facility.count'), render: (f) => f.count },
        { label: t('facility.status'), render: (f) => <FacilityStatusBadge status={f.status} /> },
        {
          label: t('facility.expiresOn'),
          render: (f) => (
            <span class="chips">
              {f.expiresOn ?? '—'} <ExpiryBadge expiry={f.expiry} />
            </span>
          ),
        },
        { label: t('facility.lastMaintained'), render: (f) => f.lastMaintainedOn ?? '—' },
      ]}
      itemName={(f) => [label('facilityKind', f.kind), f.location].filter(Boolean).join(' ')}
      canCreate={canWrite}
      canEdit={() => canWrite}
      canDelete={canWrite}
      renderEditor={(editing, done) => (
        <EditDialog
          resource="facilities"
          id={editing.mode === 'edit' ? editing.item.id : null}
          title={editing.mode === 'edit' ? t('facility.edit') : t('facility.new')}
          initial={(f) => ({
            orgUnitId: f?.orgUnitId ?? (unit && (unit.kind === 'compound' || unit.kind === 'building') ? unit.id : ''),
            kind: f?.kind ?? 'extinguisher',
            location: f?.location ?? '',
            count: asText(f?.count ?? 1),
            status: f?.status ?? 'working',
            expiresOn: f?.expiresOn ?? '',
            lastMaintainedOn: f?.lastMaintainedOn ?? '',
          })}
          toPayload={(v) => ({
            orgUnitId: str(v.orgUnitId),
            kind: str(v.kind),
            location: str(v.location) ?? '',
            count: num(v.count),
            status: str(v.status),
            expiresOn: str(v.expiresOn),
            lastMaintainedOn: str(v.lastMaintainedOn),
          })}
          onSaved={(f, created) => done(f, created)}
          onClose={() => done(null, false)}
          renderFields={(f) => (
            <>
              {f.select('orgUnitId', t('facility.where'), orgOptions(tree, ['compound', 'building']), { required: true, empty: '' })}
              <div class="row">
                {f.select('kind', t('facility.kind'), kindOptions(), { required: true })}
                {f.select('status', t('facility.status'), statusOptions(), { required: true })}
              </div>
              {f.text('location', t('facility.location'), { maxLength: 200, placeholder: t('facility.locationHint') })}
              <div class="row">
                {f.text('count', t('facility.count'), { required: true, inputMode: 'numeric' })}
                {f.text('expiresOn', `${t('facility.expiresOn')}（${t('common.optional')}）`, { type: 'date' })}
                {f.text('lastMaintainedOn', `${t('facility.lastMaintained')}（${t('common.optional')}）`, {
                  type: 'date',
                  max: localDate(props.me.tenant.timeZone),
                })}
              </div>
            </>
          )}
        />
      )}
    />
  );
}
