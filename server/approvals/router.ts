import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as admin from "./admin";
import * as engine from "./engine";
import * as queries from "./queries";
import {
  ZCommentInput,
  ZDecideInput,
  ZDelegateInput,
  ZDelegationIdInput,
  ZInboxInput,
  ZRequestApprovalInput,
  ZRequestIdInput,
  ZSettingsInput,
} from "./schema";

export const approvalRouter = createTRPCRouter({
  inbox: orgProcedure("approval.read")
    .input(ZInboxInput)
    .query(({ ctx, input }) => queries.inbox(ctx.db, ctx.actor, input)),
  counts: orgProcedure("approval.read").query(({ ctx }) => queries.waitingCount(ctx.db, ctx.actor)),
  get: orgProcedure("approval.read")
    .input(ZRequestIdInput)
    .query(({ ctx, input }) => queries.getRequest(ctx.db, ctx.actor, input.requestId)),
  request: orgProcedure("approval.request")
    .input(ZRequestApprovalInput)
    .mutation(({ ctx, input }) => engine.requestApproval(ctx.db, ctx.actor, input)),
  decide: orgProcedure("approval.decide")
    .input(ZDecideInput)
    .mutation(({ ctx, input }) => engine.decide(ctx.db, ctx.actor, input)),
  cancel: orgProcedure("approval.request")
    .input(ZRequestIdInput)
    .mutation(({ ctx, input }) => engine.cancelRequest(ctx.db, ctx.actor, input.requestId)),
  comment: orgProcedure("approval.read")
    .input(ZCommentInput)
    .mutation(({ ctx, input }) => engine.addComment(ctx.db, ctx.actor, input)),
  delegations: orgProcedure("approval.read").query(({ ctx }) => queries.listDelegations(ctx.db, ctx.actor)),
  delegate: orgProcedure("approval.delegate")
    .input(ZDelegateInput)
    .mutation(({ ctx, input }) => admin.delegate(ctx.db, ctx.actor, input)),
  revokeDelegation: orgProcedure("approval.delegate")
    .input(ZDelegationIdInput)
    .mutation(({ ctx, input }) => admin.revokeDelegation(ctx.db, ctx.actor, input.delegationId)),
  settings: orgProcedure("approval.read").query(({ ctx }) => admin.getSettings(ctx.db, ctx.actor)),
  updateSettings: orgProcedure("approval.settings")
    .input(ZSettingsInput)
    .mutation(({ ctx, input }) => admin.updateSettings(ctx.db, ctx.actor, input)),
});
