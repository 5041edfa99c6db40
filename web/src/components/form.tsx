/**
 * The create/edit dialog every registry page uses. Create = POST of the non-empty fields; edit =
 * GET the fresh item, then PATCH `version` + only the changed fields. Server validation errors
 * (problem.errors[].path) are shown next to the field of that name; the rest below the form.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, type Resource, type ResourceItem, resourceApi } from '../api.ts';
import type { FieldError } from '../api-types.ts';
import { t } from '../i18n.ts';
import { ConflictAlert, conflictText, FormAlert, fieldErrorsOf, isConflict, useFocusOnError } from './form-errors.tsx';
import { Dialog, ErrorBox, FormActions, type InputAttrs, type Option, SelectField, Spinner, TextArea, TextField } from './ui.tsx';

export type Values = Record<string, unknown>;
export type Payload = Record<string, unknown>;

type InputExtras = InputAttrs & { hint?: string };

export interface FormCtx {
  values: Values;
  editing: boolean;
  set: (name: string, value: unknown) => void;
  /** Messages of the errors at `name` or below it; marks them as shown. */
  errorOf: (name: string) => string | undefined;
  /** The raw errors at or below `name` (for composite editors); marks them as shown. */
  errorsUnder: (name: string) => FieldError[];
  text: (name: string, label: string, extra?: InputExtras) => JSX.Element;
  area: (name: string, label: string, extra?: { required?: boolean; hint?: string }) => JSX.Element;
  select: (
    name: string,
    label: string,
    options: Option[],
    extra?: { required?: boolean; empty?: string; disabled?: boolean; hint?: string },
  ) => JSX.Element;
}

/** Trimmed string or null (the API clears optional fields with null). */
export const str = (v: unknown): string | null => {
  const s = typeof v === 'string' ? v.trim() : v == null ? '' : String(v);
  return s === '' ? null : s;
};
export const num = (v: unknown): number | null => {
  const s = str(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : (s as unknown as number); // let the server name a bad number
};
export const asText = (v: unknown): string => (v == null ? '' : String(v));

function changed(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

export function EditDialog<R extends Resource, T extends ResourceItem<R> = ResourceItem<R>>(props: {
  resource: R;
  /** The item to edit, or null to create. */
  id: string | null;
  title: string;
  initial: (item: T | null) => Values;
  toPayload: (values: Values, item: T | null) => Payload;
  renderFields: (f: FormCtx) => ComponentChildren;
  onSaved: (item: T, created: boolean) => void;
  onClose: () => void;
}) {
  const editing = props.id !== null;
  const [item, setItem] = useState<T | null>(null);
  const [values, setValues] = useState<Values | null>(editing ? null : props.initial(null));
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const formRef = useFocusOnError(error);

  const load = async () => {
    if (!props.id) return;
    setLoadError(null);
    setError(null);
    try {
      const fresh = (await resourceApi.get(props.resource, props.id)) as T;
      setItem(fresh);
      setValues(props.initial(fresh));
    } catch (e) {
      setLoadError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [props.id]);

  const errors = fieldErrorsOf(error);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const payload = props.toPayload(values, item);
      let saved: T;
      if (!editing) {
        const body: Payload = {};
        for (const [k, v] of Object.entries(payload)) if (v !== null && v !== undefined) body[k] = v;
        saved = (await resourceApi.create(props.resource, body)) as T;
      } else {
        const base = props.toPayload(props.initial(item), item);
        const body: Payload = {};
        for (const [k, v] of Object.entries(payload)) if (v !== undefined && changed(v, base[k])) body[k] = v;
        if (Object.keys(body).length === 0) {
          props.onClose();
          return;
        }
        saved = (await resourceApi.update(props.resource, props.id!, { version: item!.version, ...body })) as T;
      }
      props.onSaved(saved, !editing);
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      setBusy(false);
    }
  };

  if (!values) {
    return (
      <Dialog title={props.title} onClose={props.onClose}>
        {loadError ? <ErrorBox error={loadError} onRetry={load} /> : <Spinner />}
      </Dialog>
    );
  }

  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));
  const errorOf = errors.errorAt;
  const f: FormCtx = {
    values,
    editing,
    set,
    errorOf,
    errorsUnder: errors.under,
    text: (name, label, extra = {}) => {
      const { hint, ...rest } = extra;
      return (
        <TextField
          {...rest}
          name={name}
          label={label}
          hint={hint}
          value={asText(values[name])}
          error={errorOf(name)}
          onValue={(v) => set(name, v)}
        />
      );
    },
    area: (name, label, extra = {}) => (
      <TextArea
        name={name}
        label={label}
        required={extra.required}
        hint={extra.hint}
        value={asText(values[name])}
        error={errorOf(name)}
        onValue={(v) => set(name, v)}
      />
    ),
    select: (name, label, options, extra = {}) => (
      <SelectField
        name={name}
        label={label}
        options={options}
        required={extra.required}
        empty={extra.empty}
        disabled={extra.disabled}
        hint={extra.hint}
        value={asText(values[name])}
        error={errorOf(name)}
        onValue={(v) => set(name, v)}
      />
    ),
  };

  const fields = props.renderFields(f);
  const conflict = isConflict(error);

  return (
    <Dialog title={props.title} onClose={props.onClose} wide>
      <form class="form" ref={formRef} onSubmit={submit}>
        {fields}
        {conflict ? (
          <ConflictAlert message={conflictText(error, t('common.versionConflict'))} onReload={load} />
        ) : (
          <FormAlert error={error} fields={errors} />
        )}
        <FormActions onCancel={props.onClose} submit={busy ? t('common.saving') : t('common.save')} disabled={busy} />
      </form>
    </Dialog>
  );
}
