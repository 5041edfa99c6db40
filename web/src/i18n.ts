/**
 * Tiny i18n: zh-CN first, English second. Every UI string goes through `t`; the vocabularies
 * (roles, org-unit kinds, place types…) through `label`. The choice is kept in localStorage.
 */

import { type MessageKey, zh } from './messages/zh-CN.ts';

export type { MessageKey };
export type Lang = 'zh-CN' | 'en';

/** Chinese is built in; English arrives with loadLang the first time it is chosen. */
const dictionaries: Partial<Record<Lang, Record<MessageKey, string>>> = { 'zh-CN': zh };
const STORAGE_KEY = 'firegrid.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en') return stored;
  } catch {
    // storage unavailable (private mode): fall through
  }
  return 'zh-CN';
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

/** Loads `lang`'s messages if they are not here yet. */
export async function loadLang(lang: Lang = current): Promise<void> {
  if (!dictionaries[lang]) dictionaries[lang] = (await import('./messages/en.ts')).en;
}

/**
 * Before the first render (main.tsx): the chosen language's messages, or, if they cannot load
 * (offline), Chinese for this session, which is built in; the choice stays saved for next time.
 */
export async function startLang(): Promise<void> {
  try {
    await loadLang();
  } catch {
    current = 'zh-CN';
    document.documentElement.lang = current;
  }
}

/** Switches the UI's language once its messages have loaded; listeners re-render. */
export async function setLang(lang: Lang): Promise<void> {
  await loadLang(lang);
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether `key` is one of the UI's messages (e.g. `problem.<code>` for an error code). */
export function hasMessage(key: string): key is MessageKey {
  return key in zh;
}

/** Translate a key; `{name}` placeholders are filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current]?.[key] ?? zh[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
}

export type LabelGroup =
  | 'role'
  | 'orgKind'
  | 'placeType'
  | 'risk'
  | 'deptKind'
  | 'status'
  | 'hazardState'
  | 'outcome'
  | 'severity'
  | 'source'
  | 'partyKind'
  | 'action'
  | 'escalation'
  | 'stage'
  | 'taskState'
  | 'taskAction'
  | 'evidenceKind'
  | 'assigneeKind'
  | 'selector'
  | 'frequency'
  | 'campaignStatus'
  | 'inspStatus'
  | 'itemResult'
  | 'inspTarget'
  | 'patrolResult'
  | 'coverageLevel'
  | 'facilityKind'
  | 'facilityStatus'
  | 'expiry'
  | 'maintState'
  | 'maintResult'
  | 'maintAction'
  | 'dueStatus'
  | 'unitKind'
  | 'adjKind'
  | 'asmtStatus'
  | 'flag'
  | 'indicator'
  | 'counted'
  | 'aggregate'
  | 'resource'
  | 'reference'
  | 'uniqueField';

/** The label of a vocabulary value (role, kind, type…); unknown values show as they are. */
export function label(group: LabelGroup, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${group}.${value}`;
  return key in zh ? t(key as MessageKey) : value;
}

/**
 * Some server DATA (not errors: errors come in one language) is still written "中文 / English" in
 * one string: indicator formulas, rubric notes. Shows the half in the UI's language; any other
 * text (e.g. "公安/派出所", a clerk's note) is shown whole.
 */
export function bilingualData(text: string): string {
  const m = /^(.*[\u3400-\u9fff].*?)\s*\/\s+([^\u3400-\u9fff]+)$/.exec(text);
  if (!m) return text;
  return current === 'zh-CN' ? m[1]! : m[2]!;
}
