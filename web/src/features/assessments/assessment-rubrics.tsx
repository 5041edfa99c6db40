/**
 * 考核细则 (/assessments/rubrics): the rubric of each kind of unit — its indicators, points and the
 * formula each shows to users — with its versions, and for the committee a new version from a
 * chosen month (weights summing to 100; never for a month already published: the server says so).
 * A month is always scored with the version in force for it.
 */
import { useMemo, useState } from 'preact/hooks';
import { client, ok } from '../../api.ts';
import type { Me, NewRubricVersionBody, Rubric } from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { BackLink } from '../../components/detail-page.tsx';
import { FormAlert, fieldErrorsOf, validationError } from '../../components/form-errors.tsx';
import { Dialog, ErrorBox, FormActions, Spinner, TextArea } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { bilingualData, t } from '../../i18n.ts';
import { notify } from '../../store.ts';
import { dateOnly, localDate } from '../../time.ts';
import { INDICATOR_KEYS, type IndicatorKey, type UnitKind } from '../../vocabulary.ts';
import { indicatorFormula, indicatorLabel, KindSwitch } from './score.tsx';

type Version = Rubric['versions'][number];

export function RubricsPage(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const loaded = useData(['/rubrics'], (signal) => ok(client.GET('/rubrics', { signal })));
  const list = loaded.data;
  const [kind, setKind] = useState<UnitKind>('street');
  const [picked, setPicked] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);

  const pickKind = (k: UnitKind) => {
    setKind(k);
    setPicked(null);
  };

  const rubric = list?.items.find((r) => r.unitKind === kind) ?? null;
  const versions = [...(rubric?.versions ?? [])].sort((a, b) => b.number - a.number);
  const version = versions.find((v) => v.number === picked) ?? rubric?.current ?? null;
  const canManage = me.permissions.includes('assessments.manage');

  const columns: CsvColumn<Version['indicators'][number]>[] = [
    { label: t('asmt.indicator'), value: (i) => indicatorLabel(i.key) },
    { label: t('asmt.weight'), value: (i) => i.weight },
    { label: t('rubric.targetDays'), value: (i) => i.targetDays ?? null },
    { label: t('rubric.formula'), value: (i) => indicatorFormula(i.key, i.formula) },
  ];

  return (
    <section class="page rubrics-page" aria-labelledby="page-title" data-testid="rubrics">
      <BackLink href="/assessments" label={t('nav.assessments')} />
      <div class="page-head">
        <h1 id="page-title">{t('rubric.title')}</h1>
        {canManage && rubric ? (
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            ＋ {t('rubric.newVersion')}
          </button>
        ) : null}
      </div>
      <div class="period-tools">
        <KindSwitch kind={kind} setKind={pickKind} />
      </div>
      <p class="muted small">{t('rubric.explain')}</p>
      <ErrorBox error={loaded.error} onRetry={loaded.refresh} />
      {!list && !loaded.error ? <Spinner /> : null}
      {rubric && version ? (
        <>
          <section class="asmt-section" aria-labelledby="rubric-title">
            <div class="section-head">
              <h2 id="rubric-title">
                {rubric.name}{' '}
                <span class="muted small">
                  {t('rubric.versionFrom', { n: version.number, from: version.effectiveFrom })}
                  {version.number === rubric.current.number ? ` · ${t('rubric.inForce')}` : ''}
                </span>
              </h2>
              <CsvButton
                name={`${rubric.name}-${t('rubric.versionN', { n: version.number })}`}
                columns={columns}
                rows={version.indicators}
              />
            </div>
            {version.note ? <p class="small">{t('asmt.note', { note: bilingualData(version.note) })}</p> : null}
            <table class="table rubric-table">
              <thead>
                <tr>
                  <th scope="col">{t('asmt.indicator')}</th>
                  <th scope="col">{t('asmt.weight')}</th>
                  <th scope="col">{t('rubric.formula')}</th>
                </tr>
              </thead>
              <tbody>
                {version.indicators.map((i) => (
                  <tr key={i.key}>
                    <td class="primary" data-label={t('asmt.indicator')}>
                      {indicatorLabel(i.key)}
                    </td>
                    <td data-label={t('asmt.weight')} class="num">
                      {i.weight}
                      {i.targetDays ? <small class="muted"> · {t('rubric.targetDaysN', { n: i.targetDays })}</small> : null}
                    </td>
                    <td data-label={t('rubric.formula')} class="small">
                      {indicatorFormula(i.key, i.formula)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="asmt-section" aria-labelledby="versions-title">
            <h2 id="versions-title">{t('rubric.versions')}</h2>
            <ul class="version-list">
              {versions.map((v) => (
                <li key={v.id}>
                  <button type="button" class="link-button" aria-pressed={v.number === version.number} onClick={() => setPicked(v.number)}>
                    {t('rubric.versionFrom', { n: v.number, from: v.effectiveFrom })}
                  </button>
                  {v.number === rubric.current.number ? <span class="badge asmt-published">{t('rubric.inForce')}</span> : null}{' '}
                  <span class="muted small">
                    {dateOnly(v.createdAt, tz)}
                    {v.note ? ` · ${bilingualData(v.note)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
      {creating && rubric ? (
        <VersionDialog
          rubric={rubric}
          from={localDate(tz).slice(0, 7)}
          onClose={() => setCreating(false)}
          onDone={(saved) => {
            setCreating(false);
            if (list) loaded.set({ ...list, items: list.items.map((r) => (r.id === saved.id ? saved : r)) });
            setPicked(null);
            notify(t('rubric.saved'));
          }}
        />
      ) : null}
    </section>
  );
}

interface Row {
  on: boolean;
  weight: string;
  targetDays: string;
}

function VersionDialog(props: { rubric: Rubric; from: string; onClose: () => void; onDone: (r: Rubric) => void }) {
  const current = props.rubric.current;
  const [effectiveFrom, setEffectiveFrom] = useState(props.from);
  const [rows, setRows] = useState<Record<IndicatorKey, Row>>(() => {
    const out = {} as Record<IndicatorKey, Row>;
    for (const key of INDICATOR_KEYS) {
      const i = current.indicators.find((x) => x.key === key);
      out[key] = {
        on: !!i,
        weight: i ? String(i.weight) : '',
        targetDays: i?.targetDays ? String(i.targetDays) : key === 'avg_days_to_fix' ? '7' : '',
      };
    }
    return out;
  });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrorsOf(error);
  const total = useMemo(() => INDICATOR_KEYS.reduce((s, k) => s + (rows[k].on ? Number(rows[k].weight) || 0 : 0), 0), [rows]);
  const set = (key: IndicatorKey, patch: Partial<Row>) => setRows((r) => ({ ...r, [key]: { ...r[key], ...patch } }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const chosen = INDICATOR_KEYS.filter((k) => rows[k].on);
    if (!chosen.length || Math.abs(total - 100) > 1e-9) {
      setError(validationError(t('rubric.sumMust', { total }), [{ path: 'indicators', message: t('rubric.sumMust', { total }) }]));
      return;
    }
    const body: NewRubricVersionBody = {
      effectiveFrom,
      note: note.trim(),
      indicators: chosen.map((key) => ({
        key,
        weight: Number(rows[key].weight),
        ...(key === 'avg_days_to_fix' && rows[key].targetDays ? { targetDays: Number(rows[key].targetDays) } : {}),
      })),
    };
    setBusy(true);
    setError(null);
    try {
      props.onDone(await ok(client.POST('/rubrics/{id}/versions', { params: { path: { id: props.rubric.id } }, body })));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('rubric.newVersionOf', { name: props.rubric.name })} onClose={props.onClose} wide>
      <form class="form" onSubmit={submit} data-testid="rubric-dialog">
        <p class="muted small">{t('rubric.newExplain')}</p>
        <div class={errors.errorAt('effectiveFrom') ? 'field has-error' : 'field'}>
          <label for="rubric-from">{t('rubric.effectiveFrom')}</label>
          <input
            id="rubric-from"
            type="month"
            name="effectiveFrom"
            value={effectiveFrom}
            required
            onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
          />
          {errors.errorAt('effectiveFrom') ? <small class="error-text">{errors.errorAt('effectiveFrom')}</small> : null}
        </div>
        <fieldset class="field">
          <legend>{t('rubric.weights')}</legend>
          <ul class="weight-list">
            {INDICATOR_KEYS.map((key) => (
              <li key={key}>
                <label class="check">
                  <input type="checkbox" checked={rows[key].on} onChange={(e) => set(key, { on: e.currentTarget.checked })} />
                  {indicatorLabel(key)}
                </label>
                <input
                  type="text"
                  inputMode="decimal"
                  aria-label={`${indicatorLabel(key)} ${t('asmt.weight')}`}
                  value={rows[key].weight}
                  disabled={!rows[key].on}
                  onInput={(e) => set(key, { weight: e.currentTarget.value })}
                />
                {key === 'avg_days_to_fix' ? (
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={t('rubric.targetDays')}
                    title={t('rubric.targetDays')}
                    value={rows[key].targetDays}
                    disabled={!rows[key].on}
                    onInput={(e) => set(key, { targetDays: e.currentTarget.value })}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          <p class={Math.abs(total - 100) < 1e-9 ? 'ok-text' : 'error-text'} data-testid="rubric-total">
            {t('rubric.total', { total: Math.round(total * 100) / 100 })}
          </p>
          {errors.errorAt('indicators') ? (
            <small class="error-text" role="alert">
              {errors.errorAt('indicators')}
            </small>
          ) : null}
        </fieldset>
        <TextArea name="note" label={`${t('asmt.noteLabel')}（${t('common.optional')}）`} rows={2} value={note} onValue={setNote} />
        <FormAlert error={error} fields={errors} />
        <FormActions onCancel={props.onClose} submit={busy ? t('common.saving') : t('rubric.save')} disabled={busy} />
      </form>
    </Dialog>
  );
}
