/**
 * Turns the alignment graph of a period (objectives + parent → child edges) into a tree for display.
 * An objective supporting several parents appears under each of them; roots are objectives without a
 * parent inside the period. Cycles (which the server forbids) cannot loop: an objective never appears
 * under itself, and objectives reachable only through a cycle become roots.
 */
export interface TreeEntry<T> {
  /** Unique per position in the tree (an objective can appear more than once). */
  key: string;
  node: T;
  parent: T | null;
  /** The objective's other parents (when it appears under `parent` but also supports these). */
  otherParents: T[];
  /** Child and parent both belong to a department, and not the same one. */
  crossDepartment: boolean;
  children: TreeEntry<T>[];
}

export function buildAlignmentTree<T extends { id: string; departmentId: string | null }>(
  nodes: readonly T[],
  edges: readonly { parentId: string; childId: string }[],
): TreeEntry<T>[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const childrenOf = new Map<string, string[]>();
  const parentsOf = new Map<string, string[]>();
  const seenEdge = new Set<string>();
  for (const e of edges) {
    if (!byId.has(e.parentId) || !byId.has(e.childId) || e.parentId === e.childId) continue;
    const k = `${e.parentId}>${e.childId}`;
    if (seenEdge.has(k)) continue;
    seenEdge.add(k);
    push(childrenOf, e.parentId, e.childId);
    push(parentsOf, e.childId, e.parentId);
  }
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  for (const list of childrenOf.values()) list.sort(byOrder);
  for (const list of parentsOf.values()) list.sort(byOrder);

  const placed = new Set<string>();
  const build = (node: T, parent: T | null, parentKey: string, ancestors: Set<string>): TreeEntry<T> => {
    placed.add(node.id);
    const key = `${parentKey}/${node.id}`;
    const parentIds = parentsOf.get(node.id) ?? [];
    const inner = new Set(ancestors).add(node.id);
    return {
      key,
      node,
      parent,
      otherParents: parentIds.filter((p) => p !== parent?.id).map((p) => byId.get(p)!),
      crossDepartment: !!parent?.departmentId && !!node.departmentId && parent.departmentId !== node.departmentId,
      children: (childrenOf.get(node.id) ?? [])
        .filter((c) => !inner.has(c))
        .map((c) => build(byId.get(c)!, node, key, inner)),
    };
  };

  const roots = nodes.filter((n) => !parentsOf.get(n.id)?.length).map((n) => build(n, null, "", new Set()));
  for (const n of nodes) if (!placed.has(n.id)) roots.push(build(n, null, "", new Set()));
  return roots;
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Keys of every entry that has children (what "collapse all" collapses). */
export function branchKeys<T>(entries: readonly TreeEntry<T>[], out: string[] = []): string[] {
  for (const e of entries) {
    if (e.children.length) {
      out.push(e.key);
      branchKeys(e.children, out);
    }
  }
  return out;
}
