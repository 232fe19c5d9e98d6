import { describe, expect, it } from "vitest";
import {
  assignableRoles,
  can,
  isPermission,
  PERMISSION_NAMES,
  PERMISSIONS,
  ROLES,
  scopeOf,
  type Permission,
  type Role,
  type ScopeActor,
} from "@/server/rbac/permissions";

/**
 * The expected permission table, written out by hand. A change to server/rbac/permissions.ts must be
 * mirrored here on purpose: the scope a role holds each permission with, or null when it does not.
 */
const EXPECTED: Record<Permission, Record<Role, "org" | "department" | "own" | null>> = {
  "org.read": { owner: "org", admin: "org", manager: "org", member: "org", viewer: "org" },
  "org.update": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "org.delete": { owner: "org", admin: null, manager: null, member: null, viewer: null },
  "member.read": { owner: "org", admin: "org", manager: "org", member: "org", viewer: "org" },
  "member.invite": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "member.update": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "member.remove": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "department.read": { owner: "org", admin: "org", manager: "org", member: "org", viewer: "org" },
  "department.create": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "department.update": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "department.delete": { owner: "org", admin: "org", manager: null, member: null, viewer: null },
  "audit.read": { owner: "org", admin: "org", manager: "org", member: null, viewer: null },
};

const DEPT_X = "00000000-0000-4000-8000-000000000001";
const DEPT_Y = "00000000-0000-4000-8000-000000000002";
const ME = "10000000-0000-4000-8000-000000000001";
const SOMEONE = "10000000-0000-4000-8000-000000000002";

function actor(role: Role, over: Partial<ScopeActor> = {}): ScopeActor {
  return { userId: ME, role, departmentIds: [DEPT_X], managedDepartmentIds: [], ...over };
}

describe("the permission table", () => {
  it("has exactly the roles owner, admin, manager, member, viewer", () => {
    expect([...ROLES]).toEqual(["owner", "admin", "manager", "member", "viewer"]);
  });

  it("has exactly the permissions of the expected table (no more, no fewer)", () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = PERMISSION_NAMES.flatMap((p) => ROLES.map((r) => [r, p] as const));
  it.each(cases)("can(%s, %s) matches the expected table", (role, permission) => {
    const expected = EXPECTED[permission][role];
    expect(can(role, permission)).toBe(expected !== null);
    expect(scopeOf(role, permission)).toBe(expected);
  });

  it("counts: every permission is held by the owner; viewers only read", () => {
    for (const p of PERMISSION_NAMES) expect(can("owner", p), p).toBe(true);
    const viewerPerms = PERMISSION_NAMES.filter((p) => can("viewer", p));
    expect(viewerPerms.sort()).toEqual(["department.read", "member.read", "org.read"]);
    const memberPerms = PERMISSION_NAMES.filter((p) => can("member", p));
    expect(memberPerms.sort()).toEqual(["department.read", "member.read", "org.read"]);
    const managerPerms = PERMISSION_NAMES.filter((p) => can("manager", p));
    expect(managerPerms.sort()).toEqual(["audit.read", "department.read", "member.read", "org.read"]);
    const adminMissing = PERMISSION_NAMES.filter((p) => !can("admin", p));
    expect(adminMissing).toEqual(["org.delete"]);
  });

  it("isPermission accepts table keys only (not open permissions, not prototype keys)", () => {
    for (const p of PERMISSION_NAMES) expect(isPermission(p)).toBe(true);
    for (const p of ["public", "authenticated", "toString", "constructor", "__proto__", "org", "org.read ", ""]) {
      expect(isPermission(p), p).toBe(false);
    }
  });
});

describe("scopeOf", () => {
  it("returns null for every role the permission is not granted to", () => {
    expect(scopeOf("admin", "org.delete")).toBeNull();
    expect(scopeOf("manager", "org.update")).toBeNull();
    expect(scopeOf("member", "audit.read")).toBeNull();
    expect(scopeOf("viewer", "member.invite")).toBeNull();
    for (const p of PERMISSION_NAMES) {
      for (const r of ROLES) {
        if (EXPECTED[p][r] === null) expect(scopeOf(r, p), `${r} ${p}`).toBeNull();
      }
    }
  });

  it("only uses the known scopes", () => {
    for (const p of PERMISSION_NAMES) {
      for (const r of ROLES) expect([null, "org", "department", "own"]).toContain(scopeOf(r, p));
    }
  });
});

describe("can(actor, permission, subject)", () => {
  const subjects = [
    {},
    { departmentId: DEPT_X },
    { departmentId: DEPT_Y },
    { departmentId: null, ownerId: null },
    { ownerId: ME },
    { ownerId: SOMEONE, departmentId: DEPT_Y },
  ];

  it("org scope: any subject in the org, whatever its department or owner", () => {
    for (const p of PERMISSION_NAMES) {
      for (const r of ROLES) {
        if (scopeOf(r, p) !== "org") continue;
        for (const s of subjects) {
          expect(can(actor(r), p, s), `${r} ${p} ${JSON.stringify(s)}`).toBe(true);
          expect(can(actor(r, { departmentIds: [], managedDepartmentIds: [] }), p, s)).toBe(true);
        }
      }
    }
  });

  it("without the permission: never, whatever the subject (even the actor's own, in their department)", () => {
    for (const p of PERMISSION_NAMES) {
      for (const r of ROLES) {
        if (scopeOf(r, p) !== null) continue;
        const a = actor(r, { departmentIds: [DEPT_X], managedDepartmentIds: [DEPT_X] });
        for (const s of [...subjects, { departmentId: DEPT_X, ownerId: ME }]) {
          expect(can(a, p, s), `${r} ${p} ${JSON.stringify(s)}`).toBe(false);
        }
      }
    }
  });

  it("with an actor but no subject, behaves like can(role, permission)", () => {
    for (const p of PERMISSION_NAMES) {
      for (const r of ROLES) {
        expect(can(actor(r), p, undefined as never)).toBe(can(r, p));
      }
    }
  });
});

/**
 * The current table grants only org scope, so the department and own branches of can() are exercised
 * by temporarily swapping one entry of the (runtime-mutable) PERMISSIONS object for a synthetic grant,
 * and restoring it afterwards. This runs the real scopeOf()/can() code paths.
 */
describe("department and own scopes (synthetic grants)", () => {
  type Grant = Partial<Record<Role, "org" | "department" | "own">>;
  const P: Permission = "audit.read";
  function withGrant(grant: Grant, fn: () => void) {
    const table = PERMISSIONS as unknown as Record<string, Grant>;
    const saved = table[P];
    table[P] = grant;
    try {
      fn();
    } finally {
      table[P] = saved!;
    }
  }

  it("the swap is visible to scopeOf and restored afterwards", () => {
    withGrant({ member: "department", viewer: "own" }, () => {
      expect(scopeOf("member", P)).toBe("department");
      expect(scopeOf("viewer", P)).toBe("own");
      expect(scopeOf("owner", P)).toBeNull();
      expect(can("owner", P)).toBe(false);
      // can(role, permission) only asks whether the role holds the permission at all.
      expect(can("member", P)).toBe(true);
      expect(can("viewer", P)).toBe(true);
    });
    expect(scopeOf("owner", P)).toBe("org");
    expect(scopeOf("member", P)).toBeNull();
  });

  it("department scope, non-manager: subjects in a department the actor belongs to, or that the actor owns", () => {
    withGrant({ member: "department" }, () => {
      const a = actor("member", { departmentIds: [DEPT_X], managedDepartmentIds: [] });
      expect(can(a, P, { departmentId: DEPT_X })).toBe(true);
      expect(can(a, P, { departmentId: DEPT_Y })).toBe(false);
      expect(can(a, P, { departmentId: null })).toBe(false);
      expect(can(a, P, {})).toBe(false);
      expect(can(a, P, { departmentId: DEPT_Y, ownerId: ME })).toBe(true);
      expect(can(a, P, { departmentId: DEPT_Y, ownerId: SOMEONE })).toBe(false);
      expect(can(a, P, { ownerId: ME })).toBe(true);
      // an actor with no departments only reaches what they own
      const lone = actor("member", { departmentIds: [], managedDepartmentIds: [] });
      expect(can(lone, P, { departmentId: DEPT_X })).toBe(false);
      expect(can(lone, P, { ownerId: ME })).toBe(true);
    });
  });

  it("department scope, manager: only departments the manager manages (membership alone is not enough)", () => {
    withGrant({ manager: "department" }, () => {
      const m = actor("manager", { departmentIds: [DEPT_X, DEPT_Y], managedDepartmentIds: [DEPT_Y] });
      expect(can(m, P, { departmentId: DEPT_Y })).toBe(true);
      expect(can(m, P, { departmentId: DEPT_X })).toBe(false);
      expect(can(m, P, { departmentId: DEPT_X, ownerId: ME })).toBe(true);
      expect(can(m, P, {})).toBe(false);
    });
  });

  it("own scope: only subjects the actor owns, whatever the department", () => {
    withGrant({ viewer: "own" }, () => {
      const v = actor("viewer", { departmentIds: [DEPT_X], managedDepartmentIds: [DEPT_X] });
      expect(can(v, P, { ownerId: ME })).toBe(true);
      expect(can(v, P, { ownerId: ME, departmentId: DEPT_Y })).toBe(true);
      expect(can(v, P, { ownerId: SOMEONE })).toBe(false);
      expect(can(v, P, { departmentId: DEPT_X })).toBe(false);
      expect(can(v, P, { ownerId: null })).toBe(false);
      expect(can(v, P, {})).toBe(false);
    });
  });

  it("an empty or null owner/department never matches an actor (no accidental wildcard)", () => {
    withGrant({ member: "department", viewer: "own" }, () => {
      const m = actor("member", { userId: "", departmentIds: [""], managedDepartmentIds: [] });
      expect(can(m, P, { departmentId: "", ownerId: "" })).toBe(false);
      const v = actor("viewer", { userId: "" });
      expect(can(v, P, { ownerId: "" })).toBe(false);
    });
  });

  it("a role missing from the grant is refused whatever the subject", () => {
    withGrant({ member: "department" }, () => {
      for (const r of ["owner", "admin", "manager", "viewer"] as const) {
        const a = actor(r, { departmentIds: [DEPT_X], managedDepartmentIds: [DEPT_X] });
        expect(can(a, P, { departmentId: DEPT_X, ownerId: ME })).toBe(false);
        expect(scopeOf(r, P)).toBeNull();
      }
    });
  });
});

describe("assignableRoles", () => {
  it("owners assign every role, admins every role but owner, others none", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "manager", "member", "viewer"]);
    expect(assignableRoles("admin")).toEqual(["admin", "manager", "member", "viewer"]);
    expect(assignableRoles("manager")).toEqual([]);
    expect(assignableRoles("member")).toEqual([]);
    expect(assignableRoles("viewer")).toEqual([]);
  });

  it("returns a fresh array (callers cannot mutate ROLES through it)", () => {
    const r = assignableRoles("owner");
    r.pop();
    expect(assignableRoles("owner")).toHaveLength(5);
    expect(ROLES).toHaveLength(5);
  });

  it("no role can assign a role it could not otherwise manage: assignable roles imply member.update", () => {
    for (const r of ROLES) {
      if (assignableRoles(r).length) expect(can(r, "member.update")).toBe(true);
    }
  });
});
