/**
 * Hazards another record points at (the ones an inspection's failed items became, the ones a
 * maintenance record contradicts): loaded one by one by id, shown as their number and state.
 */
import { client, ok } from '../../api.ts';
import type { Hazard } from '../../api-types.ts';
import { useData } from '../../data.ts';
import { linkClick } from '../../router.ts';
import { StateBadge } from './hazard-list.tsx';

/** The hazards of `ids` the caller may read (the others are left out). */
export function useHazardRefs(ids: string[]): Map<string, Hazard> {
  const refs = useData(
    ['/hazards/{id}', ids],
    async (signal) => {
      const hazards = await Promise.all(
        ids.map((id) => ok(client.GET('/hazards/{id}', { params: { path: { id } }, signal })).catch(() => null)),
      );
      return new Map(hazards.flatMap((h) => (h ? [[h.id, h] as const] : [])));
    },
    { enabled: ids.length > 0 },
  );
  return refs.data ?? new Map();
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
