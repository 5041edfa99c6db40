/** 隐患看板: the hazards of the caller's scope with the board's filters; /hazards/{id} is one hazard. */

import type { Me } from '../../api-types.ts';
import { boardMemory, useAddressFilters } from '../../components/filter-bar.tsx';
import { t } from '../../i18n.ts';
import { BOARD_FILTERS, HazardList, ReportLink, SORTS } from './hazard-list.tsx';

/**
 * The board opens on the hazards still open (not closed) and "clear" returns there; every hazard
 * is `open=all`. What it showed last is kept for a visit without filters in the address.
 */
const OPEN: Record<string, string> = { open: 'true' };
const memory = boardMemory(OPEN, SORTS[0]);

export function HazardBoard(props: { me: Me }) {
  const board = useAddressFilters(BOARD_FILTERS, SORTS, memory, OPEN);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.hazards')}</h1>
        <ReportLink me={props.me} />
      </div>
      <HazardList me={props.me} board={board} label={t('nav.hazards')} />
    </section>
  );
}
