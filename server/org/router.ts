import { authedProcedure, createTRPCRouter, orgProcedure, publicProcedure } from "../api/trpc";
import * as invitations from "./invitations";
import * as queries from "./queries";
import * as service from "./service";
import * as backup from "../backup/service";
import { ZImportInput } from "../backup/schema";
import {
  ZCreateDepartmentInput,
  ZCreateInvitationInput,
  ZCreateOrgInput,
  ZDeleteDepartmentInput,
  ZInvitationIdInput,
  ZInvitationTokenInput,
  ZListActivityInput,
  ZListMembersInput,
  ZRemoveMemberInput,
  ZSetMemberDepartmentsInput,
  ZUpdateDepartmentInput,
  ZUpdateMemberRoleInput,
  ZUpdateOrgInput,
} from "./schema";

export const orgRouter = createTRPCRouter({
  listMine: authedProcedure.query(({ ctx }) => queries.listMyOrganizations(ctx.db, ctx.user.id)),
  create: authedProcedure
    .input(ZCreateOrgInput)
    .mutation(({ ctx, input }) => service.createOrganization(ctx.db, ctx.user, input, ctx.requestId)),
  get: orgProcedure("org.read").query(({ ctx }) => queries.getOrganization(ctx.db, ctx.actor)),
  update: orgProcedure("org.update")
    .input(ZUpdateOrgInput)
    .mutation(({ ctx, input }) => service.updateOrganization(ctx.db, ctx.actor, input)),
  /** The whole organisation as a JSON document (no secrets); a mutation because it records who took a copy. */
  export: orgProcedure("org.export").mutation(({ ctx }) => backup.exportOrganizationAudited(ctx.db, ctx.actor)),
  /** Loads an export into this organisation, which must be new and empty. */
  import: orgProcedure("org.import")
    .meta({ permission: "org.import", bulkInput: true })
    .input(ZImportInput)
    .mutation(({ ctx, input }) => backup.importOrganization(ctx.db, ctx.actor, input.document)),
});

export const memberRouter = createTRPCRouter({
  list: orgProcedure("member.read")
    .input(ZListMembersInput)
    .query(({ ctx, input }) => queries.listMembers(ctx.db, ctx.actor, input)),
  updateRole: orgProcedure("member.update")
    .input(ZUpdateMemberRoleInput)
    .mutation(({ ctx, input }) => service.updateMemberRole(ctx.db, ctx.actor, input)),
  setDepartments: orgProcedure("member.update")
    .input(ZSetMemberDepartmentsInput)
    .mutation(({ ctx, input }) => service.setMemberDepartments(ctx.db, ctx.actor, input)),
  remove: orgProcedure("member.remove")
    .input(ZRemoveMemberInput)
    .mutation(({ ctx, input }) => service.removeMember(ctx.db, ctx.actor, input.membershipId)),
});

export const departmentRouter = createTRPCRouter({
  list: orgProcedure("department.read").query(({ ctx }) => queries.listDepartments(ctx.db, ctx.actor)),
  create: orgProcedure("department.create")
    .input(ZCreateDepartmentInput)
    .mutation(({ ctx, input }) => service.createDepartment(ctx.db, ctx.actor, input)),
  update: orgProcedure("department.update")
    .input(ZUpdateDepartmentInput)
    .mutation(({ ctx, input }) => service.updateDepartment(ctx.db, ctx.actor, input)),
  delete: orgProcedure("department.delete")
    .input(ZDeleteDepartmentInput)
    .mutation(({ ctx, input }) => service.deleteDepartment(ctx.db, ctx.actor, input)),
});

export const invitationRouter = createTRPCRouter({
  list: orgProcedure("member.invite").query(({ ctx }) => queries.listPendingInvitations(ctx.db, ctx.actor)),
  create: orgProcedure("member.invite")
    .meta({ onceSecret: true })
    .input(ZCreateInvitationInput)
    .mutation(async ({ ctx, input }) => {
      const inv = await invitations.createInvitation(ctx.db, ctx.actor, input);
      const emailed = await invitations.emailInvitation(ctx.mailer, inv, {
        orgName: ctx.actor.orgName,
        inviterName: ctx.user.name,
        baseUrl: ctx.baseUrl ?? "",
        requestId: ctx.requestId,
      });
      return { ...inv, emailed };
    }),
  revoke: orgProcedure("member.invite")
    .input(ZInvitationIdInput)
    .mutation(({ ctx, input }) => invitations.revokeInvitation(ctx.db, ctx.actor, input.invitationId)),
  preview: publicProcedure
    .input(ZInvitationTokenInput)
    .query(({ ctx, input }) => invitations.previewInvitation(ctx.db, input.token)),
  accept: authedProcedure
    .input(ZInvitationTokenInput)
    .mutation(({ ctx, input }) => invitations.acceptInvitation(ctx.db, ctx.user, input.token, ctx.requestId)),
});

export const activityRouter = createTRPCRouter({
  list: orgProcedure("audit.read")
    .input(ZListActivityInput)
    .query(({ ctx, input }) => queries.listActivity(ctx.db, ctx.actor, input)),
});
