import { z } from "../validation";
import { ROLES } from "../rbac/permissions";
import { ZEmail } from "../auth/schema";

export const ZRole = z.enum(ROLES);
export const ZId = z.string().uuid();
export const ZVersion = z.number().int().min(1).max(2_147_483_647);

const RESERVED_SLUGS = new Set([
  "api", "sign-in", "sign-up", "sign-out", "invite", "onboarding", "account", "orgs", "new", "settings",
  "admin", "_next", "static", "public", "health",
]);

export const ZSlug = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "v.slugFormat")
  .refine((s) => !RESERVED_SLUGS.has(s), "v.slugReserved");

export const ZOrgName = z.string().trim().min(2).max(80);

export const ZCreateOrgInput = z.object({ name: ZOrgName, slug: ZSlug });
export type TCreateOrgInput = z.infer<typeof ZCreateOrgInput>;

export const ZUpdateOrgInput = z.object({ name: ZOrgName, version: ZVersion });

export const ZListMembersInput = z.object({
  search: z.string().trim().max(100).optional(),
  departmentId: ZId.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const ZUpdateMemberRoleInput = z.object({ membershipId: ZId, role: ZRole, version: ZVersion });
export const ZRemoveMemberInput = z.object({ membershipId: ZId });
export const ZSetMemberDepartmentsInput = z.object({
  membershipId: ZId,
  version: ZVersion,
  departments: z
    .array(z.object({ departmentId: ZId, isManager: z.boolean() }))
    .max(50),
});

export const ZDepartmentName = z
  .string()
  .trim()
  .min(1)
  .max(80);
export const ZCreateDepartmentInput = z.object({ name: ZDepartmentName, parentId: ZId.nullable().optional() });
export const ZUpdateDepartmentInput = z.object({
  departmentId: ZId,
  name: ZDepartmentName,
  parentId: ZId.nullable(),
  version: ZVersion,
});
export const ZDeleteDepartmentInput = z.object({ departmentId: ZId, version: ZVersion });

export const ZCreateInvitationInput = z.object({
  email: ZEmail,
  role: ZRole,
  departmentIds: z.array(ZId).max(50).default([]),
});
export const ZInvitationIdInput = z.object({ invitationId: ZId });
export const ZInvitationTokenInput = z.object({ token: z.string().min(20).max(200) });

export const ZListActivityInput = z.object({
  actorId: ZId.optional(),
  entityType: z.string().max(50).optional(),
  from: z.coerce.date().min(new Date("1970-01-01T00:00:00Z")).max(new Date("9999-12-31T23:59:59Z")).optional(),
  to: z.coerce.date().min(new Date("1970-01-01T00:00:00Z")).max(new Date("9999-12-31T23:59:59Z")).optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
