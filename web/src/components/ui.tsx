/** Small hand-written building blocks: dialog, labelled fields, confirmation, messages. */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, errorText } from '../api.ts';
import { t } from '../i18n.ts';

export interface Option {
  value: string;
  label: string;
}

/** A modal on the native <dialog> (focus trap, Esc, inert background for free). */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="btn ghost" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
      <div class="dialog-body">{props.children}</div>
    </dialog>
  );
}

interface FieldShell {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean | undefined;
}

function Shell(props: FieldShell & { id: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.children}
      {props.hint ? (
        <small class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small class="error-text" id={`${props.id}-err`} role="alert">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

function describedBy(id: string, p: FieldShell): string | undefined {
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/** The <input> attributes the app uses (a narrow set keeps Preact's typings simple). */
export interface InputAttrs {
  type?: 'text' | 'search' | 'tel' | 'password' | 'email' | 'date';
  required?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  autoCapitalize?: 'none' | 'off' | 'sentences';
  spellcheck?: boolean;
  placeholder?: string;
  maxLength?: number;
  minLength?: number;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'tel' | 'search';
  min?: string;
  max?: string;
}

export function TextField(props: FieldShell & InputAttrs & { name: string; value: string; onValue: (v: string) => void }) {
  const { label, error, hint, value, onValue, type, ...rest } = props;
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint} required={props.required}>
      <input
        {...rest}
        // Preact 11 types <input> as a union keyed by `type`; one literal keeps the checker happy.
        type={(type ?? 'text') as 'text'}
        id={id}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </Shell>
  );
}

export function TextArea(
  props: FieldShell & { name: string; value: string; onValue: (v: string) => void; disabled?: boolean; rows?: number },
) {
  const id = useId();
  return (
    <Shell id={id} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 2}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </Shell>
  );
}

export function SelectField(
  props: FieldShell & {
    name: string;
    value: string;
    onValue: (v: string) => void;
    options: Option[];
    /** Label of an empty first option; omitted = no empty option. */
    empty?: string;
    disabled?: boolean;
  },
) {
  const id = useId();
  return (
    <Shell id={id} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** A form's last row: cancel, and the button that sends the form. */
export function FormActions(props: { onCancel: () => void; submit: string; disabled: boolean; danger?: boolean }) {
  return (
    <div class="form-actions">
      <button type="button" class="btn" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" class={props.danger ? 'btn danger' : 'btn primary'} disabled={props.disabled}>
        {props.submit}
      </button>
    </div>
  );
}

export function Spinner(props: { text?: string }) {
  return (
    <p class="muted" role="status">
      {props.text ?? t('common.loading')}
    </p>
  );
}

export function ErrorBox(props: { error: unknown; onRetry?: () => void }) {
  if (!props.error) return null;
  const requestId = props.error instanceof ApiError ? props.error.problem.requestId : '';
  return (
    <div class="alert" role="alert">
      <span>{errorText(props.error)}</span>
      {requestId ? <small class="muted"> ({requestId})</small> : null}
      {props.onRetry ? (
        <button type="button" class="btn small" onClick={props.onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** "Are you sure?" with the action's own error (e.g. 409 still_referenced) shown in place. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <p>{props.message}</p>
      <ErrorBox error={error} />
      <div class="form-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="btn danger" disabled={busy} onClick={run}>
          {busy ? t('common.deleting') : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
