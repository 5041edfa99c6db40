/** The list kept under `key` in a map of lists, made on first use: append to it, never copy it. */
export function listIn<K, T>(map: Map<K, T[]>, key: K): T[] {
  const found = map.get(key);
  if (found) return found;
  const list: T[] = [];
  map.set(key, list);
  return list;
}
