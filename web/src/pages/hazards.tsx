/** 隐患看板: the hazards of the caller's scope with the board's filters; /hazards/{id} is one hazard. */
import { boardMemory, useAddressFilters } from '../components/filter-bar.tsx';
import { BOARD_FILTERS, HazardList, SORTS } from '../components/hazard-list.tsx';
import { t } from '../i18n.ts';
import { linkClick, usePath } from '../router.ts';
import type { Me } from '../types.ts';
import { HazardDetailPage } from './hazard-detail.tsx';

/** What the board showed last, for a visit to it without filters in the address. */
const memory = boardMemory({}, SORTS[0]);

export function HazardsPage(props: { me: Me }) {
  const path = usePath();
  const id = /^\/hazards\/([^/]+)$/.exec(path)?.[1];
  if (id) return <HazardDetailPage me={props.me} id={decodeURIComponent(id)} key={id} />;
  return <HazardBoard me={props.me} />;
}

function HazardBoard(props: { me: Me }) {
  const board = useAddressFilters(BOARD_FILTERS, SORTS, memory);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.hazards')}</h1>
        {props.me.permissions.includes('hazards.report') ? (
          <a class="btn primary" href="/report" onClick={linkClick}>
            ＋ {t('nav.report')}
          </a>
        ) : null}
      </div>
      <HazardList me={props.me} board={board} label={t('nav.hazards')} />
    </section>
  );
}
