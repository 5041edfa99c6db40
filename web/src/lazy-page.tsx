/**
 * A page whose code loads when it is first shown: each page is its own chunk, so signing in
 * downloads the shell and the landing page, not all thirty of them. A chunk that fails to load
 * (a lost network, a deploy that replaced it) shows the error with a retry, which reloads the
 * app: index.html is revalidated on every load, so a reload also learns a new deploy's chunk
 * names, and browsers do not fetch a failed module again within one page.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Spinner } from './components/ui.tsx';
import { t } from './i18n.ts';

export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let loading: Promise<FunctionComponent<P>> | null = null;
  // One load per page for the app's life, shared by every render; a failed one may be retried.
  const preload = () => {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // the next attempt loads again
        throw error;
      },
    );
    return loading;
  };

  const Lazy = (props: P) => {
    const [component, setComponent] = useState(() => loaded);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (component) return;
      let live = true;
      preload().then(
        (c) => live && setComponent(() => c),
        (e: unknown) => live && setError(e),
      );
      return () => {
        live = false;
      };
    }, []);
    if (component) {
      const Page = component;
      return <Page {...props} />;
    }
    if (error) {
      return <ErrorBox error={error} onRetry={() => location.reload()} />;
    }
    return <Spinner text={t('app.loading')} />;
  };
  return Lazy;
}
