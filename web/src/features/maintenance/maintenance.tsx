/**
 * 维保记录: the property companies' maintenance records of the caller's scope. Station staff and
 * the committee land on their review queue (/maintenance?toReview=true: submitted records they
 * may accept or return, oldest first); everyone can switch to all records with filters. A
 * property manager uploads from here (/maintenance/new); /maintenance/{id} is one record.
 */
import type { QueryOf } from '../../api.ts';
import type { Me } from '../../api-types.ts';
import { boardMemory, FilterSelect, useAddressFilters, yesNo } from '../../components/filter-bar.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { MaintenanceBadges } from '../../components/record-labels.tsx';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { maintenanceUi, orgTree, useLookup } from '../../store.ts';
import { FACILITY_KINDS, MAINTENANCE_RESULTS, MAINTENANCE_STATES } from '../../vocabulary.ts';

/**
 * The filters, and whether the queue is shown (`toReview`, a reviewer's default, written
 * `toReview=all` for every record), live in the address and outlive a visit to a record and back.
 */
const FILTERS = ['orgUnitId', 'kind', 'state', 'result', 'conflict'];
const QUEUE = { toReview: 'true' };
const reviewerMemory = boardMemory(QUEUE, 'performedOn:desc');
const memory = boardMemory({}, 'performedOn:desc');

export function RecordList(props: { me: Me }) {
  const { me } = props;
  const canReview = me.permissions.includes('maintenance.review');
  const tree = useLookup(orgTree).value;
  const { state: filterState, cursor } = useAddressFilters(
    canReview ? ['toReview', ...FILTERS] : FILTERS,
    [memory.sort],
    canReview ? reviewerMemory : memory,
    canReview ? QUEUE : {},
  );
  const { filters } = filterState;
  const queue = canReview && filters.toReview === 'true';
  const setQueue = (q: boolean) => filterState.set('toReview', q ? 'true' : '');

  const query: QueryOf<'/maintenance-records'> = queue
    ? { toReview: 'true', sort: 'createdAt', order: 'asc' }
    : { ...filters, toReview: undefined, sort: 'performedOn', order: 'desc' };
  const paged = usePagedList('/maintenance-records', { ...query, limit: 30 }, { cursor });
  const open = (id: string) => {
    maintenanceUi.back = location.pathname + location.search;
    navigate(`/maintenance/${id}`);
  };

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{queue ? t('maint.queue') : t('nav.maintenance')}</h1>
        {me.permissions.includes('maintenance.submit') ? (
          <a
            class="btn primary"
            href="/maintenance/new"
            onClick={(e) => {
              maintenanceUi.back = '/maintenance';
              linkClick(e);
            }}
          >
            ＋ {t('maint.new')}
          </a>
        ) : null}
      </div>
      {canReview ? (
        <div class="tabs" role="tablist" aria-label={t('nav.maintenance')}>
          {[true, false].map((q) => (
            <button
              key={String(q)}
              type="button"
              role="tab"
              aria-selected={queue === q}
              class={queue === q ? 'tab active' : 'tab'}
              onClick={() => setQueue(q)}
            >
              {t(q ? 'maint.queue' : 'maint.all')}
            </button>
          ))}
        </div>
      ) : null}
      {queue ? (
        <p class="muted small">{t('maint.queueHint')}</p>
      ) : (
        <search aria-label={t('common.filters')}>
          <form class="filters" onSubmit={(e) => e.preventDefault()}>
            <FilterSelect
              state={filterState}
              name="orgUnitId"
              label={t('facility.where')}
              options={orgOptions(tree)}
              all={t('place.anyOrg')}
            />
            <FilterSelect
              state={filterState}
              name="kind"
              label={t('facility.kind')}
              options={FACILITY_KINDS.map((k) => ({ value: k, label: label('facilityKind', k) }))}
            />
            <FilterSelect
              state={filterState}
              name="state"
              label={t('hazard.state')}
              options={MAINTENANCE_STATES.map((x) => ({ value: x, label: label('maintState', x) }))}
            />
            <FilterSelect
              state={filterState}
              name="result"
              label={t('maint.result')}
              options={MAINTENANCE_RESULTS.map((r) => ({ value: r, label: label('maintResult', r) }))}
            />
            <FilterSelect state={filterState} name="conflict" label={t('maint.conflict')} options={yesNo()} />
          </form>
        </search>
      )}
      <ListCount paged={paged} />
      {paged.items.length ? (
        <table class="table maintenance-table">
          <thead>
            <tr>
              <th scope="col">{t('maint.record')}</th>
              <th scope="col">{t('hazard.state')}</th>
              <th scope="col">{t('maint.company')}</th>
              <th scope="col">{t('maint.contractor')}</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((r) => (
              <tr
                key={r.id}
                class={r.conflict ? 'task-row overdue' : 'task-row'}
                data-testid="maintenance-row"
                data-state={r.state}
                onClick={rowClick(() => open(r.id))}
              >
                <td class="primary" data-label={t('maint.record')}>
                  <a
                    href={`/maintenance/${r.id}`}
                    onClick={(e) => {
                      maintenanceUi.back = location.pathname + location.search;
                      linkClick(e);
                    }}
                  >
                    {r.compoundName} · {label('facilityKind', r.kind)}
                  </a>
                  <span class="desc">
                    {t('maint.performedOn')} {r.performedOn}
                  </span>
                </td>
                <td data-label={t('hazard.state')}>
                  <MaintenanceBadges record={r} />
                </td>
                <td data-label={t('maint.company')}>{r.companyName}</td>
                <td data-label={t('maint.contractor')}>{r.contractor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <PagedStatus paged={paged} empty={queue ? t('maint.queueEmpty') : t('maint.none')} />
    </section>
  );
}
