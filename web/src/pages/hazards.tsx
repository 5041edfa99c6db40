/** 隐患看板: the hazards of the caller's scope with the board's filters; /hazards/{id} is one hazard. */
import { type BoardUi, HazardList } from '../components/hazard-list.tsx';
import { t } from '../i18n.ts';
import { linkClick, usePath } from '../router.ts';
import { onSessionEnd } from '../store.ts';
import type { Me } from '../types.ts';
import { HazardDetailPage } from './hazard-detail.tsx';

/** The board's filters outlive a visit to a hazard and back. */
const boardUi: BoardUi = { filters: {}, sort: 'reportedAt:desc' };

onSessionEnd(() => {
  boardUi.filters = {};
  boardUi.sort = 'reportedAt:desc';
});

export function HazardsPage(props: { me: Me }) {
  const path = usePath();
  const id = /^\/hazards\/([^/]+)$/.exec(path)?.[1];
  if (id) return <HazardDetailPage me={props.me} id={decodeURIComponent(id)} key={id} />;
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
      <HazardList me={props.me} ui={boardUi} label={t('nav.hazards')} />
    </section>
  );
}
