/**
 * Where an inspection or a patrol happens: a place of the registry (searched by name on the
 * server) or a unit of the caller's org tree (a compound, a building…, matched by name here).
 * Before anything is typed it offers the caller's recent targets, so a daily round is two taps.
 */
import { useState } from 'preact/hooks';
import type { Place } from '../api-types.ts';
import { label, t } from '../i18n.ts';
import { type OrgIndex, orgTree, useLookup } from '../store.ts';
import type { OrgUnitKind } from '../vocabulary.ts';
import { usePlaceSearch } from './place-search.ts';
import { TextField } from './ui.tsx';

export interface Target {
  kind: 'place' | 'org';
  id: string;
  name: string;
  /** A place's type, or an org unit's kind (what the inspection template is chosen by). */
  type: string;
  /** Where it is, in a few words. */
  detail: string;
}

/** The unit's ancestors, nearest last ("东湖街道 / 东湖社区"). */
const whereText = (tree: OrgIndex | undefined, orgUnitId: string, dropSelf: boolean) => {
  const path = tree?.byId.get(orgUnitId)?.path ?? [];
  return (dropSelf ? path.slice(0, -1) : path).slice(-2).join(' / ');
};

export const placeTarget = (p: Place, tree: OrgIndex | undefined): Target => ({
  kind: 'place',
  id: p.id,
  name: p.name,
  type: p.type,
  detail: [label('placeType', p.type), whereText(tree, p.orgUnitId, false)].filter(Boolean).join(' · '),
});

export function unitTarget(id: string, tree: OrgIndex | undefined): Target | null {
  const entry = tree?.byId.get(id);
  if (!entry) return null;
  return {
    kind: 'org',
    id,
    name: entry.node.name,
    type: entry.node.kind,
    detail: [label('orgKind', entry.node.kind), whereText(tree, id, true)].filter(Boolean).join(' · '),
  };
}

/** Distinct targets, first seen first (for "recent" lists built from check-ins or inspections). */
export function distinctTargets(targets: Target[], max = 6): Target[] {
  const seen = new Set<string>();
  return targets
    .filter((x) => {
      const k = `${x.kind}:${x.id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, max);
}

export function TargetPicker(props: {
  label: string;
  value: Target | null;
  onChange: (target: Target | null) => void;
  /** Offered before anything is typed. */
  recent: Target[];
  /** The kinds of org unit that may be picked besides places. */
  unitKinds: readonly OrgUnitKind[];
  error?: string | undefined;
}) {
  const tree = useLookup(orgTree).value;
  const [query, setQuery] = useState('');
  const places = usePlaceSearch(query);
  const q = query.trim();

  const units = (tree?.flat ?? []).filter((e) => props.unitKinds.includes(e.node.kind));
  let heading: string;
  let options: Target[];
  if (q) {
    heading = t('target.results');
    const matching = units.filter((e) => e.node.name.includes(q)).slice(0, 8);
    options = [...(places ?? []).map((p) => placeTarget(p, tree)), ...matching.flatMap((e) => unitTarget(e.node.id, tree) ?? [])];
  } else if (props.recent.length) {
    heading = t('target.recent');
    options = props.recent;
  } else {
    heading = t('target.inArea');
    options = units.slice(0, 8).flatMap((e) => unitTarget(e.node.id, tree) ?? []);
  }
  const searching = Boolean(q) && places === null;

  return (
    <fieldset class={props.error ? 'field target-picker has-error' : 'field target-picker'}>
      <legend>
        {props.label}
        <span class="req" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      {props.value ? (
        <div class="picked" data-testid="target-picked">
          <span>
            <strong>{props.value.name}</strong>
            <span class="muted small"> {props.value.detail}</span>
          </span>
          <button type="button" class="btn small" onClick={() => props.onChange(null)}>
            {t('target.change')}
          </button>
        </div>
      ) : (
        <>
          <TextField
            name="targetSearch"
            type="search"
            label={t('target.search')}
            placeholder={t('target.searchHint')}
            value={query}
            error={props.error}
            onValue={setQuery}
          />
          <p class="muted small pick-heading">{heading}</p>
          <ul class="pick-list" aria-label={heading}>
            {options.map((o) => (
              <li key={`${o.kind}:${o.id}`}>
                <button
                  type="button"
                  class="pick"
                  onClick={() => {
                    props.onChange(o);
                    setQuery('');
                  }}
                >
                  <strong>{o.name}</strong>
                  <span class="muted small">{o.detail}</span>
                </button>
              </li>
            ))}
            {searching ? (
              <li class="muted">{t('common.loading')}</li>
            ) : options.length === 0 ? (
              <li class="muted">{t('target.none')}</li>
            ) : null}
          </ul>
        </>
      )}
    </fieldset>
  );
}
