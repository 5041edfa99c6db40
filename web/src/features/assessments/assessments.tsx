/**
 * 月度考核 for the committee: pick a month, compute it (a draft), review every street, community
 * and property company with their flags, drill down to a unit, add or withdraw adjustments (加分,
 * 扣分, 一票否决) with a written reason and evidence, publish the draft (locked from then on; a later
 * computation of the month is a visible correction, a new revision), and read the revisions.
 * /assessments/{month}/units/{id} is one unit's breakdown, /assessments/{month}/bulletin the
 * printable bulletin.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { client, ok, qs } from '../../api.ts';
import type {
  Adjustment,
  Assessment,
  ComputeBody,
  Me,
  NewAdjustmentBody,
  PublishBody,
  RevisionSummary,
  UnitScore,
  WithdrawBody,
} from '../../api-types.ts';
import { CsvButton, type CsvColumn } from '../../components/csv.tsx';
import { ConflictAlert, conflictText, FormAlert, fieldErrorsOf, isConflict, validationError } from '../../components/form-errors.tsx';
import { MonthStepper } from '../../components/month-stepper.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { EvidenceThumb, forgetPhotos, type PhotoItem, PhotoPicker, photoIds, photosReady } from '../../components/photos.tsx';
import { Dialog, ErrorBox, FormActions, SelectField, Spinner, TextArea, TextField } from '../../components/ui.tsx';
import { invalidate, put } from '../../data.ts';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { notify } from '../../store.ts';
import { dateTime, localDate } from '../../time.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind, UNIT_KINDS, type UnitKind } from '../../vocabulary.ts';
import { useMonthXlsx } from './assessment-bulletin.tsx';
import { useAdjustments, useAssessment } from './assessment-unit.tsx';
import {
  AggregateStats,
  adjustmentDelta,
  assessmentUi,
  byRank,
  FlagCount,
  indicatorValue,
  KindSwitch,
  monthFromAddress,
  revisionFromAddress,
  ScoreChip,
  StatusBadge,
  scoreText,
  signed,
  VetoBadge,
} from './score.tsx';

const ui = assessmentUi;

export function AssessmentReview(props: { me: Me }) {
  const { me } = props;
  const tz = me.tenant.timeZone;
  const thisMonth = localDate(tz).slice(0, 7);
  const [month, setMonth] = useState(() => monthFromAddress(tz));
  const [kind, setKind] = useState<UnitKind>(() => {
    const k = new URLSearchParams(location.search).get('kind');
    return (UNIT_KINDS as readonly string[]).includes(k ?? '') ? (k as UnitKind) : (ui.kind ?? 'street');
  });
  const [revision, setRevision] = useState<number | null>(revisionFromAddress);
  const [dialog, setDialog] = useState<null | 'compute' | 'publish' | 'adjust' | { withdraw: Adjustment }>(null);

  const loaded = useAssessment(month, revision);
  const adjusted = useAdjustments(month, revision);
  // The figures show with their adjustments or not at all: without them the list would read "none".
  const data = adjusted.data ? loaded.data : undefined;
  const adjustments = adjusted.data?.items ?? [];
  const error = loaded.error;
  const load = () => {
    void loaded.refresh();
    void adjusted.refresh();
  };

  useEffect(() => {
    ui.month = month;
    ui.kind = kind;
    history.replaceState(null, '', `/assessments${qs({ month, kind, revision })}`);
  }, [month, kind, revision]);

  const pickMonth = (m: string) => {
    setRevision(null);
    setMonth(m);
  };

  const rev = data?.revision ?? null;
  const current = data?.revisions.find((r) => r.status === 'draft') ?? data?.revisions.find((r) => r.status === 'published') ?? null;
  const viewingOld = rev !== null && current !== null && rev.revision !== current.revision;
  const draft = rev?.status === 'draft' ? rev : null;
  const units = data?.units ?? [];
  const shown = units.filter((u) => u.unitKind === kind).sort(byRank);
  const unitName = useMemo(() => new Map(units.map((u) => [u.unitId, u])), [data]);
  const hasPublished = data?.revisions.some((r) => r.status === 'published') ?? false;
  const unitHref = (u: UnitScore) =>
    `/assessments/${month}/units/${encodeURIComponent(u.unitId)}${qs({ revision: viewingOld ? rev?.revision : null })}`;

  const { xlsx, downloading, downloadError } = useMonthXlsx(month, viewingOld ? rev?.revision : null);

  const unitColumns: CsvColumn<UnitScore>[] = [
    { label: t('asmt.rank'), value: (u) => u.rank },
    { label: t('asmt.unit'), value: (u) => u.unitName },
    { label: t('asmt.parent'), value: (u) => u.parentName },
    { label: t('asmt.final'), value: (u) => u.final },
    { label: t('asmt.base'), value: (u) => u.base },
    { label: t('asmt.adjustment'), value: (u) => u.adjustment },
    { label: t('asmt.veto'), value: (u) => (u.vetoed ? label('adjKind', 'veto') : '') },
    { label: t('asmt.flags'), value: (u) => u.flags.map((f) => label('flag', f.code)).join('；') },
  ];

  return (
    <section class="page asmt-page" aria-labelledby="page-title" data-testid="assessments">
      <div class="page-head">
        <h1 id="page-title">{t('nav.assessments')}</h1>
        <div class="head-actions">
          <a class="btn" href="/assessments/rubrics" onClick={linkClick}>
            {t('rubric.title')}
          </a>
          <a
            class="btn"
            href={`/assessments/${month}/bulletin${qs({ revision: viewingOld ? rev?.revision : null })}`}
            onClick={linkClick}
            aria-disabled={!rev}
          >
            {t('asmt.bulletin')}
          </a>
          <button type="button" class="btn" onClick={xlsx} disabled={downloading || !rev} data-testid="asmt-xlsx">
            {downloading ? t('bulletin.downloading') : t('asmt.xlsx')}
          </button>
        </div>
      </div>
      <div class="period-tools">
        <MonthStepper month={month} setMonth={pickMonth} max={thisMonth} />
        <KindSwitch kind={kind} setKind={setKind} counts={countByKind(units)} />
      </div>
      <ErrorBox error={downloadError} />
      <ErrorBox error={error} onRetry={load} />
      {!data && !error ? <Spinner /> : null}
      {data ? (
        <>
          <RevisionBar
            me={me}
            data={data}
            rev={rev}
            viewingOld={viewingOld}
            current={current}
            hasPublished={hasPublished}
            running={month >= thisMonth}
            onCompute={() => setDialog('compute')}
            onPublish={() => setDialog('publish')}
            onCurrent={() => setRevision(null)}
          />
          {data.district ? <DistrictCard district={data.district} /> : null}
          <section class="asmt-section" aria-labelledby="units-title">
            <div class="section-head">
              <h2 id="units-title">
                {label('unitKind', kind)} <span class="muted small">{t('asmt.unitsCount', { n: shown.length })}</span>
              </h2>
              <CsvButton
                name={`${t('asmt.fileName', { month })}-${label('unitKind', kind)}`}
                columns={unitColumns}
                rows={shown}
                testId="units-csv"
              />
            </div>
            {shown.length ? (
              <table class="table asmt-table" data-testid="asmt-units">
                <thead>
                  <tr>
                    <th scope="col">{t('asmt.rank')}</th>
                    <th scope="col">{t('asmt.unit')}</th>
                    <th scope="col">{t('asmt.parent')}</th>
                    <th scope="col">{t('asmt.final')}</th>
                    <th scope="col">{t('asmt.base')}</th>
                    <th scope="col">{t('asmt.adjustment')}</th>
                    <th scope="col">{t('asmt.veto')}</th>
                    <th scope="col">{t('asmt.flags')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <tr
                      key={u.unitId}
                      class="clickable"
                      onClick={rowClick(() => navigate(unitHref(u)))}
                      data-testid="asmt-unit"
                      data-unit={u.unitName}
                      data-final={u.final ?? ''}
                    >
                      <td data-label={t('asmt.rank')} class="num">
                        {u.rank ?? '—'}
                      </td>
                      <td class="primary" data-label={t('asmt.unit')}>
                        <a href={unitHref(u)} onClick={linkClick}>
                          {u.unitName}
                        </a>
                      </td>
                      <td data-label={t('asmt.parent')}>{u.parentName ?? '—'}</td>
                      <td data-label={t('asmt.final')}>
                        <ScoreChip score={u.final} vetoed={u.vetoed} />
                      </td>
                      <td data-label={t('asmt.base')} class="num">
                        {scoreText(u.base)}
                      </td>
                      <td data-label={t('asmt.adjustment')} class="num">
                        {u.adjustment ? signed(u.adjustment) : '—'}
                      </td>
                      <td data-label={t('asmt.veto')}>{u.vetoed ? <VetoBadge /> : '—'}</td>
                      <td data-label={t('asmt.flags')}>
                        <FlagCount flags={u.flags} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="empty">{rev ? t('asmt.noUnits') : t('asmt.notComputed')}</p>
            )}
          </section>
          <AdjustmentsSection
            month={month}
            items={adjustments}
            units={unitName}
            canAdd={!!draft && !viewingOld}
            tz={tz}
            onAdd={() => setDialog('adjust')}
            onWithdraw={(a) => setDialog({ withdraw: a })}
          />
          <HistorySection
            month={month}
            revisions={data.revisions}
            shown={rev?.revision ?? null}
            tz={tz}
            onPick={(n) => setRevision(n === current?.revision ? null : n)}
          />
        </>
      ) : null}
      {dialog === 'compute' && data ? (
        <ComputeDialog
          month={month}
          correcting={hasPublished && !data.revisions.some((r) => r.status === 'draft')}
          recomputing={data.revisions.some((r) => r.status === 'draft')}
          next={data.revisions.reduce((m, r) => Math.max(m, r.revision), 0) + 1}
          onClose={() => setDialog(null)}
          onDone={(a, created) => {
            setDialog(null);
            notify(created ? t('asmt.computedNew', { n: a.revision?.revision ?? '' }) : t('asmt.recomputed'));
            // The computed revision is the month's current one, shown from now on (the address without a revision).
            put(['/assessments', { month }], a);
            setRevision(null);
            monthChanged();
          }}
        />
      ) : null}
      {dialog === 'publish' && draft ? (
        <PublishDialog
          month={month}
          draft={draft}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            load();
          }}
          onDone={(a) => {
            setDialog(null);
            notify(t('asmt.published', { month }));
            loaded.set(a);
            monthChanged();
            // Rankings count published months only: this one is in them now.
            void invalidate('/rankings');
          }}
        />
      ) : null}
      {dialog === 'adjust' ? (
        <AdjustmentDialog
          month={month}
          units={units}
          kind={kind}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            notify(t('asmt.adjustmentAdded'));
            monthChanged();
          }}
        />
      ) : null}
      {dialog && typeof dialog === 'object' ? (
        <NoteDialog
          title={t('asmt.withdrawTitle')}
          explain={t('asmt.withdrawExplain', {
            unit: unitName.get(dialog.withdraw.unitId)?.unitName ?? '',
            kind: label('adjKind', dialog.withdraw.kind),
          })}
          field={{ name: 'reason', label: t('asmt.withdrawReason'), required: true }}
          submitLabel={t('asmt.withdraw')}
          danger
          keyPrefix="adj-withdraw"
          conflictMessage={t('asmt.conflict')}
          check={() => null}
          send={async (reason) => {
            const body: WithdrawBody = { reason };
            await client.POST('/assessments/{month}/adjustments/{id}/withdraw', {
              params: { path: { month, id: dialog.withdraw.id } },
              body,
            });
            setDialog(null);
            notify(t('asmt.withdrawn'));
            monthChanged();
          }}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            load();
          }}
        />
      ) : null}
    </section>
  );
}

/** After a write to a month: its figures, adjustments and units' breakdowns, wherever cached, are stale (shown ones reload). */
function monthChanged(): void {
  void invalidate('/assessments');
  void invalidate('/assessments/{month}/adjustments');
  void invalidate('/assessments/{month}/units/{unitId}');
}

function countByKind(units: UnitScore[]): Record<UnitKind, number> {
  const counts = { street: 0, community: 0, company: 0 };
  for (const u of units) counts[u.unitKind]++;
  return counts;
}

/** Which revision is shown, its state, and what may be done with the month now. */
function RevisionBar(props: {
  me: Me;
  data: Assessment;
  rev: RevisionSummary | null;
  current: RevisionSummary | null;
  viewingOld: boolean;
  hasPublished: boolean;
  /** The month is still under way: its draft is a preview, published only after month end. */
  running: boolean;
  onCompute: () => void;
  onPublish: () => void;
  onCurrent: () => void;
}) {
  const { rev, me } = props;
  const tz = me.tenant.timeZone;
  const canManage = me.permissions.includes('assessments.manage');
  return (
    <div
      class={`card revision-bar${rev?.status === 'draft' ? ' is-draft' : ''}`}
      data-testid="revision-bar"
      data-status={rev?.status ?? 'none'}
      data-revision={rev?.revision ?? ''}
    >
      {rev ? (
        <div class="revision-info">
          <p class="revision-title">
            <strong>{t('asmt.revisionN', { n: rev.revision })}</strong> <StatusBadge status={rev.status} />
          </p>
          <p class="muted small">
            {t('asmt.computedAt', { at: dateTime(rev.computedAt, tz) })} · {t('asmt.asOf', { at: dateTime(rev.asOf, tz) })}
            {rev.publishedAt ? ` · ${t('asmt.publishedAt', { at: dateTime(rev.publishedAt, tz) })}` : ''}
          </p>
          {rev.note ? <p class="small">{t('asmt.note', { note: rev.note })}</p> : null}
          {rev.status === 'draft' ? (
            <p class="small">{props.running ? t('asmt.runningExplain') : t('asmt.draftExplain')}</p>
          ) : rev.status === 'published' ? (
            <p class="small">{t('asmt.lockedExplain')}</p>
          ) : null}
        </div>
      ) : (
        <p class="revision-info">{t('asmt.notComputedExplain')}</p>
      )}
      {props.viewingOld ? (
        <div class="alert info-alert">
          <span>{t('asmt.viewingOld', { n: rev!.revision })}</span>
          <button type="button" class="btn small" onClick={props.onCurrent}>
            {t('asmt.viewCurrent', { n: props.current!.revision })}
          </button>
        </div>
      ) : canManage ? (
        <div class="revision-actions">
          <button
            type="button"
            class={rev?.status === 'draft' ? 'btn' : 'btn primary'}
            onClick={props.onCompute}
            data-testid="asmt-compute"
          >
            {rev?.status === 'draft' ? t('asmt.recompute') : props.hasPublished ? t('asmt.correct') : t('asmt.compute')}
          </button>
          {rev?.status === 'draft' ? (
            <button type="button" class="btn primary" onClick={props.onPublish} disabled={props.running} data-testid="asmt-publish">
              {t('asmt.publish')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The district on the oversight office's standard rubric (what publishing sends up). */
function DistrictCard(props: { district: NonNullable<Assessment['district']> }) {
  const d = props.district;
  return (
    <section class="card district-card" aria-labelledby="district-title" data-testid="district-card">
      <div class="card-head">
        <h2 id="district-title">{t('asmt.districtScore')}</h2>
        <ScoreChip score={d.score} big />
      </div>
      <p class="muted small">{t('asmt.districtExplain')}</p>
      <ul class="mini-indicators">
        {d.indicators.map((i) => (
          <li key={i.key} title={label('indicator', i.key)}>
            <span class="muted small">{label('indicator', i.key)}</span>
            <strong>{indicatorValue(i.key, i.value)}</strong>
          </li>
        ))}
      </ul>
      <AggregateStats counts={d.counts} />
    </section>
  );
}

function AdjustmentsSection(props: {
  month: string;
  items: Adjustment[];
  units: Map<string, UnitScore>;
  canAdd: boolean;
  tz: string;
  onAdd: () => void;
  onWithdraw: (a: Adjustment) => void;
}) {
  const name = (a: Adjustment) => props.units.get(a.unitId)?.unitName ?? a.unitId;
  const columns: CsvColumn<Adjustment>[] = [
    { label: t('asmt.unit'), value: name },
    { label: t('asmt.adjKind'), value: (a) => label('adjKind', a.kind) },
    { label: t('asmt.adjPoints'), value: adjustmentDelta },
    { label: t('asmt.reason'), value: (a) => a.reason },
    { label: t('asmt.evidence'), value: (a) => a.evidence.map((e) => e.fileName).join('；') },
    { label: t('asmt.createdAt'), value: (a) => dateTime(a.createdAt, props.tz) },
    { label: t('asmt.withdrawnAt'), value: (a) => dateTime(a.withdrawnAt, props.tz) },
  ];
  return (
    <section class="asmt-section" aria-labelledby="adj-title" data-testid="adjustments">
      <div class="section-head">
        <h2 id="adj-title">{t('asmt.adjustments')}</h2>
        <span class="head-actions">
          <CsvButton name={`${t('asmt.fileName', { month: props.month })}-${t('asmt.adjustments')}`} columns={columns} rows={props.items} />
          {props.canAdd ? (
            <button type="button" class="btn small primary" onClick={props.onAdd} data-testid="adj-add">
              ＋ {t('asmt.addAdjustment')}
            </button>
          ) : null}
        </span>
      </div>
      {!props.canAdd ? <p class="muted small">{t('asmt.adjustDraftOnly')}</p> : null}
      {props.items.length ? (
        <table class="table adj-table">
          <thead>
            <tr>
              <th scope="col">{t('asmt.unit')}</th>
              <th scope="col">{t('asmt.adjKind')}</th>
              <th scope="col">{t('asmt.adjPoints')}</th>
              <th scope="col">{t('asmt.reason')}</th>
              <th scope="col">{t('asmt.evidence')}</th>
              <th scope="col">{t('asmt.createdAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((a) => (
              <tr key={a.id} class={a.withdrawnAt ? 'withdrawn' : undefined} data-testid="adjustment" data-kind={a.kind}>
                <td class="primary" data-label={t('asmt.unit')}>
                  {name(a)}
                </td>
                <td data-label={t('asmt.adjKind')}>
                  <span class={`badge adj-${a.kind}`}>{label('adjKind', a.kind)}</span>
                </td>
                <td data-label={t('asmt.adjPoints')} class="num">
                  {a.kind === 'veto' ? '—' : signed(adjustmentDelta(a)!)}
                </td>
                <td data-label={t('asmt.reason')} class="reason">
                  {a.reason}
                </td>
                <td data-label={t('asmt.evidence')}>
                  {a.evidence.length ? (
                    <span class="thumbs">
                      {a.evidence.map((e) => (
                        <EvidenceThumb key={e.id} id={e.id} name={e.fileName} contentType={e.contentType} />
                      ))}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={t('asmt.createdAt')}>{dateTime(a.createdAt, props.tz)}</td>
                <td class="actions">
                  {a.withdrawnAt ? (
                    <span class="badge">{t('asmt.withdrawnOn', { at: dateTime(a.withdrawnAt, props.tz) })}</span>
                  ) : props.canAdd ? (
                    <button type="button" class="btn small danger-outline" onClick={() => props.onWithdraw(a)}>
                      {t('asmt.withdraw')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('asmt.noAdjustments')}</p>
      )}
    </section>
  );
}

function HistorySection(props: {
  month: string;
  revisions: RevisionSummary[];
  shown: number | null;
  tz: string;
  onPick: (n: number) => void;
}) {
  const rows = [...props.revisions].sort((a, b) => b.revision - a.revision);
  const columns: CsvColumn<RevisionSummary>[] = [
    { label: t('asmt.revision'), value: (r) => r.revision },
    { label: t('asmt.status'), value: (r) => label('asmtStatus', r.status) },
    { label: t('asmt.computedAtLabel'), value: (r) => dateTime(r.computedAt, props.tz) },
    { label: t('asmt.asOfLabel'), value: (r) => dateTime(r.asOf, props.tz) },
    { label: t('asmt.publishedAtLabel'), value: (r) => dateTime(r.publishedAt, props.tz) },
    { label: t('asmt.noteLabel'), value: (r) => r.note },
  ];
  return (
    <section class="asmt-section" aria-labelledby="history-title" data-testid="revisions">
      <div class="section-head">
        <h2 id="history-title">{t('asmt.history')}</h2>
        <CsvButton name={`${t('asmt.fileName', { month: props.month })}-${t('asmt.history')}`} columns={columns} rows={rows} />
      </div>
      {rows.length ? (
        <table class="table history-table">
          <thead>
            <tr>
              <th scope="col">{t('asmt.revision')}</th>
              <th scope="col">{t('asmt.status')}</th>
              <th scope="col">{t('asmt.computedAtLabel')}</th>
              <th scope="col">{t('asmt.publishedAtLabel')}</th>
              <th scope="col">{t('asmt.noteLabel')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} class={r.revision === props.shown ? 'picked-row' : undefined} data-testid="revision" data-status={r.status}>
                <td class="primary" data-label={t('asmt.revision')}>
                  {t('asmt.revisionN', { n: r.revision })}
                </td>
                <td data-label={t('asmt.status')}>
                  <StatusBadge status={r.status} />
                </td>
                <td data-label={t('asmt.computedAtLabel')}>{dateTime(r.computedAt, props.tz)}</td>
                <td data-label={t('asmt.publishedAtLabel')}>{r.publishedAt ? dateTime(r.publishedAt, props.tz) : '—'}</td>
                <td data-label={t('asmt.noteLabel')}>{r.note || '—'}</td>
                <td class="actions">
                  {r.revision === props.shown ? (
                    <span class="muted small">{t('asmt.showing')}</span>
                  ) : (
                    <button type="button" class="btn small" onClick={() => props.onPick(r.revision)}>
                      {t('asmt.view')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('asmt.noRevisions')}</p>
      )}
    </section>
  );
}

function ComputeDialog(props: {
  month: string;
  correcting: boolean;
  recomputing: boolean;
  next: number;
  onClose: () => void;
  onDone: (a: Assessment, created: boolean) => void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrorsOf(error);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // 201 made a new revision (the next number); 200 computed the draft again.
      const body: ComputeBody = note.trim() ? { note: note.trim() } : {};
      const a = await ok(client.POST('/assessments/{month}/compute', { params: { path: { month: props.month } }, body }));
      props.onDone(a, a.revision?.revision === props.next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const action = props.correcting ? t('asmt.correct') : props.recomputing ? t('asmt.recompute') : t('asmt.compute');
  return (
    <Dialog
      title={
        props.correcting
          ? t('asmt.correctTitle', { month: props.month })
          : props.recomputing
            ? t('asmt.recomputeTitle', { month: props.month })
            : t('asmt.computeTitle', { month: props.month })
      }
      onClose={props.onClose}
    >
      <form class="form" onSubmit={submit} data-testid="compute-dialog">
        <p class="muted">
          {props.correcting
            ? t('asmt.correctExplain', { n: props.next })
            : props.recomputing
              ? t('asmt.recomputeExplain')
              : t('asmt.computeExplain')}
        </p>
        <TextArea
          name="note"
          label={props.correcting ? t('asmt.correctionNote') : t('asmt.computeNote')}
          rows={3}
          value={note}
          error={errors.errorAt('note')}
          onValue={setNote}
        />
        <FormAlert error={error} fields={errors} />
        <FormActions onCancel={props.onClose} submit={busy ? t('asmt.computing') : action} disabled={busy} />
      </form>
    </Dialog>
  );
}

function PublishDialog(props: {
  month: string;
  draft: RevisionSummary;
  onClose: () => void;
  onReload: () => void;
  onDone: (a: Assessment) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: PublishBody = { revision: props.draft.revision, version: props.draft.version };
      props.onDone(await ok(client.POST('/assessments/{month}/publish', { params: { path: { month: props.month } }, body })));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('asmt.publishTitle', { month: props.month })} onClose={props.onClose}>
      <form class="form" onSubmit={submit} data-testid="publish-dialog">
        <p>{t('asmt.publishExplain', { n: props.draft.revision, month: props.month })}</p>
        {isConflict(error) ? (
          // assessment_draft_changed: the message says what changed (revision and draft, then and now).
          <ConflictAlert message={conflictText(error)} onReload={props.onReload} />
        ) : (
          <ErrorBox error={error} />
        )}
        <FormActions onCancel={props.onClose} submit={busy ? t('asmt.publishing') : t('asmt.publishConfirm')} disabled={busy} />
      </form>
    </Dialog>
  );
}

function AdjustmentDialog(props: {
  month: string;
  units: UnitScore[];
  kind: UnitKind;
  onClose: () => void;
  onDone: (a: Adjustment) => void;
}) {
  const options = useMemo(
    () =>
      [...props.units]
        .sort((a, b) => UNIT_KINDS.indexOf(a.unitKind) - UNIT_KINDS.indexOf(b.unitKind) || a.unitName.localeCompare(b.unitName, 'zh-CN'))
        .map((u) => ({
          value: u.unitId,
          label: `${label('unitKind', u.unitKind)} · ${u.unitName}${u.parentName ? `（${u.parentName}）` : ''}`,
        })),
    [props.units],
  );
  const [unitId, setUnitId] = useState('');
  const [kind, setKind] = useState<AdjustmentKind>('deduction');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrorsOf(error);

  const close = () => {
    forgetPhotos(photos);
    props.onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: { path: string; message: string }[] = [];
    if (!unitId) local.push({ path: 'unitId', message: t('asmt.needUnit') });
    const n = Number(points);
    if (kind !== 'veto' && !(n > 0 && n <= 100)) local.push({ path: 'points', message: t('asmt.needPoints') });
    if (reason.trim().length < 4) local.push({ path: 'reason', message: t('asmt.needReason') });
    if (!photosReady(photos)) local.push({ path: 'evidenceIds', message: t('photo.waitUploads') });
    if (local.length) {
      setError(validationError(t('asmt.checkForm'), local));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: NewAdjustmentBody = {
        unitId,
        kind,
        points: kind === 'veto' ? 0 : n,
        reason: reason.trim(),
        evidenceIds: photoIds(photos),
      };
      const saved = await ok(client.POST('/assessments/{month}/adjustments', { params: { path: { month: props.month } }, body }));
      forgetPhotos(photos);
      props.onDone(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('asmt.addAdjustmentTitle', { month: props.month })} onClose={close} wide>
      <form class="form" onSubmit={submit} data-testid="adjustment-dialog">
        <SelectField
          name="unitId"
          label={t('asmt.unit')}
          required
          value={unitId}
          empty={t('asmt.pickUnit')}
          options={options}
          error={errors.errorAt('unitId')}
          onValue={setUnitId}
        />
        <div class="segmented" role="radiogroup" aria-label={t('asmt.adjKind')}>
          {ADJUSTMENT_KINDS.map((k) => (
            <label key={k} class={kind === k ? `seg active adj-seg-${k}` : 'seg'}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {label('adjKind', k)}
            </label>
          ))}
        </div>
        <p class="muted small">{t(`asmt.adjExplain.${kind}`)}</p>
        {kind !== 'veto' ? (
          <TextField
            name="points"
            label={t('asmt.adjPoints')}
            required
            inputMode="decimal"
            value={points}
            error={errors.errorAt('points')}
            onValue={setPoints}
          />
        ) : null}
        <TextArea
          name="reason"
          label={t('asmt.reason')}
          required
          rows={3}
          value={reason}
          error={errors.errorAt('reason')}
          onValue={setReason}
        />
        <PhotoPicker
          label={`${t('asmt.evidence')}（${t('common.optional')}）`}
          items={photos}
          setItems={setPhotos}
          max={10}
          kinds={{ photo: true, document: true }}
          error={errors.errorAt('evidenceIds')}
        />
        <FormAlert error={error} fields={errors} />
        <FormActions
          onCancel={close}
          submit={busy ? t('common.saving') : t('asmt.addAdjustment')}
          disabled={busy}
          danger={kind === 'veto'}
        />
      </form>
    </Dialog>
  );
}
