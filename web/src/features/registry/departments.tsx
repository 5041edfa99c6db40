import type { Me } from '../../api-types.ts';
import { EditDialog, str } from '../../components/form.tsx';
import { ListPage } from '../../components/list.tsx';
import { label, t } from '../../i18n.ts';
import { departmentsLookup } from '../../store.ts';
import { DEPARTMENT_KINDS } from '../../vocabulary.ts';

const kindOptions = () => DEPARTMENT_KINDS.map((v) => ({ value: v, label: label('deptKind', v) }));

export function DepartmentsPage(props: { me: Me }) {
  const canWrite = props.me.permissions.includes('departments.write');
  return (
    <ListPage
      resource="departments"
      title={t('dept.title')}
      newLabel={t('dept.newTitle')}
      filters={[
        { name: 'q', label: t('common.search') },
        { name: 'kind', label: t('dept.kind'), options: kindOptions() },
      ]}
      columns={[
        { label: t('common.name'), primary: true, render: (d) => d.name },
        { label: t('dept.kind'), render: (d) => label('deptKind', d.kind) },
        { label: t('common.contactName'), render: (d) => d.contactName ?? '' },
        { label: t('common.contactPhone'), render: (d) => d.contactPhone ?? '' },
      ]}
      itemName={(d) => d.name}
      canCreate={canWrite}
      canEdit={() => canWrite}
      canDelete={canWrite}
      onDeleted={() => departmentsLookup.invalidate()}
      renderEditor={(editing, done) => (
        <EditDialog
          resource="departments"
          id={editing.mode === 'edit' ? editing.item.id : null}
          title={editing.mode === 'edit' ? t('dept.editTitle') : t('dept.newTitle')}
          initial={(d) => ({
            name: d?.name ?? '',
            kind: d?.kind ?? 'housing',
            contactName: d?.contactName ?? '',
            contactPhone: d?.contactPhone ?? '',
          })}
          toPayload={(v) => ({
            name: str(v.name),
            kind: str(v.kind),
            contactName: str(v.contactName),
            contactPhone: str(v.contactPhone),
          })}
          onSaved={(d, created) => {
            departmentsLookup.invalidate();
            done(d, created);
          }}
          onClose={() => done(null, false)}
          renderFields={(f) => (
            <>
              {f.text('name', t('common.name'), { required: true, maxLength: 200 })}
              {f.select('kind', t('dept.kind'), kindOptions(), { required: true })}
              <div class="row">
                {f.text('contactName', t('common.contactName'), { autoComplete: 'off' })}
                {f.text('contactPhone', t('common.contactPhone'), { type: 'tel', autoComplete: 'off' })}
              </div>
            </>
          )}
        />
      )}
    />
  );
}
