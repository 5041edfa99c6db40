import { useEffect, useMemo, useState } from 'preact/hooks';
import { listAll, resourceApi } from '../../api.ts';
import type { Me, OrgNode, OrgUnit } from '../../api-types.ts';
import { EditDialog, str } from '../../components/form.tsx';
import { ConfirmDialog, ErrorBox, SelectField, Spinner, TextField } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { notify, type OrgIndex, orgTree, orgUi, useLookup } from '../../store.ts';
import { ORG_UNIT_KINDS, ORG_UNIT_PARENT_KINDS, type OrgUnitKind, ROLE_INFO } from '../../vocabulary.ts';

type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; id: string };

function childKinds(parentKind: OrgUnitKind | null): OrgUnitKind[] {
  return ORG_UNIT_KINDS.filter((k) => ORG_UNIT_PARENT_KINDS[k].includes(parentKind));
}

export function OrgPage(props: { me: Me }) {
  const { value: index, error } = useLookup(orgTree);
  const canWrite = props.me.permissions.includes('org_units.write');
  // Top-level units (streets/towns) hang below the district itself: only district-wide roles add them.
  const canAddTop = canWrite && props.me.roles.some((r) => ROLE_INFO[r.role]?.scope === 'tenant');
  const [expanded, setExpandedState] = useState<Set<string>>(orgUi.open ?? new Set());
  const [initialised, setInitialised] = useState(false);
  const setExpanded = (next: Set<string> | ((s: Set<string>) => Set<string>)) =>
    setExpandedState((s) => (orgUi.open = typeof next === 'function' ? next(s) : next));
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<OrgNode | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  // The tree stops at compounds (its default depth); a compound's buildings load when it opens.
  // Not useData: they load when a compound is opened by hand (not when a filter opens it), and
  // again after a building is added or deleted.
  const [buildings, setBuildings] = useState<Record<string, OrgNode[] | 'loading' | { error: unknown }>>({});

  const loadBuildings = async (compoundId: string) => {
    setBuildings((b) => ({ ...b, [compoundId]: 'loading' }));
    try {
      const units = await listAll('/org-units', { parentId: compoundId, sort: 'name' });
      const nodes = units.map((u) => ({ id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, code: u.code, children: [] }));
      setBuildings((b) => ({ ...b, [compoundId]: nodes }));
    } catch (error) {
      setBuildings((b) => ({ ...b, [compoundId]: { error } }));
    }
  };

  // Once the tree is there: first visit opens the first level (streets show their communities);
  // a later visit reopens what was open, reloading the buildings of open compounds.
  useEffect(() => {
    if (!index || initialised) return;
    setInitialised(true);
    if (!orgUi.open) {
      setExpanded(new Set(index.roots.map((n) => n.id)));
      return;
    }
    for (const id of orgUi.open) if (index.byId.get(id)?.node.kind === 'compound') void loadBuildings(id);
  }, [index, initialised]);

  // With a filter: the matching units and their ancestors, all open.
  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q || !index) return null;
    const ids = new Set<string>();
    for (const e of index.flat) {
      if (e.node.name.toLowerCase().includes(q) || (e.node.code ?? '').toLowerCase().includes(q)) {
        let id: string | null = e.node.id;
        while (id && !ids.has(id)) {
          ids.add(id);
          id = index.byId.get(id)?.node.parentId ?? null;
        }
      }
    }
    return ids;
  }, [filter, index]);

  const toggle = (node: OrgNode) => {
    const opening = !expanded.has(node.id) && !visible?.has(node.id);
    if (opening && node.kind === 'compound' && !Array.isArray(buildings[node.id])) void loadBuildings(node.id);
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(node.id)) next.delete(node.id);
      else next.add(node.id);
      return next;
    });
  };

  const ctx: TreeCtx = {
    canWrite,
    isOpen: (id) => (visible ? visible.has(id) : expanded.has(id)),
    isShown: (id) => !visible || visible.has(id),
    lazy: (node) => (node.kind === 'compound' ? (buildings[node.id] ?? null) : undefined),
    retryLazy: (node) => loadBuildings(node.id),
    toggle,
    menuOpen: (id) => menuFor === id,
    toggleMenu: (id) => setMenuFor((m) => (m === id ? null : id)),
    addChild: (node) => setEditing({ mode: 'create', parentId: node.id }),
    edit: (node) => setEditing({ mode: 'edit', id: node.id }),
    del: setDeleting,
  };

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('org.title')}</h1>
        {canAddTop ? (
          <button type="button" class="btn primary" onClick={() => setEditing({ mode: 'create', parentId: null })}>
            {t('org.addTop')}
          </button>
        ) : null}
      </div>
      <div class="filters">
        <TextField name="q" type="search" label={t('org.filter')} value={filter} onValue={setFilter} />
        <div class="filter-buttons">
          <button
            type="button"
            class="btn"
            onClick={() => {
              setFilter('');
              setExpanded(new Set(index?.flat.filter((e) => e.node.children?.length).map((e) => e.node.id)));
            }}
          >
            {t('org.expandAll')}
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => {
              setFilter('');
              setExpanded(new Set());
            }}
          >
            {t('org.collapseAll')}
          </button>
        </div>
      </div>
      {error && !index ? <ErrorBox error={error} onRetry={() => orgTree.invalidate()} /> : null}
      {!index && !error ? <Spinner /> : null}
      {/* The container appears with the loaded tree, so "org-tree visible" means "tree shown". */}
      {index ? (
        <div class="tree" data-testid="org-tree">
          {index.roots.length ? (
            <>
              <p class="muted">{t('org.count', { n: index.flat.length })}</p>
              <TreeList nodes={index.roots} ctx={ctx} />
            </>
          ) : (
            <p class="empty">{t('common.empty')}</p>
          )}
        </div>
      ) : null}
      {editing ? (
        <OrgForm
          editing={editing}
          index={index}
          canAddTop={canAddTop}
          onClose={() => setEditing(null)}
          onSaved={(unit) => {
            notify(editing.mode === 'create' ? t('common.created') : t('common.saved'));
            if (unit.parentId) setExpanded((s) => new Set(s).add(unit.parentId!));
            if (unit.kind === 'building' && unit.parentId) void loadBuildings(unit.parentId);
            else orgTree.invalidate();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('common.delete')}
          message={t('common.deleteConfirm', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await resourceApi.remove('org-units', deleting.id);
            notify(t('common.deleted'));
            if (deleting.kind === 'building' && deleting.parentId) void loadBuildings(deleting.parentId);
            else orgTree.invalidate();
          }}
        />
      ) : null}
    </section>
  );
}

interface TreeCtx {
  canWrite: boolean;
  isOpen: (id: string) => boolean;
  isShown: (id: string) => boolean;
  /** For a compound: its lazily loaded buildings (null = not loaded yet); undefined for other kinds. */
  lazy: (node: OrgNode) => OrgNode[] | 'loading' | { error: unknown } | null | undefined;
  retryLazy: (node: OrgNode) => void;
  toggle: (node: OrgNode) => void;
  /** On a phone the row actions hide behind a "⋯" button, one row at a time. */
  menuOpen: (id: string) => boolean;
  toggleMenu: (id: string) => void;
  addChild: (node: OrgNode) => void;
  edit: (node: OrgNode) => void;
  del: (node: OrgNode) => void;
}

function TreeList(props: { nodes: OrgNode[]; ctx: TreeCtx; nested?: boolean }) {
  return (
    <ul class={props.nested ? 'tree-list nested' : 'tree-list'}>
      {props.nodes
        .filter((n) => props.ctx.isShown(n.id))
        .map((n) => (
          <TreeNode key={n.id} node={n} ctx={props.ctx} />
        ))}
    </ul>
  );
}

function TreeNode(props: { node: OrgNode; ctx: TreeCtx }) {
  const { node, ctx } = props;
  const lazy = ctx.lazy(node);
  const children = Array.isArray(lazy) ? lazy : (node.children ?? []);
  const expandable = children.length > 0 || lazy === null || lazy === 'loading' || (lazy != null && !Array.isArray(lazy));
  const open = expandable && ctx.isOpen(node.id);
  const kind = label('orgKind', node.kind);
  return (
    <li class="tree-item" data-kind={node.kind}>
      <div class="tree-row">
        {expandable ? (
          <button
            type="button"
            class="twisty"
            aria-expanded={open}
            aria-label={`${open ? t('org.collapse') : t('org.expand')} ${node.name}`}
            onClick={() => ctx.toggle(node)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span class="twisty-spacer" aria-hidden="true" />
        )}
        {/* The unit's code (编码) is the district's own key for imports and ledgers: found by the
            search and shown when pointed at, not printed beside every name. */}
        <span class="tree-name" title={node.code ? `${t('common.code')}：${node.code}` : undefined}>
          {node.name}
        </span>
        <span class={`badge kind-${node.kind}`}>{kind}</span>
        {children.length ? <span class="muted small">({children.length})</span> : null}
        {ctx.canWrite ? (
          <button
            type="button"
            class="btn small ghost tree-menu"
            aria-expanded={ctx.menuOpen(node.id)}
            aria-controls={`act-${node.id}`}
            aria-label={`${t('common.actions')}: ${node.name}`}
            onClick={() => ctx.toggleMenu(node.id)}
          >
            ⋯
          </button>
        ) : null}
        {ctx.canWrite ? (
          <span class={ctx.menuOpen(node.id) ? 'tree-actions open' : 'tree-actions'} id={`act-${node.id}`}>
            {childKinds(node.kind).length ? (
              <button type="button" class="btn small" aria-label={`${t('org.addChild')}: ${node.name}`} onClick={() => ctx.addChild(node)}>
                + {t('org.addChild')}
              </button>
            ) : null}
            <button type="button" class="btn small" aria-label={`${t('common.edit')} ${node.name}`} onClick={() => ctx.edit(node)}>
              {t('common.edit')}
            </button>
            <button
              type="button"
              class="btn small danger-outline"
              aria-label={`${t('common.delete')} ${node.name}`}
              onClick={() => ctx.del(node)}
            >
              {t('common.delete')}
            </button>
          </span>
        ) : null}
      </div>
      {open && lazy === 'loading' ? <Spinner /> : null}
      {open && lazy && typeof lazy === 'object' && !Array.isArray(lazy) ? (
        <ErrorBox error={lazy.error} onRetry={() => ctx.retryLazy(node)} />
      ) : null}
      {open && children.length ? <TreeList nodes={children} ctx={ctx} nested /> : null}
      {open && Array.isArray(lazy) && lazy.length === 0 ? <p class="muted small tree-empty">{t('common.empty')}</p> : null}
    </li>
  );
}

function OrgForm(props: {
  editing: Editing;
  index: OrgIndex | undefined;
  canAddTop: boolean;
  onClose: () => void;
  onSaved: (unit: OrgUnit) => void;
}) {
  const { editing, index } = props;
  const kindOf = (id: unknown): OrgUnitKind | null => (id ? (index?.byId.get(String(id))?.node.kind ?? null) : null);
  const parentOptions = [
    ...(props.canAddTop ? [{ value: '', label: t('org.topLevel') }] : []),
    ...(index?.flat ?? [])
      .filter((e) => childKinds(e.node.kind).length > 0)
      .map((e) => ({
        value: e.node.id,
        label: `${'\u3000'.repeat(e.depth)}${e.node.name}（${label('orgKind', e.node.kind)}）`,
      })),
  ];
  return (
    <EditDialog
      resource="org-units"
      id={editing.mode === 'edit' ? editing.id : null}
      title={editing.mode === 'edit' ? t('org.editTitle') : t('org.newTitle')}
      initial={(u) => {
        const parentId = u ? u.parentId : editing.mode === 'create' ? editing.parentId : null;
        return {
          parentId: parentId ?? '',
          kind: u?.kind ?? childKinds(kindOf(parentId))[0] ?? 'street',
          name: u?.name ?? '',
          code: u?.code ?? '',
          address: u?.address ?? '',
        };
      }}
      toPayload={(v, u) => ({
        ...(u ? {} : { parentId: str(v.parentId), kind: str(v.kind) }),
        name: str(v.name),
        code: str(v.code),
        address: str(v.address),
      })}
      onSaved={(u) => props.onSaved(u)}
      onClose={props.onClose}
      renderFields={(f) => {
        const kinds = childKinds(kindOf(f.values.parentId));
        return (
          <>
            {f.editing ? null : (
              <>
                <SelectField
                  name="parentId"
                  label={t('org.parent')}
                  value={String(f.values.parentId ?? '')}
                  options={parentOptions}
                  error={f.errorOf('parentId')}
                  onValue={(v) => {
                    // Choosing a parent also picks a kind that may hang below it.
                    f.set('parentId', v);
                    const allowed = childKinds(kindOf(v));
                    if (!allowed.includes(f.values.kind as OrgUnitKind)) f.set('kind', allowed[0] ?? 'street');
                  }}
                />
                {f.select(
                  'kind',
                  t('org.kind'),
                  kinds.map((k) => ({ value: k, label: label('orgKind', k) })),
                  { required: true },
                )}
              </>
            )}
            {f.editing ? (
              <p class="muted">
                {t('org.kind')}: {label('orgKind', String(f.values.kind))}
                {f.values.parentId ? ` · ${t('org.parent')}: ${index?.byId.get(String(f.values.parentId))?.path.join(' / ') ?? ''}` : ''}
              </p>
            ) : null}
            {f.text('name', t('common.name'), { required: true, maxLength: 100 })}
            {f.text('code', t('common.code'), { autoComplete: 'off', maxLength: 50 })}
            {f.text('address', t('common.address'), { autoComplete: 'off', maxLength: 200 })}
          </>
        );
      }}
    />
  );
}
