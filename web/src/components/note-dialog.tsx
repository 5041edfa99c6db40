/**
 * The dialog of a workflow action that takes a note or a reason (accept, return, cancel…): one
 * text field, what else the action shows or takes (thumbnails, a photo picker) as children, the
 * server's field errors beside their fields, one Idempotency-Key per action, and a reload offered
 * when someone else acted first (409).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { ConflictAlert, conflictText, type ErrorAt, FormAlert, fieldErrorsOf, isConflict, validationError } from './form-errors.tsx';
import { useIdempotencyKey } from './idempotency.ts';
import { Dialog, FormActions, TextArea } from './ui.tsx';

export function NoteDialog(props: {
  title: string;
  explain?: string | undefined;
  /** The text field: `name` is the request field its server errors come back under. */
  field: { name: string; label: string; required: boolean };
  submitLabel: string;
  danger?: boolean;
  /** Prefix of the Idempotency-Key. */
  keyPrefix: string;
  /** What a reload prompt says when someone else changed the record first (version_conflict). */
  conflictMessage: string;
  /** A check before sending: a message (shown under the form) or null. */
  check?: () => { path: string; message: string } | null;
  /** Sends the action with the trimmed text; throws the server's refusal. */
  send: (text: string, idempotencyKey: string) => Promise<void>;
  onClose: () => void;
  onReload: () => void;
  children?: (errorAt: ErrorAt) => ComponentChildren;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useIdempotencyKey(props.keyPrefix);
  const errors = fieldErrorsOf(error);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = props.check?.();
    if (problem) {
      setError(validationError(problem.message, [problem]));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.send(text.trim(), key.current);
    } catch (err) {
      key.afterError(err);
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        {props.explain ? <p class="muted">{props.explain}</p> : null}
        {props.children?.(errors.errorAt)}
        <TextArea
          name={props.field.name}
          label={props.field.label}
          required={props.field.required}
          rows={3}
          value={text}
          error={errors.errorAt(props.field.name)}
          onValue={setText}
        />
        {isConflict(error) ? (
          <ConflictAlert message={conflictText(error, props.conflictMessage)} onReload={props.onReload} />
        ) : (
          <FormAlert error={error} fields={errors} />
        )}
        <FormActions
          onCancel={props.onClose}
          submit={busy ? t('common.saving') : props.submitLabel}
          disabled={busy}
          danger={props.danger}
        />
      </form>
    </Dialog>
  );
}
