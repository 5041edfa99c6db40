import type { Me, Place } from '../../api-types.ts';
import { asText, EditDialog, num, str } from '../../components/form.tsx';
import { ListPage } from '../../components/list.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { label, t } from '../../i18n.ts';
import { orgPathText, orgTree, useLookup } from '../../store.ts';
import { PLACE_TYPES, RISK_LEVELS } from '../../vocabulary.ts';

const typeOptions = () => PLACE_TYPES.map((v) => ({ value: v, label: label('placeType', v) }));
const riskOptions = () => RISK_LEVELS.map((v) => ({ value: v, label: label('risk', v) }));

export function placeTypeText(p: Pick<Place, 'type' | 'keyUnitLevel'>): string {
  const base = label('placeType', p.type);
  return p.type === 'key_unit' && p.keyUnitLevel ? `${base}（${t('place.level', { n: p.keyUnitLevel })}）` : base;
}

export function PlacesPage(props: { me: Me }) {
  const tree = useLookup(orgTree).value;
  const canWrite = props.me.permissions.includes('places.write');
  return (
    <ListPage
      resource="places"
      title={t('place.title')}
      newLabel={t('place.newTitle')}
      filters={[
        { name: 'q', label: t('common.search') },
        { name: 'orgUnitId', label: t('place.orgUnit'), options: orgOptions(tree), all: t('place.anyOrg') },
        { name: 'type', label: t('place.type'), options: typeOptions() },
        { name: 'riskLevel', label: t('place.riskLevel'), options: riskOptions() },
      ]}
      columns={[
        { label: t('common.name'), primary: true, render: (p) => p.name },
        { label: t('place.type'), render: placeTypeText },
        {
          label: t('place.riskLevel'),
          render: (p) => <span class={`badge risk-${p.riskLevel}`}>{label('risk', p.riskLevel)}</span>,
        },
        { label: t('place.orgUnit'), render: (p) => orgPathText(tree, p.orgUnitId) },
        { label: t('common.address'), render: (p) => p.address ?? '' },
        {
          label: t('common.contactName'),
          render: (p) => [p.contactName, p.contactPhone].filter(Boolean).join(' · '),
        },
      ]}
      itemName={(p) => p.name}
      canCreate={canWrite}
      canEdit={() => canWrite}
      canDelete={canWrite}
      renderEditor={(editing, done) => <PlaceForm id={editing.mode === 'edit' ? editing.item.id : null} done={done} />}
    />
  );
}

function PlaceForm(props: { id: string | null; done: (saved: Place | null, created: boolean) => void }) {
  const tree = useLookup(orgTree).value;
  return (
    <EditDialog
      resource="places"
      id={props.id}
      title={props.id ? t('place.editTitle') : t('place.newTitle')}
      initial={(p) => ({
        orgUnitId: p?.orgUnitId ?? '',
        name: p?.name ?? '',
        type: p?.type ?? 'nine_small',
        keyUnitLevel: asText(p?.keyUnitLevel ?? ''),
        riskLevel: p?.riskLevel ?? 'medium',
        address: p?.address ?? '',
        latitude: asText(p?.latitude),
        longitude: asText(p?.longitude),
        contactName: p?.contactName ?? '',
        contactPhone: p?.contactPhone ?? '',
      })}
      toPayload={(v) => ({
        orgUnitId: str(v.orgUnitId),
        name: str(v.name),
        type: str(v.type),
        keyUnitLevel: v.type === 'key_unit' ? num(v.keyUnitLevel) : null,
        riskLevel: str(v.riskLevel),
        address: str(v.address),
        latitude: num(v.latitude),
        longitude: num(v.longitude),
        contactName: str(v.contactName),
        contactPhone: str(v.contactPhone),
      })}
      onSaved={(p, created) => props.done(p, created)}
      onClose={() => props.done(null, false)}
      renderFields={(f) => (
        <>
          {f.text('name', t('common.name'), { required: true, maxLength: 200 })}
          {f.select('orgUnitId', t('place.orgUnit'), orgOptions(tree), { required: true, empty: '' })}
          <div class="row">
            {f.select('type', t('place.type'), typeOptions(), { required: true })}
            {f.values.type === 'key_unit'
              ? f.select(
                  'keyUnitLevel',
                  t('place.keyUnitLevel'),
                  [1, 2, 3].map((n) => ({ value: String(n), label: t('place.level', { n }) })),
                  { required: true, empty: '' },
                )
              : null}
            {f.select('riskLevel', t('place.riskLevel'), riskOptions(), { required: true })}
          </div>
          {f.text('address', t('common.address'), { autoComplete: 'off' })}
          <div class="row">
            {f.text('latitude', t('place.latitude'), { inputMode: 'decimal' })}
            {f.text('longitude', t('place.longitude'), { inputMode: 'decimal' })}
          </div>
          <div class="row">
            {f.text('contactName', t('common.contactName'), { autoComplete: 'off' })}
            {f.text('contactPhone', t('common.contactPhone'), { type: 'tel', autoComplete: 'off' })}
          </div>
        </>
      )}
    />
  );
}
