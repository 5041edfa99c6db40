/**
 * The frame of a page about one thing (a hazard, a task, a campaign, a duty): the link back to its
 * list, the browser tab's title, what shows when it cannot be loaded, and its bar of actions.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { linkClick } from '../router.ts';
import { ErrorBox } from './ui.tsx';

export function BackLink(props: { href: string; label: string }) {
  return (
    <p class="back">
      <a href={props.href} onClick={linkClick}>
        ← {props.label}
      </a>
    </p>
  );
}

/** The tab names the thing shown (once it has loaded). */
export function useDocumentTitle(name: string | undefined): void {
  useEffect(() => {
    if (name) document.title = `${name} · ${t('app.name')}`;
  }, [name]);
}

/** The thing could not be loaded: the way back, and a retry unless it does not exist (404). */
export function LoadFailed(props: { back: ComponentChildren; error: unknown; onRetry: () => void }) {
  const gone = props.error instanceof ApiError && props.error.status === 404;
  return (
    <section class="page">
      {props.back}
      <ErrorBox error={props.error} onRetry={gone ? undefined : props.onRetry} />
    </section>
  );
}

/** A button for each action the server says the caller may take now, in the order given. */
export function ActionBar<A extends string>(props: {
  actions: A[];
  label: (a: A) => string;
  buttonClass: (a: A) => string;
  onPick: (a: A) => void;
}) {
  if (!props.actions.length) return null;
  return (
    <fieldset class="action-bar" aria-label={t('hazard.actions')}>
      {props.actions.map((a) => (
        <button key={a} type="button" class={props.buttonClass(a)} onClick={() => props.onPick(a)}>
          {props.label(a)}
        </button>
      ))}
    </fieldset>
  );
}
