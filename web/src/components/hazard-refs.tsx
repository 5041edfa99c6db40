/**
 * Hazards another record points at (the ones an inspection's failed items became, the ones a
 * maintenance record contradicts): loaded one by one by id, shown as their number and state.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { linkClick } from '../router.ts';
import type { Hazard } from '../types.ts';
import { StateBadge } from './hazard-list.tsx';

/** The hazards of `ids` the caller may read (the others are left out). */
export function useHazardRefs(ids: string[]): Map<string, Hazard> {
  const [found, setFound] = useState<Map<string, Hazard>>(new Map());
  const key = ids.join();
  useEffect(() => {
    if (!ids.length) return;
    let live = true;
    Promise.all(ids.map((id) => api<Hazard>('GET', `/hazards/${encodeURIComponent(id)}`).catch(() => null))).then((hazards) => {
      if (live) setFound(new Map(hazards.flatMap((h) => (h ? [[h.id, h] as const] : []))));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return found;
}

/** A link to the hazard: its number and state once loaded, `fallback` until then (or if unreadable). */
export function HazardRef(props: { id: string; hazard: Hazard | undefined; fallback: string; testId?: string }) {
  const h = props.hazard;
  return (
    <span class="hazard-ref">
      <a href={`/hazards/${props.id}`} onClick={linkClick} data-testid={props.testId}>
        {h ? h.number : props.fallback}
      </a>
      {h ? (
        <>
          {' '}
          <span class="muted small">{h.categoryName}</span> <StateBadge hazard={h} />
        </>
      ) : null}
    </span>
  );
}
