import type { FieldError, Me, RoleAssignment } from '../../api-types.ts';
import { EditDialog, str } from '../../components/form.tsx';
import { ListPage, standardSorts } from '../../components/list.tsx';
import { orgOptions } from '../../components/org-options.ts';
import { SelectField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { companiesLookup, departmentsLookup, orgPathText, orgTree, useLookup } from '../../store.ts';
import { ROLE_INFO, ROLES, type Role } from '../../vocabulary.ts';

const STATUSES = ['active', 'disabled'] as const;

function useScopeNames(enabled: boolean) {
  const tree = useLookup(orgTree, enabled).value;
  const departments = useLookup(departmentsLookup, enabled).value;
  const companies = useLookup(companiesLookup, enabled).value;
  return { tree, departments, companies };
}

type ScopeData = ReturnType<typeof useScopeNames>;

function assignmentText(a: RoleAssignment, data: ScopeData): string {
  const role = label('role', a.role);
  let where = '';
  if (a.orgUnitId) where = orgPathText(data.tree, a.orgUnitId, 1);
  else if (a.departmentId) where = data.departments?.find((d) => d.id === a.departmentId)?.name ?? '…';
  else if (a.companyId) where = data.companies?.find((c) => c.id === a.companyId)?.name ?? '…';
  return where ? `${role}（${where}）` : role;
}

export function UsersPage(props: { me: Me }) {
  const canRead = props.me.permissions.includes('registry.read');
  const data = useScopeNames(canRead);
  const canWrite = props.me.permissions.includes('users.write');
  const roles = ROLES.filter((r) => ROLE_INFO[r].tenantKind === props.me.tenant.kind);
  return (
    <ListPage
      resource="users"
      title={t('user.title')}
      newLabel={t('user.newTitle')}
      sorts={standardSorts('username')}
      filters={[
        { name: 'q', label: t('common.search') },
        { name: 'role', label: t('user.role'), options: roles.map((r) => ({ value: r, label: label('role', r) })) },
        { name: 'status', label: t('user.status'), options: STATUSES.map((s) => ({ value: s, label: label('status', s) })) },
      ]}
      columns={[
        { label: t('user.displayName'), primary: true, render: (u) => u.displayName },
        { label: t('user.username'), render: (u) => <code>{u.username}</code> },
        { label: t('common.phone'), render: (u) => u.phone ?? '' },
        {
          label: t('user.roles'),
          render: (u) => (
            <span class="chips">
              {u.roles.map((a, i) => (
                <span key={i} class="chip">
                  {assignmentText(a, data)}
                </span>
              ))}
            </span>
          ),
        },
        {
          label: t('user.status'),
          render: (u) => <span class={`badge status-${u.status}`}>{label('status', u.status)}</span>,
        },
      ]}
      itemName={(u) => `${u.displayName} (${u.username})`}
      canCreate={canWrite}
      canEdit={() => canWrite}
      canDelete={canWrite}
      renderEditor={(editing, done) => (
        <EditDialog
          resource="users"
          id={editing.mode === 'edit' ? editing.item.id : null}
          title={editing.mode === 'edit' ? t('user.editTitle') : t('user.newTitle')}
          initial={(u) => ({
            username: u?.username ?? '',
            displayName: u?.displayName ?? '',
            phone: u?.phone ?? '',
            status: u?.status ?? 'active',
            password: '',
            roles: u?.roles.map((a) => ({ ...a })) ?? [
              { role: roles[0] ?? 'grid_member', orgUnitId: null, departmentId: null, companyId: null },
            ],
          })}
          toPayload={(v, u) => ({
            ...(u ? { status: str(v.status) } : { username: str(v.username) }),
            displayName: str(v.displayName),
            phone: str(v.phone),
            password: str(v.password) ?? undefined,
            roles: (v.roles as RoleAssignment[]).map(normalise),
          })}
          onSaved={(u, created) => done(u, created)}
          onClose={() => done(null, false)}
          renderFields={(f) => (
            <>
              {f.editing ? (
                <p class="muted">
                  {t('user.username')}: <code>{String(f.values.username)}</code>
                </p>
              ) : (
                f.text('username', t('user.username'), {
                  required: true,
                  autoComplete: 'off',
                  autoCapitalize: 'none',
                  spellcheck: false,
                  maxLength: 32,
                  hint: t('user.usernameHint'),
                })
              )}
              <div class="row">
                {f.text('displayName', t('user.displayName'), { required: true, autoComplete: 'off', maxLength: 50 })}
                {f.text('phone', t('common.phone'), { type: 'tel', autoComplete: 'off' })}
              </div>
              {f.editing
                ? f.select(
                    'status',
                    t('user.status'),
                    STATUSES.map((s) => ({ value: s, label: label('status', s) })),
                    { required: true },
                  )
                : null}
              {f.text('password', f.editing ? t('user.newPassword') : t('user.password'), {
                type: 'password',
                autoComplete: 'new-password',
                required: !f.editing,
                minLength: 12,
                maxLength: 128,
              })}
              <RolesEditor
                roles={roles}
                value={f.values.roles as RoleAssignment[]}
                onChange={(v) => f.set('roles', v)}
                errors={f.errorsUnder('roles')}
                data={data}
              />
            </>
          )}
        />
      )}
    />
  );
}

/** Only the scope field the role needs is kept; the others are null. */
function normalise(a: RoleAssignment): RoleAssignment {
  const scope = ROLE_INFO[a.role]?.scope;
  return {
    role: a.role,
    orgUnitId: scope === 'org_unit' ? a.orgUnitId || null : null,
    departmentId: scope === 'department' ? a.departmentId || null : null,
    companyId: scope === 'company' ? a.companyId || null : null,
  };
}

function RolesEditor(props: {
  roles: Role[];
  value: RoleAssignment[];
  onChange: (v: RoleAssignment[]) => void;
  errors: FieldError[];
  data: ScopeData;
}) {
  const { tree, departments, companies } = props.data;
  const setAt = (i: number, patch: Partial<RoleAssignment>) =>
    props.onChange(props.value.map((a, j) => (j === i ? normalise({ ...a, ...patch }) : a)));
  const errorAt = (path: string) =>
    props.errors
      .filter((e) => e.path === path)
      .map((e) => e.message)
      .join('；') || undefined;
  const general = props.errors.filter((e) => !/^roles\.\d+\.(role|orgUnitId|departmentId|companyId)$/.test(e.path));
  return (
    <fieldset class={general.length ? 'field roles has-error' : 'field roles'}>
      <legend>{t('user.roles')}</legend>
      {props.value.map((a, i) => {
        const scope = ROLE_INFO[a.role]?.scope ?? 'tenant';
        return (
          <div class="role-row" key={i}>
            <SelectField
              name={`roles.${i}.role`}
              label={`${t('user.role')} ${i + 1}`}
              value={a.role}
              required
              options={props.roles.map((r) => ({ value: r, label: label('role', r) }))}
              error={errorAt(`roles.${i}.role`)}
              onValue={(v) => setAt(i, { role: v as Role })}
            />
            {scope === 'org_unit' ? (
              <SelectField
                name={`roles.${i}.orgUnitId`}
                label={t('user.orgUnit')}
                value={a.orgUnitId ?? ''}
                required
                empty={t('user.pickOne')}
                options={orgOptions(tree)}
                error={errorAt(`roles.${i}.orgUnitId`)}
                onValue={(v) => setAt(i, { orgUnitId: v || null })}
              />
            ) : scope === 'department' ? (
              <SelectField
                name={`roles.${i}.departmentId`}
                label={t('user.department')}
                value={a.departmentId ?? ''}
                required
                empty={t('user.pickOne')}
                options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
                error={errorAt(`roles.${i}.departmentId`)}
                onValue={(v) => setAt(i, { departmentId: v || null })}
              />
            ) : scope === 'company' ? (
              <SelectField
                name={`roles.${i}.companyId`}
                label={t('user.company')}
                value={a.companyId ?? ''}
                required
                empty={t('user.pickOne')}
                options={(companies ?? []).map((c) => ({ value: c.id, label: c.name }))}
                error={errorAt(`roles.${i}.companyId`)}
                onValue={(v) => setAt(i, { companyId: v || null })}
              />
            ) : (
              <p class="scope-note muted">
                {t('user.scope')}: {t('user.wholeDistrict')}
              </p>
            )}
            <button
              type="button"
              class="btn small danger-outline"
              aria-label={`${t('user.removeRole')} ${label('role', a.role)}`}
              onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
            >
              {t('user.removeRole')}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        class="btn small"
        onClick={() =>
          props.onChange([...props.value, { role: props.roles[0] ?? 'grid_member', orgUnitId: null, departmentId: null, companyId: null }])
        }
      >
        + {t('user.addRole')}
      </button>
      {general.map((e) => (
        <small key={e.path + e.message} class="error-text" role="alert">
          {e.message}
        </small>
      ))}
    </fieldset>
  );
}
