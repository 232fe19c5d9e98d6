import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as queries from "./queries";
import * as service from "./service";
import {
  ZActionIdInput,
  ZAddActionInput,
  ZAddCardInput,
  ZCardIdInput,
  ZConvertActionInput,
  ZCreateRetroInput,
  ZGetRetroInput,
  ZGroupCardInput,
  ZListRetrosInput,
  ZRetroIdInput,
  ZSetPhaseInput,
  ZTemplateIdInput,
  ZTemplateInput,
  ZTimerInput,
  ZUpdateActionInput,
  ZUpdateCardInput,
  ZUpdateGroupInput,
  ZUpdateRetroInput,
  ZVoteInput,
} from "./schema";

export const retroRouter = createTRPCRouter({
  list: orgProcedure("retro.read")
    .input(ZListRetrosInput)
    .query(({ ctx, input }) => queries.listRetros(ctx.db, ctx.actor, input)),
  // The live board polls and records presence: always the primary, never a lagging replica.
  get: orgProcedure("retro.read")
    .meta({ primary: true })
    .input(ZGetRetroInput)
    .query(({ ctx, input }) => queries.getRetro(ctx.db, ctx.actor, input.retroId, input.since)),
  inputs: orgProcedure("retro.read")
    .input(ZRetroIdInput)
    .query(({ ctx, input }) => queries.retroInputs(ctx.db, ctx.actor, input.retroId)),
  export: orgProcedure("retro.read")
    .meta({ primary: true })
    .input(ZRetroIdInput)
    .query(({ ctx, input }) => queries.exportRetro(ctx.db, ctx.actor, input.retroId)),
  templates: orgProcedure("retro.read").query(({ ctx }) => queries.listTemplates(ctx.db, ctx.actor)),

  create: orgProcedure("retro.create")
    .input(ZCreateRetroInput)
    .mutation(({ ctx, input }) => service.createRetro(ctx.db, ctx.actor, input)),
  update: orgProcedure("retro.participate")
    .input(ZUpdateRetroInput)
    .mutation(({ ctx, input }) => service.updateRetro(ctx.db, ctx.actor, input)),
  delete: orgProcedure("retro.delete")
    .input(ZRetroIdInput)
    .mutation(({ ctx, input }) => service.deleteRetro(ctx.db, ctx.actor, input.retroId)),
  setPhase: orgProcedure("retro.participate")
    .input(ZSetPhaseInput)
    .mutation(({ ctx, input }) => service.setPhase(ctx.db, ctx.actor, input)),
  reveal: orgProcedure("retro.participate")
    .input(ZRetroIdInput)
    .mutation(({ ctx, input }) => service.reveal(ctx.db, ctx.actor, input.retroId)),
  setTimer: orgProcedure("retro.participate")
    .input(ZTimerInput)
    .mutation(({ ctx, input }) => service.setTimer(ctx.db, ctx.actor, input)),
  addCard: orgProcedure("retro.participate")
    .input(ZAddCardInput)
    .mutation(({ ctx, input }) => service.addCard(ctx.db, ctx.actor, input)),
  updateCard: orgProcedure("retro.participate")
    .input(ZUpdateCardInput)
    .mutation(({ ctx, input }) => service.updateCard(ctx.db, ctx.actor, input)),
  deleteCard: orgProcedure("retro.participate")
    .input(ZCardIdInput)
    .mutation(({ ctx, input }) => service.deleteCard(ctx.db, ctx.actor, input.cardId)),
  groupCard: orgProcedure("retro.participate")
    .input(ZGroupCardInput)
    .mutation(({ ctx, input }) => service.groupCard(ctx.db, ctx.actor, input)),
  updateGroup: orgProcedure("retro.participate")
    .input(ZUpdateGroupInput)
    .mutation(({ ctx, input }) => service.updateGroup(ctx.db, ctx.actor, input)),
  vote: orgProcedure("retro.participate")
    .input(ZVoteInput)
    .mutation(({ ctx, input }) => service.vote(ctx.db, ctx.actor, input.groupId)),
  unvote: orgProcedure("retro.participate")
    .input(ZVoteInput)
    .mutation(({ ctx, input }) => service.unvote(ctx.db, ctx.actor, input.groupId)),
  addAction: orgProcedure("retro.participate")
    .input(ZAddActionInput)
    .mutation(({ ctx, input }) => service.addAction(ctx.db, ctx.actor, input)),
  updateAction: orgProcedure("retro.participate")
    .input(ZUpdateActionInput)
    .mutation(({ ctx, input }) => service.updateAction(ctx.db, ctx.actor, input)),
  deleteAction: orgProcedure("retro.participate")
    .input(ZActionIdInput)
    .mutation(({ ctx, input }) => service.deleteAction(ctx.db, ctx.actor, input.actionId)),
  convertAction: orgProcedure("retro.participate")
    .input(ZConvertActionInput)
    .mutation(({ ctx, input }) => service.convertAction(ctx.db, ctx.actor, input)),
  createTemplate: orgProcedure("retro.settings")
    .input(ZTemplateInput)
    .mutation(({ ctx, input }) => service.createTemplate(ctx.db, ctx.actor, input)),
  deleteTemplate: orgProcedure("retro.settings")
    .input(ZTemplateIdInput)
    .mutation(({ ctx, input }) => service.deleteTemplate(ctx.db, ctx.actor, input.templateId)),
});
