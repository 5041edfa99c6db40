/** The registry's places whose name matches what is typed, searched after a pause in typing. */
import { useEffect, useState } from 'preact/hooks';
import { list } from '../api.ts';
import type { Place } from '../types.ts';

/** Up to 8 places matching `query`; null while nothing is typed (or `enabled` is false). */
export function usePlaceSearch(query: string, enabled = true): Place[] | null {
  const [places, setPlaces] = useState<Place[] | null>(null);
  const q = query.trim();
  useEffect(() => {
    if (!q || !enabled) {
      setPlaces(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      list<Place>('places', { q, limit: 8, sort: 'name' }).then(
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
