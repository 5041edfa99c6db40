/** A tiny History-API router: the host serves index.html for every non-/api path. */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
  if (!replace) window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** onClick for <a href>: client-side navigation unless a modifier key asks for a new tab. */
export function linkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.currentTarget as HTMLAnchorElement;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}

/** onClick for a table row that opens its item: a link or button inside the row does its own thing. */
export function rowClick(open: () => void): (e: MouseEvent) => void {
  return (e) => {
    if (!(e.target as HTMLElement).closest('a,button')) open();
  };
}
