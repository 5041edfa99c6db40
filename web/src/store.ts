/**
 * Shared look-ups that several pages need (the org tree, departments, companies), fetched once
 * and refetched after a write. Plus the one-line notice ("已保存") shown after an action.
 */
import { useEffect, useState } from 'preact/hooks';
import { client, listAll, ok } from './api.ts';
import type { Campaign, Company, Department, HazardCategory, HazardPolicy, InspectionTemplate, OrgNode } from './api-types.ts';
import { invalidate, useData } from './data.ts';
import { onSessionEnd } from './session.ts';

/**
 * A look-up several pages share (the org tree, departments, companies…): loaded once, kept until a
 * write invalidates it or the session ends (the cache of data.ts, keyed by its API path, so
 * `invalidate('/departments')` after a write reaches it too).
 */
export class Lookup<T> {
  constructor(
    readonly key: string,
    readonly load: () => Promise<T>,
  ) {}

  /** Drop the value; pages showing it load it again at once. */
  invalidate(): void {
    void invalidate(this.key);
  }
}

export function useLookup<T>(lookup: Lookup<T>, enabled = true): { value: T | undefined; error: unknown } {
  const { data, error } = useData([lookup.key], lookup.load, { enabled, fresh: Number.POSITIVE_INFINITY });
  return enabled ? { value: data, error } : { value: undefined, error: undefined };
}

export interface FlatOrg {
  node: OrgNode;
  depth: number;
  /** Names from the top level down to this unit. */
  path: string[];
}

export interface OrgIndex {
  roots: OrgNode[];
  flat: FlatOrg[];
  byId: Map<string, FlatOrg>;
}

export function indexTree(roots: OrgNode[]): OrgIndex {
  const flat: FlatOrg[] = [];
  const byId = new Map<string, FlatOrg>();
  const walk = (nodes: OrgNode[], depth: number, path: string[]) => {
    for (const node of nodes) {
      const entry = { node, depth, path: [...path, node.name] };
      flat.push(entry);
      byId.set(node.id, entry);
      walk(node.children ?? [], depth + 1, entry.path);
    }
  };
  walk(roots, 0, []);
  return { roots, flat, byId };
}

export const orgTree = new Lookup<OrgIndex>('/org-units/tree', async () => indexTree((await ok(client.GET('/org-units/tree'))).items));
export const departmentsLookup = new Lookup<Department[]>('/departments', () => listAll('/departments', { sort: 'name' }));
export const companiesLookup = new Lookup<Company[]>('/companies', () => listAll('/companies', { sort: 'name' }));
/** The district's hazard categories (active and inactive: old hazards keep theirs). */
export const categoriesLookup = new Lookup<HazardCategory[]>(
  '/hazard-categories',
  async () => (await ok(client.GET('/hazard-categories'))).items,
);
export const policyLookup = new Lookup<HazardPolicy>('/hazard-policy', () => ok(client.GET('/hazard-policy')));

/** The district's campaigns (for the pickers of the task board and the assign form). */
export const campaignsLookup = new Lookup<Campaign[]>('/campaigns', () => listAll('/campaigns', { sort: 'createdAt', order: 'desc' }, 400));

/** The district's checklist templates, active and inactive (old inspections keep theirs). */
export const templatesLookup = new Lookup<InspectionTemplate[]>('/inspection-templates', () =>
  listAll('/inspection-templates', { sort: 'name' }, 400),
);

/** UI state of the org page that outlives a visit to another page (which units are open). */
export const orgUi: { open: Set<string> | null } = { open: null };

/** Where a maintenance record's back link goes: the company's home, the review queue or the list. */
export const maintenanceUi: { back: string } = { back: '/maintenance' };

/** Where a task page's back link goes: the list it was opened from. */
export const taskUi: { back: string } = { back: '/my-work' };

onSessionEnd(function resetPageState(): void {
  orgUi.open = null;
  taskUi.back = '/my-work';
  maintenanceUi.back = '/maintenance';
});

/** "街道 / 社区 / 小区" for an org unit id, or the id itself when not in the (scoped) tree. */
export function orgPathText(index: OrgIndex | undefined, id: string | null | undefined, last = 3): string {
  if (!id) return '';
  const entry = index?.byId.get(id);
  return entry ? entry.path.slice(-last).join(' / ') : '…';
}

// ---- notices ---------------------------------------------------------------------------------

let notice = '';
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
const noticeListeners = new Set<(text: string) => void>();

export function notify(text: string): void {
  notice = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    notice = '';
    for (const l of noticeListeners) l('');
  }, 4000);
  for (const l of noticeListeners) l(text);
}

export function useNotice(): string {
  const [text, setText] = useState(notice);
  useEffect(() => {
    noticeListeners.add(setText);
    return () => noticeListeners.delete(setText);
  }, []);
  return text;
}
