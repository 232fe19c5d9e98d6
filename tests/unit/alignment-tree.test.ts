import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchKeys, buildAlignmentTree, type TreeEntry } from "@/app/(app)/[orgSlug]/okrs/tree/build-tree";

interface Obj {
  id: string;
  departmentId: string | null;
}

const obj = (id: string, departmentId: string | null = null): Obj => ({ id, departmentId });
const objs = (...ids: string[]): Obj[] => ids.map((id) => obj(id));
const edge = (parentId: string, childId: string) => ({ parentId, childId });

/** Compact shape of a tree: `id` for a leaf, `{ id: [children] }` otherwise. */
type Shape = string | { [id: string]: Shape[] };
const shape = (entries: readonly TreeEntry<Obj>[]): Shape[] =>
  entries.map((e) => (e.children.length ? { [e.node.id]: shape(e.children) } : e.node.id));

/** Every entry of the tree, depth first (pre-order). */
const flatten = (entries: readonly TreeEntry<Obj>[]): TreeEntry<Obj>[] =>
  entries.flatMap((e) => [e, ...flatten(e.children)]);

/** `xs[i]`, failing the test if there is no such element. */
const at = <X>(xs: readonly X[], i: number): X => {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element at index ${i}`);
  return x;
};
/** The first child of an entry. */
const child = (e: TreeEntry<Obj>) => at(e.children, 0);

const ids = (entries: readonly TreeEntry<Obj>[]) => entries.map((e) => e.node.id);
const entriesOf = (tree: readonly TreeEntry<Obj>[], id: string) =>
  flatten(tree).filter((e) => e.node.id === id);

describe("buildAlignmentTree — roots", () => {
  it("returns an empty forest for no nodes", () => {
    expect(buildAlignmentTree<Obj>([], [])).toEqual([]);
    expect(buildAlignmentTree<Obj>([], [edge("a", "b")])).toEqual([]);
  });

  it("makes every node a root when there are no edges", () => {
    const tree = buildAlignmentTree(objs("a", "b", "c"), []);
    expect(shape(tree)).toEqual(["a", "b", "c"]);
    for (const root of tree) {
      expect(root.parent).toBeNull();
      expect(root.otherParents).toEqual([]);
      expect(root.crossDepartment).toBe(false);
      expect(root.children).toEqual([]);
    }
  });

  it("roots are exactly the nodes without a parent inside the set", () => {
    const tree = buildAlignmentTree(objs("a", "b", "c", "d", "e"), [
      edge("a", "b"),
      edge("b", "c"),
      edge("d", "e"),
    ]);
    expect(ids(tree)).toEqual(["a", "d"]);
    expect(shape(tree)).toEqual([{ a: [{ b: ["c"] }] }, { d: ["e"] }]);
  });

  it("links each entry to the node it sits under", () => {
    const nodes = objs("a", "b", "c");
    const tree = buildAlignmentTree(nodes, [edge("a", "b"), edge("b", "c")]);
    const a = at(tree, 0);
    const b = child(a);
    const c = child(b);
    expect(a.node).toBe(at(nodes, 0));
    expect(a.parent).toBeNull();
    expect(b.node).toBe(at(nodes, 1));
    expect(b.parent).toBe(at(nodes, 0));
    expect(c.node).toBe(at(nodes, 2));
    expect(c.parent).toBe(at(nodes, 1));
  });
});

describe("buildAlignmentTree — several parents", () => {
  const nodes = objs("p1", "p2", "c");
  const tree = buildAlignmentTree(nodes, [edge("p1", "c"), edge("p2", "c")]);

  it("shows a child with two parents under both", () => {
    expect(shape(tree)).toEqual([{ p1: ["c"] }, { p2: ["c"] }]);
    expect(entriesOf(tree, "c")).toHaveLength(2);
  });

  it('lists the other parent(s) as otherParents ("also supports")', () => {
    const underP1 = child(at(tree, 0));
    const underP2 = child(at(tree, 1));
    expect(underP1.parent?.id).toBe("p1");
    expect(underP1.otherParents.map((p) => p.id)).toEqual(["p2"]);
    expect(underP2.parent?.id).toBe("p2");
    expect(underP2.otherParents.map((p) => p.id)).toEqual(["p1"]);
    // The parents are the node objects themselves.
    expect(at(underP1.otherParents, 0)).toBe(at(nodes, 1));
    expect(at(underP2.otherParents, 0)).toBe(at(nodes, 0));
  });

  it("leaves otherParents empty for a child with a single parent", () => {
    const single = buildAlignmentTree(objs("a", "b"), [edge("a", "b")]);
    expect(child(at(single, 0)).otherParents).toEqual([]);
    expect(at(single, 0).otherParents).toEqual([]);
  });

  it("lists every other parent, in node order, when there are three", () => {
    const t = buildAlignmentTree(objs("p3", "p1", "p2", "c"), [
      edge("p1", "c"),
      edge("p2", "c"),
      edge("p3", "c"),
    ]);
    expect(ids(t)).toEqual(["p3", "p1", "p2"]);
    expect(t.map((r) => child(r).otherParents.map((p) => p.id))).toEqual([
      ["p1", "p2"],
      ["p3", "p2"],
      ["p3", "p1"],
    ]);
  });

  it("repeats the whole subtree of a shared child under each parent", () => {
    const t = buildAlignmentTree(objs("p1", "p2", "c", "g"), [
      edge("p1", "c"),
      edge("p2", "c"),
      edge("c", "g"),
    ]);
    expect(shape(t)).toEqual([{ p1: [{ c: ["g"] }] }, { p2: [{ c: ["g"] }] }]);
  });

  it("gives every position a unique key, even for repeated nodes", () => {
    const t = buildAlignmentTree(objs("p1", "p2", "c", "g"), [
      edge("p1", "c"),
      edge("p2", "c"),
      edge("c", "g"),
    ]);
    const keys = flatten(t).map((e) => e.key);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("counts a duplicated edge only once", () => {
    const t = buildAlignmentTree(objs("a", "b"), [edge("a", "b"), edge("a", "b")]);
    expect(shape(t)).toEqual([{ a: ["b"] }]);
    expect(child(at(t, 0)).otherParents).toEqual([]);
  });
});

describe("buildAlignmentTree — edges outside the set", () => {
  it("ignores an edge whose parent is not in the set (the child becomes a root)", () => {
    const t = buildAlignmentTree(objs("a", "b"), [edge("elsewhere", "b"), edge("a", "x")]);
    expect(shape(t)).toEqual(["a", "b"]);
    expect(at(t, 1).otherParents).toEqual([]);
  });

  it("ignores an edge whose child is not in the set", () => {
    const t = buildAlignmentTree(objs("a"), [edge("a", "missing")]);
    expect(shape(t)).toEqual(["a"]);
  });

  it("does not report an outside parent in otherParents", () => {
    const t = buildAlignmentTree(objs("a", "b"), [edge("a", "b"), edge("outside", "b")]);
    expect(shape(t)).toEqual([{ a: ["b"] }]);
    expect(child(at(t, 0)).otherParents).toEqual([]);
  });

  it("ignores an edge with neither end in the set", () => {
    const t = buildAlignmentTree(objs("a"), [edge("x", "y")]);
    expect(shape(t)).toEqual(["a"]);
  });
});

describe("buildAlignmentTree — cycles", () => {
  it("terminates on A→B→A and shows both nodes", () => {
    const t = buildAlignmentTree(objs("a", "b"), [edge("a", "b"), edge("b", "a")]);
    // Neither has a parent-free position; the first in node order becomes a root.
    expect(shape(t)).toEqual([{ a: ["b"] }]);
    expect(at(t, 0).otherParents.map((p) => p.id)).toEqual(["b"]);
  });

  it("picks the cycle's root by node order", () => {
    const t = buildAlignmentTree(objs("b", "a"), [edge("a", "b"), edge("b", "a")]);
    expect(shape(t)).toEqual([{ b: ["a"] }]);
  });

  it("ignores a self-edge", () => {
    const t = buildAlignmentTree(objs("a"), [edge("a", "a")]);
    expect(shape(t)).toEqual(["a"]);
    expect(at(t, 0).otherParents).toEqual([]);
  });

  it("ignores a self-edge on a node that also has a real parent", () => {
    const t = buildAlignmentTree(objs("a", "b"), [edge("b", "b"), edge("a", "b")]);
    expect(shape(t)).toEqual([{ a: ["b"] }]);
    expect(child(at(t, 0)).otherParents).toEqual([]);
  });

  it("terminates on a longer cycle and keeps nodes hanging off it", () => {
    const t = buildAlignmentTree(objs("a", "b", "c", "d"), [
      edge("a", "b"),
      edge("b", "c"),
      edge("c", "a"),
      edge("c", "d"),
    ]);
    expect(shape(t)).toEqual([{ a: [{ b: [{ c: ["d"] }] }] }]);
  });

  it("never places a node under itself when a cycle hangs below a real root", () => {
    const t = buildAlignmentTree(objs("r", "a", "b"), [edge("r", "a"), edge("a", "b"), edge("b", "a")]);
    expect(shape(t)).toEqual([{ r: [{ a: ["b"] }] }]);
    // a also supports b (the back edge of the cycle).
    expect(child(at(t, 0)).otherParents.map((p) => p.id)).toEqual(["b"]);
    for (const e of flatten(t)) expect(e.key.split("/").slice(1, -1)).not.toContain(e.node.id);
  });

  it("terminates on a mix of cycles and self-edges and every node appears", () => {
    const nodes = objs("a", "b", "c", "d", "e");
    const t = buildAlignmentTree(nodes, [
      edge("a", "b"),
      edge("b", "a"),
      edge("c", "c"),
      edge("d", "e"),
      edge("e", "d"),
      edge("e", "e"),
    ]);
    // c (only a self-edge) is an ordinary root; the roots freed from a cycle come after it.
    expect(shape(t)).toEqual(["c", { a: ["b"] }, { d: ["e"] }]);
    const seen = new Set(flatten(t).map((e) => e.node.id));
    expect([...seen].sort()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("terminates on any random graph, shows every node, never under itself, with unique keys", () => {
    const graph = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n + 1 }), fc.integer({ min: 0, max: n + 1 })), {
          maxLength: 20,
        }),
      }),
    );
    fc.assert(
      fc.property(graph, ({ n, edges }) => {
        const nodes = Array.from({ length: n }, (_, i) => obj(`n${i}`));
        // Indices n and n+1 are outside the set.
        const t = buildAlignmentTree(
          nodes,
          edges.map(([p, c]) => edge(`n${p}`, `n${c}`)),
        );
        const all = flatten(t);
        expect(new Set(all.map((e) => e.node.id))).toEqual(new Set(nodes.map((x) => x.id)));
        expect(new Set(all.map((e) => e.key)).size).toBe(all.length);
        const check = (entries: readonly TreeEntry<Obj>[], ancestors: Set<string>) => {
          for (const e of entries) {
            expect(ancestors.has(e.node.id)).toBe(false);
            expect(e.parent?.id ?? null).toBe([...ancestors].pop() ?? null);
            check(e.children, new Set(ancestors).add(e.node.id));
          }
        };
        check(t, new Set());
      }),
    );
  });
});

describe("buildAlignmentTree — cross-department", () => {
  const cross = (parentDept: string | null, childDept: string | null) =>
    child(at(buildAlignmentTree([obj("p", parentDept), obj("c", childDept)], [edge("p", "c")]), 0))
      .crossDepartment;

  it("flags a child whose department differs from its parent's", () => {
    expect(cross("sales", "eng")).toBe(true);
  });

  it("does not flag a child in the same department", () => {
    expect(cross("eng", "eng")).toBe(false);
  });

  it("does not flag when either side has no department", () => {
    expect(cross(null, "eng")).toBe(false);
    expect(cross("eng", null)).toBe(false);
    expect(cross(null, null)).toBe(false);
  });

  it("never flags a root", () => {
    const t = buildAlignmentTree([obj("a", "eng"), obj("b", "sales")], []);
    expect(t.map((e) => e.crossDepartment)).toEqual([false, false]);
  });

  it("is judged per position for a child with several parents", () => {
    const t = buildAlignmentTree(
      [obj("p1", "eng"), obj("p2", "sales"), obj("c", "eng")],
      [edge("p1", "c"), edge("p2", "c")],
    );
    expect(t.map((r) => child(r).crossDepartment)).toEqual([false, true]);
  });
});

describe("buildAlignmentTree — ordering", () => {
  it("orders roots and children by the order of the input nodes, not of the edges", () => {
    const t = buildAlignmentTree(objs("z", "y", "c3", "c1", "c2"), [
      edge("y", "c2"),
      edge("z", "c2"),
      edge("z", "c1"),
      edge("z", "c3"),
    ]);
    expect(shape(t)).toEqual([{ z: ["c3", "c1", "c2"] }, { y: ["c2"] }]);
  });

  it("puts roots freed from a cycle after the ordinary roots", () => {
    const t = buildAlignmentTree(objs("a", "b", "r"), [edge("a", "b"), edge("b", "a")]);
    expect(ids(t)).toEqual(["r", "a"]);
  });

  it("is deterministic: same input, same output; shuffled edges, same output", () => {
    const nodes = objs("a", "b", "c", "d", "e");
    const edges = [edge("a", "c"), edge("b", "c"), edge("c", "d"), edge("a", "e"), edge("e", "d")];
    const first = buildAlignmentTree(nodes, edges);
    expect(buildAlignmentTree(nodes, edges)).toEqual(first);
    expect(buildAlignmentTree(nodes, [...edges].reverse())).toEqual(first);
  });

  it("builds keys from the path of ids", () => {
    const t = buildAlignmentTree(objs("a", "b", "c"), [edge("a", "b"), edge("b", "c")]);
    expect(flatten(t).map((e) => e.key)).toEqual(["/a", "/a/b", "/a/b/c"]);
  });

  it("does not mutate its inputs", () => {
    const nodes = objs("b", "a");
    const edges = [edge("b", "a"), edge("a", "b"), edge("a", "a")];
    const nodesCopy = structuredClone(nodes);
    const edgesCopy = structuredClone(edges);
    buildAlignmentTree(nodes, edges);
    expect(nodes).toEqual(nodesCopy);
    expect(edges).toEqual(edgesCopy);
  });
});

describe("branchKeys", () => {
  it("returns nothing for a forest of leaves", () => {
    expect(branchKeys(buildAlignmentTree(objs("a", "b"), []))).toEqual([]);
    expect(branchKeys<Obj>([])).toEqual([]);
  });

  it("returns the keys of every entry with children, depth first", () => {
    const t = buildAlignmentTree(objs("p1", "p2", "c", "g", "lone"), [
      edge("p1", "c"),
      edge("p2", "c"),
      edge("c", "g"),
    ]);
    expect(branchKeys(t)).toEqual(["/p1", "/p1/c", "/p2", "/p2/c"]);
  });

  it("appends to the array it is given", () => {
    const out = ["existing"];
    const t = buildAlignmentTree(objs("a", "b"), [edge("a", "b")]);
    expect(branchKeys(t, out)).toBe(out);
    expect(out).toEqual(["existing", "/a"]);
  });
});
