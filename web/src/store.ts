/**
 * Shared look-ups that several pages need (the org tree, departments, companies), fetched once
 * and refetched after a write. Plus the one-line notice ("已保存") shown after an action.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, listAll } from './api.ts';
import type { Campaign, Company, Department, HazardCategory, HazardPolicy, InspectionTemplate, OrgNode } from './types.ts';

export class Lookup<T> {
  private value: T | undefined;
  private error: unknown;
  private loading = false;
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly load: () => Promise<T>) {}

  snapshot(): { value: T | undefined; error: unknown } {
    return { value: this.value, error: this.error };
  }

  ensure(): void {
    if (this.value !== undefined || this.loading) return;
    this.fetch();
  }

  private fetch(): void {
    const mine = ++this.seq;
    this.loading = true;
    this.load().then(
      (value) => this.settle(mine, value, undefined),
      (error: unknown) => this.settle(mine, undefined, error),
    );
  }

  private settle(mine: number, value: T | undefined, error: unknown): void {
    if (mine !== this.seq) return; // a newer fetch or a reset superseded this one
    this.loading = false;
    if (value !== undefined) this.value = value;
    this.error = error;
    for (const l of this.listeners) l();
  }

  /** Drop the value; refetch at once when a page is showing it. */
  invalidate(): void {
    if (this.listeners.size > 0) this.fetch();
    else this.reset();
  }

  reset(): void {
    this.seq++;
    this.loading = false;
    this.value = undefined;
    this.error = undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function useLookup<T>(lookup: Lookup<T>, enabled = true): { value: T | undefined; error: unknown } {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const off = lookup.subscribe(() => tick((n) => n + 1));
    lookup.ensure();
    return off;
  }, [lookup, enabled]);
  return enabled ? lookup.snapshot() : { value: undefined, error: undefined };
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

export const orgTree = new Lookup<OrgIndex>(async () => indexTree((await api<{ items: OrgNode[] }>('GET', '/org-units/tree')).items));
export const departmentsLookup = new Lookup<Department[]>(() => listAll<Department>('departments', { sort: 'name' }));
export const companiesLookup = new Lookup<Company[]>(() => listAll<Company>('companies', { sort: 'name' }));
/** The district's hazard categories (active and inactive: old hazards keep theirs). */
export const categoriesLookup = new Lookup<HazardCategory[]>(
  async () => (await api<{ items: HazardCategory[] }>('GET', '/hazard-categories')).items,
);
export const policyLookup = new Lookup<HazardPolicy>(() => api<HazardPolicy>('GET', '/hazard-policy'));

/** The district's campaigns (for the pickers of the task board and the assign form). */
export const campaignsLookup = new Lookup<Campaign[]>(() => listAll<Campaign>('campaigns', { sort: 'createdAt', order: 'desc' }, 400));

/** The district's checklist templates, active and inactive (old inspections keep theirs). */
export const templatesLookup = new Lookup<InspectionTemplate[]>(() =>
  listAll<InspectionTemplate>('inspection-templates', { sort: 'name' }, 400),
);

/** UI state of the org page that outlives a visit to another page (which units are open). */
export const orgUi: { open: Set<string> | null } = { open: null };

/** Where a maintenance record's back link goes: the company's home, the review queue or the list. */
export const maintenanceUi: { back: string } = { back: '/maintenance' };

/** Where a task page's back link goes: the list it was opened from. */
export const taskUi: { back: string } = { back: '/tasks' };

/**
 * What to forget when the session ends (logout, a lost session): each module registers its own
 * state when it loads, so a page that was never opened has nothing to reset and the shell need
 * not know any page's state.
 */
const sessionEnders = new Set<() => void>();

export function onSessionEnd(reset: () => void): void {
  sessionEnders.add(reset);
}

export function endSession(): void {
  for (const reset of sessionEnders) reset();
}

onSessionEnd(function resetLookups(): void {
  orgUi.open = null;
  orgTree.reset();
  departmentsLookup.reset();
  companiesLookup.reset();
  categoriesLookup.reset();
  policyLookup.reset();
  campaignsLookup.reset();
  templatesLookup.reset();
  taskUi.back = '/tasks';
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
