import { useId, useState } from 'preact/hooks';
import type { Company, FieldError, Me } from '../../api-types.ts';
import { EditDialog, str } from '../../components/form.tsx';
import { ListPage } from '../../components/list.tsx';
import { t } from '../../i18n.ts';
import { companiesLookup, type OrgIndex, orgPathText, orgTree, useLookup } from '../../store.ts';

export function CompaniesPage(props: { me: Me }) {
  const tree = useLookup(orgTree).value;
  const canWrite = props.me.permissions.includes('companies.write');
  const canWriteContact = props.me.permissions.includes('companies.write_contact');
  const ownCompanies = new Set(props.me.roles.map((r) => r.companyId).filter(Boolean));
  return (
    <ListPage
      resource="companies"
      title={t('company.title')}
      newLabel={t('company.newTitle')}
      filters={[{ name: 'q', label: t('common.search') }]}
      columns={[
        { label: t('common.name'), primary: true, render: (c) => c.name },
        { label: t('company.creditCode'), render: (c) => c.creditCode ?? '' },
        {
          label: t('common.contactName'),
          render: (c) => [c.contactName, c.contactPhone].filter(Boolean).join(' · '),
        },
        {
          label: t('company.compounds'),
          render: (c) => {
            const ids = c.compoundIds ?? [];
            if (ids.length === 0) return '';
            const names = ids.slice(0, 3).map((id) => orgPathText(tree, id, 1));
            return ids.length > 3 ? `${names.join('、')}… (${t('company.compoundsCount', { n: ids.length })})` : names.join('、');
          },
        },
        { label: t('common.address'), render: (c) => c.address ?? '' },
      ]}
      itemName={(c) => c.name}
      canCreate={canWrite}
      canEdit={(c) => canWrite || (canWriteContact && ownCompanies.has(c.id))}
      canDelete={canWrite}
      onDeleted={() => companiesLookup.invalidate()}
      renderEditor={(editing, done) =>
        canWrite ? (
          <CompanyForm id={editing.mode === 'edit' ? editing.item.id : null} done={done} tree={tree} />
        ) : editing.mode === 'edit' ? (
          <ContactForm id={editing.item.id} done={done} />
        ) : null
      }
    />
  );
}

type Done = (saved: Company | null, created: boolean) => void;

function CompanyForm(props: { id: string | null; done: Done; tree: OrgIndex | undefined }) {
  return (
    <EditDialog
      resource="companies"
      id={props.id}
      title={props.id ? t('company.editTitle') : t('company.newTitle')}
      initial={(c) => ({
        name: c?.name ?? '',
        creditCode: c?.creditCode ?? '',
        contactName: c?.contactName ?? '',
        contactPhone: c?.contactPhone ?? '',
        address: c?.address ?? '',
        compoundIds: [...(c?.compoundIds ?? [])].sort(),
      })}
      toPayload={(v) => ({
        name: str(v.name),
        creditCode: str(v.creditCode),
        contactName: str(v.contactName),
        contactPhone: str(v.contactPhone),
        address: str(v.address),
        compoundIds: [...(v.compoundIds as string[])].sort(),
      })}
      onSaved={(c, created) => {
        companiesLookup.invalidate();
        props.done(c, created);
      }}
      onClose={() => props.done(null, false)}
      renderFields={(f) => (
        <>
          {f.text('name', t('common.name'), { required: true, maxLength: 200 })}
          {f.text('creditCode', t('company.creditCode'), { maxLength: 18, autoComplete: 'off', spellcheck: false })}
          <div class="row">
            {f.text('contactName', t('common.contactName'), { autoComplete: 'off' })}
            {f.text('contactPhone', t('common.contactPhone'), { type: 'tel', autoComplete: 'off' })}
          </div>
          {f.text('address', t('common.address'), { autoComplete: 'off' })}
          <CompoundPicker
            tree={props.tree}
            value={f.values.compoundIds as string[]}
            onChange={(ids) => f.set('compoundIds', ids)}
            errors={f.errorsUnder('compoundIds')}
          />
        </>
      )}
    />
  );
}

/** A property company may only keep its own contact details and address up to date (companies.write_contact). */
function ContactForm(props: { id: string; done: Done }) {
  return (
    <EditDialog
      resource="companies"
      id={props.id}
      title={t('company.editContactTitle')}
      initial={(c) => ({ contactName: c?.contactName ?? '', contactPhone: c?.contactPhone ?? '', address: c?.address ?? '' })}
      toPayload={(v) => ({ contactName: str(v.contactName), contactPhone: str(v.contactPhone), address: str(v.address) })}
      onSaved={(c, created) => props.done(c, created)}
      onClose={() => props.done(null, false)}
      renderFields={(f) => (
        <>
          {f.text('contactName', t('common.contactName'), { autoComplete: 'off' })}
          {f.text('contactPhone', t('common.contactPhone'), { type: 'tel', autoComplete: 'off' })}
          {f.text('address', t('common.address'), { autoComplete: 'off' })}
        </>
      )}
    />
  );
}

function CompoundPicker(props: { tree: OrgIndex | undefined; value: string[]; onChange: (ids: string[]) => void; errors: FieldError[] }) {
  const [filter, setFilter] = useState('');
  const id = useId();
  const selected = new Set(props.value);
  const compounds = (props.tree?.flat ?? []).filter((e) => e.node.kind === 'compound');
  const q = filter.trim().toLowerCase();
  const visible = q ? compounds.filter((e) => e.path.join('/').toLowerCase().includes(q)) : compounds;
  const toggle = (nodeId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(nodeId);
    else next.delete(nodeId);
    props.onChange([...next].sort());
  };
  return (
    <fieldset class={props.errors.length ? 'field picker has-error' : 'field picker'}>
      <legend>
        {t('company.compounds')} · {t('company.compoundsCount', { n: selected.size })}
      </legend>
      <label class="sr-only" for={id}>
        {t('company.compoundsFilter')}
      </label>
      <input
        id={id}
        type="search"
        placeholder={t('company.compoundsFilter')}
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      <div class="checklist">
        {visible.map((e) => (
          <label key={e.node.id} class="check">
            <input type="checkbox" checked={selected.has(e.node.id)} onChange={(ev) => toggle(e.node.id, ev.currentTarget.checked)} />
            <span>{e.path.join(' / ')}</span>
          </label>
        ))}
        {visible.length === 0 ? <p class="muted">{t('common.empty')}</p> : null}
      </div>
      {props.errors.map((e) => (
        <small key={e.path} class="error-text" role="alert">
          {e.message}
        </small>
      ))}
    </fieldset>
  );
}
