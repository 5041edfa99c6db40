/**
 * 检查 (inspections and joint inspections): the inspections of the caller's scope as a desk list
 * with filters; /inspections/new starts one (a place or a compound, then the checklist template,
 * the one that fits suggested first); /inspections/{id} is the runner made for a phone.
 */
import { useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { InspectionTemplate, Me } from '../../api-types.ts';
import { BackLink } from '../../components/detail-page.tsx';
import { boardMemory, FilterDateRange, FilterSelect, useAddressFilters } from '../../components/filter-bar.tsx';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { InspectionStatusBadge, inspectedName } from '../../components/record-labels.tsx';
import { distinctTargets, type Target, TargetPicker } from '../../components/target-picker.tsx';
import { type Option, SelectField } from '../../components/ui.tsx';
import { invalidate } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { companiesLookup, departmentsLookup, templatesLookup, useLookup } from '../../store.ts';
import { dateTime } from '../../time.ts';
import { INSPECTION_STATUSES, type InspectionTarget } from '../../vocabulary.ts';

/** The list's filters: in the address, and remembered for a visit to an inspection and back. */
const FILTERS = ['status', 'templateId', 'from', 'to'];
const memory = boardMemory({}, 'createdAt:desc');

export function InspectionList(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const { state: filterState, cursor } = useAddressFilters(FILTERS, [memory.sort], memory);
  const { filters } = filterState;
  const templates = useLookup(templatesLookup).value;
  const paged = usePagedList('/inspections', { ...filters, sort: 'createdAt', order: 'desc', limit: 30 }, { cursor });

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.inspections')}</h1>
        {me.permissions.includes('inspections.run') ? (
          <a class="btn primary" href="/inspections/new" onClick={linkClick}>
            ＋ {t('insp.new')}
          </a>
        ) : null}
      </div>
      <search aria-label={t('common.filters')}>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <FilterSelect
            state={filterState}
            name="status"
            label={t('hazard.state')}
            options={INSPECTION_STATUSES.map((x) => ({ value: x, label: label('inspStatus', x) }))}
          />
          <FilterSelect
            state={filterState}
            name="templateId"
            label={t('insp.template')}
            options={(templates ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
          <FilterDateRange state={filterState} from={{ name: 'from', label: t('insp.from') }} to={{ name: 'to', label: t('insp.to') }} />
        </form>
      </search>
      <ListCount paged={paged} />
      {paged.items.length ? (
        <table class="table inspections-table">
          <thead>
            <tr>
              <th scope="col">{t('insp.target')}</th>
              <th scope="col">{t('hazard.state')}</th>
              <th scope="col">{t('insp.inspector')}</th>
              <th scope="col">{t('insp.when')}</th>
              <th scope="col">{t('insp.score')}</th>
              <th scope="col">{t('insp.failed')}</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((i) => (
              <tr key={i.id} class="task-row" data-testid="inspection-row" onClick={rowClick(() => navigate(`/inspections/${i.id}`))}>
                <td class="primary" data-label={t('insp.target')}>
                  <a href={`/inspections/${i.id}`} onClick={linkClick}>
                    {inspectedName(i)}
                  </a>
                  <span class="desc">
                    {i.template.name}
                    {i.placeName ? ` · ${i.orgUnitName}` : ''}
                  </span>
                </td>
                <td data-label={t('hazard.state')}>
                  <span class="chips">
                    <InspectionStatusBadge status={i.status} />
                    {i.jointDepartments.length ? <span class="badge">{t('insp.joint')}</span> : null}
                  </span>
                </td>
                <td data-label={t('insp.inspector')}>{i.inspector?.name ?? ''}</td>
                <td data-label={t('insp.when')}>{dateTime(i.completedAt ?? i.startedAt ?? i.createdAt, tz)}</td>
                <td data-label={t('insp.score')}>{i.score ?? '—'}</td>
                <td data-label={t('insp.failed')} class={i.failedCount ? 'late' : undefined}>
                  {i.status === 'completed' ? i.failedCount : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <PagedStatus paged={paged} empty={t('insp.none')} />
    </section>
  );
}

/** The template that fits a kind of place, or a compound (with or without a property company). */
const PLACE_TEMPLATE: Partial<Record<string, InspectionTarget>> = {
  nine_small: 'nine_small',
  three_in_one: 'three_in_one',
  group_rental: 'three_in_one',
  key_unit: 'key_unit',
  high_rise: 'key_unit',
  elderly_care: 'key_unit',
  school_dorm: 'key_unit',
  hospital_ward: 'key_unit',
  market: 'key_unit',
  warehouse: 'key_unit',
};

/**
 * Templates for a target, the most fitting first: the one last used there, then the one its kind
 * calls for; each option says which is suggested.
 */
function templateOptions(templates: InspectionTemplate[], suggested: string | undefined): Option[] {
  const sorted = [...templates].sort((a, b) => Number(b.id === suggested) - Number(a.id === suggested));
  return sorted.map((x) => ({
    value: x.id,
    label: `${x.name}（${t('insp.items', { n: x.itemCount })}）${x.id === suggested ? ` · ${t('insp.suggested')}` : ''}`,
  }));
}

export function NewInspection(props: { me: Me }) {
  const { me } = props;
  const canRun = me.permissions.includes('inspections.run');
  const templates = useLookup(templatesLookup).value?.filter((x) => x.active);
  const companies = useLookup(companiesLookup).value;
  const departments = useLookup(departmentsLookup).value;
  const [target, setTarget] = useState<Target | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [joint, setJoint] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('insp');
  const errors = fieldErrorsOf(error);

  // The caller's recent inspections: where they went, and with which template. The newest page of
  // the desk list (unfiltered) holds them: the same answer, cached once for both pages.
  const latest = usePagedList('/inspections', { sort: 'createdAt', order: 'desc', limit: 30 }, { enabled: canRun });
  const mine = latest.items.filter((i) => i.inspector?.id === me.user.id);
  const targets = mine.map(
    (i): Target =>
      i.placeId
        ? { kind: 'place', id: i.placeId, name: i.placeName ?? '', type: '', detail: i.orgUnitName }
        : { kind: 'org', id: i.orgUnitId, name: i.orgUnitName, type: '', detail: label('inspTarget', i.template.target) },
  );
  const recent = { targets: distinctTargets(targets), template: new Map<string, string>() };
  mine.forEach((i, n) => {
    const at = `${targets[n]!.kind}:${targets[n]!.id}`;
    if (!recent.template.has(at)) recent.template.set(at, i.template.id);
  });

  const suggestedFor = (x: Target | null): string | undefined => {
    if (!x || !templates) return undefined;
    const last = recent.template.get(`${x.kind}:${x.id}`);
    if (last && templates.some((tp) => tp.id === last)) return last;
    const managed = companies?.some((c) => c.compoundIds.includes(x.id));
    const wanted =
      x.kind === 'place'
        ? PLACE_TEMPLATE[x.type]
        : x.type === 'compound' || x.type === 'building'
          ? managed === false
            ? 'unmanaged_compound'
            : 'high_rise_compound'
          : undefined;
    return templates.find((tp) => tp.target === wanted)?.id;
  };
  const suggested = suggestedFor(target);

  const pick = (x: Target | null) => {
    setTarget(x);
    setTemplateId(suggestedFor(x) ?? '');
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = [
      ...(target ? [] : [{ path: 'placeId', message: t('insp.needTarget') }]),
      ...(templateId ? [] : [{ path: 'templateId', message: t('insp.needTemplate') }]),
    ];
    if (local.length) {
      setError(validationError(t('assign.fix'), local));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        templateId,
        ...(target!.kind === 'place' ? { placeId: target!.id } : { orgUnitId: target!.id }),
        jointDepartmentIds: joint,
      };
      const started = await ok(client.POST('/inspections', { body, headers: { 'Idempotency-Key': key.current } }));
      void invalidate('/inspections');
      navigate(`/inspections/${started.id}`, true);
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section class="page narrow-page" aria-labelledby="page-title">
      <BackLink href="/inspections" label={t('nav.inspections')} />
      <div class="page-head">
        <h1 id="page-title">{t('insp.new')}</h1>
      </div>
      {!canRun ? (
        <p class="empty">{t('insp.cannotRun')}</p>
      ) : (
        <form class="form card" data-testid="inspection-new" onSubmit={submit}>
          <TargetPicker
            label={t('insp.target')}
            value={target}
            onChange={pick}
            recent={recent.targets}
            unitKinds={['compound', 'building']}
            error={errors.errorAt('placeId') ?? errors.errorAt('orgUnitId')}
          />
          <SelectField
            name="templateId"
            label={t('insp.template')}
            required
            empty={t('user.pickOne')}
            value={templateId}
            options={templateOptions(templates ?? [], suggested)}
            error={errors.errorAt('templateId')}
            onValue={setTemplateId}
          />
          {departments?.length ? (
            <details class="field joint-departments">
              <summary>
                {t('insp.jointTitle')}（{t('common.optional')}）{joint.length ? ` · ${t('assign.chosen', { n: joint.length })}` : ''}
              </summary>
              <p class="muted small">{t('insp.jointHint')}</p>
              <div class="checklist">
                {departments.map((d) => (
                  <label key={d.id} class="check">
                    <input
                      type="checkbox"
                      checked={joint.includes(d.id)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setJoint((j) => (on ? [...j, d.id] : j.filter((x) => x !== d.id)));
                      }}
                    />
                    <span>{d.name}</span>
                  </label>
                ))}
              </div>
              {errors.errorAt('jointDepartmentIds') ? <small class="error-text">{errors.errorAt('jointDepartmentIds')}</small> : null}
            </details>
          ) : null}
          <FormAlert error={error} fields={errors} />
          <button type="submit" class="btn primary block big" disabled={busy}>
            {busy ? t('insp.starting') : t('insp.start')}
          </button>
        </form>
      )}
    </section>
  );
}
