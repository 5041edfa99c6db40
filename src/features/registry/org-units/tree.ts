import type { TreeNode } from './schemas.ts';

type Row = Omit<TreeNode, 'children'>;

/**
 * Nests visible org units. A unit whose parent the caller cannot see (a station's street) becomes
 * a root, so every caller gets the tree of their own scope. Siblings keep the input order.
 */
export function buildTree(rows: readonly Row[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const row of rows) nodes.set(row.id, { ...row, children: [] });
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
