import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../src/features/registry/org-units/schemas.ts';
import { buildTree } from '../../src/features/registry/org-units/tree.ts';

type Row = Omit<TreeNode, 'children'>;
const row = (id: string, parentId: string | null, kind: Row['kind'], name = id): Row => ({ id, parentId, kind, name, code: null });

/** id → child ids, depth first: compact to compare. */
const shape = (nodes: TreeNode[]): unknown => nodes.map((n) => (n.children.length ? { [n.id]: shape(n.children) } : n.id));

describe('buildTree', () => {
  it('returns nothing for no rows', () => {
    expect(buildTree([])).toEqual([]);
  });

  it('nests street → community → compound → building and keeps every field', () => {
    const rows = [
      row('s1', null, 'street', '东湖街道'),
      row('c1', 's1', 'community'),
      row('k1', 'c1', 'compound'),
      row('b1', 'k1', 'building'),
    ];
    const tree = buildTree(rows);
    expect(shape(tree)).toEqual([{ s1: [{ c1: [{ k1: ['b1'] }] }] }]);
    expect(tree[0]).toMatchObject({ id: 's1', parentId: null, kind: 'street', name: '东湖街道', code: null });
    expect(tree[0]!.children[0]!.children[0]!.children[0]).toEqual({ ...rows[3], children: [] });
  });

  it('keeps the input order among roots and among siblings', () => {
    const rows = [
      row('s2', null, 'street'),
      row('s1', null, 'street'),
      row('c2', 's1', 'community'),
      row('c1', 's1', 'community'),
      row('c3', 's2', 'community'),
    ];
    expect(shape(buildTree(rows))).toEqual([{ s2: ['c3'] }, { s1: ['c2', 'c1'] }]);
  });

  it('makes a unit whose parent is not visible a root (a station sees its street as the top)', () => {
    const rows = [row('c1', 's-hidden', 'community'), row('k1', 'c1', 'compound'), row('c2', 's-hidden', 'community')];
    expect(shape(buildTree(rows))).toEqual([{ c1: ['k1'] }, 'c2']);
  });

  it('nests correctly when a child comes before its parent in the input', () => {
    const rows = [row('b1', 'k1', 'building'), row('k1', 'c1', 'compound'), row('c1', null, 'community')];
    expect(shape(buildTree(rows))).toEqual([{ c1: [{ k1: ['b1'] }] }]);
  });

  it('does not mutate its input rows and yields each unit exactly once', () => {
    const rows = [row('s1', null, 'street'), row('c1', 's1', 'community'), row('c2', 's1', 'community')];
    const copy = structuredClone(rows);
    const tree = buildTree(rows);
    expect(rows).toEqual(copy);
    const ids: string[] = [];
    const walk = (ns: TreeNode[]): void => {
      for (const n of ns) {
        ids.push(n.id);
        walk(n.children);
      }
    };
    walk(tree);
    expect(ids.sort()).toEqual(['c1', 'c2', 's1']);
  });
});
