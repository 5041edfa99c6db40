/** The registry's places whose name matches what is typed, searched after a pause in typing. */
import { useEffect, useState } from 'preact/hooks';
import { listPage } from '../api.ts';
import type { Place } from '../api-types.ts';

/** Up to 8 places matching `query`; null while nothing is typed (or `enabled` is false). */
export function usePlaceSearch(query: string, enabled = true): Place[] | null {
  const [places, setPlaces] = useState<Place[] | null>(null);
  const q = query.trim();
  // Not useData: while the next search is asked for, the last results stay in the list (a new
  // key would empty it on every keystroke), and a failed search is just no places.
  useEffect(() => {
    if (!q || !enabled) {
      setPlaces(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      listPage('/places', { q, limit: 8, sort: 'name' }).then(
        (page) => live && setPlaces(page.items),
        () => live && setPlaces([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, enabled]);
  return places;
}
