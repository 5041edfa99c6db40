/**
 * 专项行动: the district's campaigns (current phase, dates), and for the committee a form that
 * starts one from a template (the Erqi community plan, a 100-day campaign…) on a chosen day.
 * /campaigns/{id} is one campaign; /campaigns/{id}/bulletin?week= its weekly bulletin.
 */
import { useState } from 'preact/hooks';
import { client, ok, type QueryOf } from '../../api.ts';
import type { Campaign, CreateCampaignBody, Me } from '../../api-types.ts';
import { boardMemory, FilterSelect, useAddressFilters } from '../../components/filter-bar.tsx';
import { FormAlert, fieldErrorsOf } from '../../components/form-errors.tsx';
import { useIdempotencyKey } from '../../components/idempotency.ts';
import { orgOptions } from '../../components/org-options.ts';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { CampaignStatusBadge } from '../../components/record-labels.tsx';
import { Dialog, ErrorBox, FormActions, SelectField, Spinner, TextField } from '../../components/ui.tsx';
import { invalidate, useData } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { campaignsLookup, departmentsLookup, notify, orgTree, useLookup } from '../../store.ts';
import { localDate } from '../../time.ts';

/** "工作部署 · 2025-11-18 – 11-25": the phase running today, or where the campaign stands. */
export function phaseStatus(c: Campaign, today: string): string {
  const current = c.phases.find((p) => p.id === c.currentPhaseId);
  if (current) return `${current.ordinal}/${c.phases.length} ${current.name}`;
  if (c.startsOn && today < c.startsOn) return t('campaign.notStarted');
  if (c.endsOn && today > c.endsOn) return t('campaign.ended');
  return '';
}

/** The list opens on the campaigns under way; its filter lives in the address. */
const ACTIVE = { status: 'active' };
const memory = boardMemory(ACTIVE, 'createdAt:desc');

export function CampaignList(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const today = localDate(tz);
  const { state: filterState, cursor } = useAddressFilters(['status'], [memory.sort], memory, ACTIVE);
  const [creating, setCreating] = useState(false);
  const paged = usePagedList(
    '/campaigns',
    { status: filterState.filters.status as QueryOf<'/campaigns'>['status'], sort: 'createdAt', order: 'desc', limit: 30 },
    { cursor },
  );

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.campaigns')}</h1>
        {me.permissions.includes('campaigns.manage') ? (
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            ＋ {t('campaign.new')}
          </button>
        ) : null}
      </div>
      <search aria-label={t('common.filters')}>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <FilterSelect
            state={filterState}
            name="status"
            label={t('campaign.status')}
            options={(['active', 'archived'] as const).map((s) => ({ value: s, label: label('campaignStatus', s) }))}
          />
        </form>
      </search>
      <ListCount paged={paged} />
      {paged.items.length ? (
        <table class="table campaigns-table">
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('campaign.status')}</th>
              <th scope="col">{t('campaign.currentPhase')}</th>
              <th scope="col">{t('campaign.dates')}</th>
              <th scope="col">{t('campaign.scope')}</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((c) => (
              <tr key={c.id} class="task-row" data-testid="campaign-row" onClick={rowClick(() => navigate(`/campaigns/${c.id}`))}>
                <td class="primary" data-label={t('common.name')}>
                  <a href={`/campaigns/${c.id}`} onClick={linkClick}>
                    {c.name}
                  </a>
                  <span class="desc">{c.goal}</span>
                </td>
                <td data-label={t('campaign.status')}>
                  <CampaignStatusBadge status={c.status} />
                </td>
                <td data-label={t('campaign.currentPhase')}>{phaseStatus(c, today)}</td>
                <td data-label={t('campaign.dates')}>{c.startsOn && c.endsOn ? `${c.startsOn} – ${c.endsOn}` : ''}</td>
                <td data-label={t('campaign.scope')}>{c.scopeOrgUnitName ?? t('user.wholeDistrict')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <PagedStatus paged={paged} empty={t('campaign.none')} />
      {creating ? (
        <CreateCampaignDialog
          me={me}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            campaignsLookup.invalidate();
            void invalidate('/campaigns');
            notify(t('common.created'));
            navigate(`/campaigns/${c.id}`);
          }}
        />
      ) : null}
    </section>
  );
}

/** The templates a campaign is created from: the template list names them as text, the create request as this enum. */
type TemplateCode = NonNullable<CreateCampaignBody['templateCode']>;

/** From a template: the template, the first day, and optionally a name, an area and lead departments. */
function CreateCampaignDialog(props: { me: Me; onClose: () => void; onCreated: (c: Campaign) => void }) {
  const tz = props.me.tenant.timeZone;
  const [chosen, setChosen] = useState('');
  const [startsOn, setStartsOn] = useState(localDate(tz));
  const [name, setName] = useState('');
  const [scope, setScope] = useState('');
  const [leads, setLeads] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey('campaign');
  const tree = useLookup(orgTree).value;
  const departments = useLookup(departmentsLookup).value;

  const templatesLoad = useData(['/campaign-templates'], (signal) => ok(client.GET('/campaign-templates', { signal })));
  const templates = templatesLoad.data?.items;
  // Until one is picked, the first template is the one shown in the select.
  const code = chosen || (templates?.[0]?.code ?? '');

  // The phases of the chosen template, dated from the chosen day; a day that fails shows none.
  const previewLoad = useData(
    ['/campaign-templates/{code}', code, { startsOn }],
    (signal) => ok(client.GET('/campaign-templates/{code}', { params: { path: { code }, query: { startsOn } }, signal })),
    { enabled: Boolean(code) && /^\d{4}-\d{2}-\d{2}$/.test(startsOn) },
  );
  const preview = previewLoad.error ? null : previewLoad.data;

  const template = templates?.find((x) => x.code === code);
  const errors = fieldErrorsOf(error);
  const { errorAt } = errors;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      // The select offers only the codes the template list gave.
      templateCode: code as TemplateCode,
      startsOn,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(scope ? { scopeOrgUnitId: scope } : {}),
      leads: leads.map((id) => ({ kind: 'department' as const, id })),
    };
    try {
      props.onCreated(await ok(client.POST('/campaigns', { body, headers: { 'Idempotency-Key': key.current } })));
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  const fields = templates ? (
    <>
      <SelectField
        name="templateCode"
        label={t('campaign.template')}
        required
        value={code}
        options={templates.map((x) => ({ value: x.code, label: x.name }))}
        error={errorAt('templateCode')}
        onValue={setChosen}
      />
      {template ? <p class="muted small">{template.source}</p> : null}
      <TextField
        name="startsOn"
        type="date"
        label={t('campaign.startsOn')}
        required
        value={startsOn}
        error={errorAt('startsOn')}
        onValue={setStartsOn}
      />
      <TextField
        name="name"
        label={`${t('common.name')}（${t('common.optional')}）`}
        placeholder={template?.name}
        maxLength={100}
        value={name}
        error={errorAt('name')}
        onValue={setName}
      />
      <SelectField
        name="scopeOrgUnitId"
        label={t('campaign.scope')}
        value={scope}
        empty={t('user.wholeDistrict')}
        options={orgOptions(tree, ['street', 'town'])}
        error={errorAt('scopeOrgUnitId')}
        onValue={setScope}
      />
      {departments?.length ? (
        <fieldset class="field">
          <legend>
            {t('campaign.leads')}（{t('common.optional')}）
          </legend>
          {template?.leads.length ? <p class="muted small">{t('campaign.planLeads', { names: template.leads.join('、') })}</p> : null}
          <div class="checklist">
            {departments.map((d) => (
              <label key={d.id} class="check">
                <input
                  type="checkbox"
                  checked={leads.includes(d.id)}
                  onChange={(ev) => setLeads((l) => (ev.currentTarget.checked ? [...l, d.id] : l.filter((x) => x !== d.id)))}
                />
                <span>{d.name}</span>
              </label>
            ))}
          </div>
          {errorAt('leads') ? <small class="error-text">{errorAt('leads')}</small> : null}
        </fieldset>
      ) : null}
      {preview ? (
        <div class="phase-preview" data-testid="phase-preview">
          <h3>{t('campaign.phases')}</h3>
          <ol>
            {preview.phases.map((p) => (
              <li key={p.ordinal}>
                <strong>{p.name}</strong>{' '}
                <span class="muted small">{p.startsOn && p.endsOn ? `${p.startsOn} – ${p.endsOn}` : p.lengthLabel}</span>
              </li>
            ))}
          </ol>
          {preview.tasks.length ? <p class="muted small">{t('campaign.templateTasks', { n: preview.tasks.length })}</p> : null}
        </div>
      ) : null}
    </>
  ) : templatesLoad.error ? (
    <ErrorBox error={templatesLoad.error} />
  ) : (
    <Spinner />
  );

  return (
    <Dialog title={t('campaign.new')} onClose={props.onClose} wide>
      <form class="form" onSubmit={submit} data-testid="campaign-form">
        {fields}
        <FormAlert error={error} fields={errors} />
        <FormActions onCancel={props.onClose} submit={busy ? t('common.saving') : t('campaign.create')} disabled={busy || !code} />
      </form>
    </Dialog>
  );
}
