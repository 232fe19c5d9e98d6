"use client";

import { createContext, useContext } from "react";
import { can, type Permission, type Role } from "@/server/rbac/permissions";

export interface OrgInfo {
  slug: string;
  name: string;
  role: Role;
}

const Ctx = createContext<OrgInfo | null>(null);
export const OrgProvider = Ctx.Provider;

export function useOrg(): OrgInfo {
  const v = useContext(Ctx);
  if (!v) throw new Error("useOrg outside OrgProvider");
  return v;
}

/** Hides controls a role cannot use; the server still decides. */
export function useCan(permission: Permission): boolean {
  return can(useOrg().role, permission);
}
