import { label } from '../i18n.ts';
import type { OrgIndex } from '../store.ts';
import type { OrgUnitKind } from '../vocabulary.ts';
import type { Option } from './ui.tsx';

/** The org tree as indented <option>s; with `kinds`, only those kinds, each named by its full path. */
export function orgOptions(index: OrgIndex | undefined, kinds?: readonly OrgUnitKind[]): Option[] {
  if (!index) return [];
  return index.flat
    .filter((e) => !kinds || kinds.includes(e.node.kind))
    .map((e) => ({
      value: e.node.id,
      label: `${kinds ? e.path.join(' / ') : '\u3000'.repeat(e.depth) + e.node.name}（${label('orgKind', e.node.kind)}）`,
    }));
}
