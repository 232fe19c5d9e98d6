import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as queries from "./queries";
import * as service from "./service";
import {
  ZAddFeedbackInput,
  ZCheckItemInput,
  ZCreateCriterionInput,
  ZCreateProductInput,
  ZCreateStageInput,
  ZCriterionIdInput,
  ZFeedbackIdInput,
  ZListProductsInput,
  ZMoveBackInput,
  ZProductIdInput,
  ZRemoveStageInput,
  ZRenameStageInput,
  ZReorderStagesInput,
  ZRequestAdvanceInput,
  ZRoadmapInput,
  ZSetStagePlansInput,
  ZUpdateCriterionInput,
  ZUpdateFeedbackInput,
  ZUpdateProductInput,
  ZVoteInput,
} from "./schema";

export const productRouter = createTRPCRouter({
  stages: orgProcedure("product.read").query(({ ctx }) => queries.listStages(ctx.db, ctx.actor)),
  list: orgProcedure("product.read")
    .input(ZListProductsInput)
    .query(({ ctx, input }) => queries.listProducts(ctx.db, ctx.actor, input)),
  get: orgProcedure("product.read")
    .input(ZProductIdInput)
    .query(({ ctx, input }) => queries.getProduct(ctx.db, ctx.actor, input.productId)),
  roadmap: orgProcedure("product.read")
    .input(ZRoadmapInput)
    .query(({ ctx, input }) => queries.roadmap(ctx.db, ctx.actor, input)),
  funnel: orgProcedure("product.read").query(({ ctx }) => queries.funnel(ctx.db, ctx.actor)),

  create: orgProcedure("product.create")
    .input(ZCreateProductInput)
    .mutation(({ ctx, input }) => service.createProduct(ctx.db, ctx.actor, input)),
  update: orgProcedure("product.update")
    .input(ZUpdateProductInput)
    .mutation(({ ctx, input }) => service.updateProduct(ctx.db, ctx.actor, input)),
  delete: orgProcedure("product.delete")
    .input(ZProductIdInput)
    .mutation(({ ctx, input }) => service.deleteProduct(ctx.db, ctx.actor, input.productId)),
  advanceStage: orgProcedure("product.update")
    .input(ZRequestAdvanceInput)
    .mutation(({ ctx, input }) => service.requestAdvance(ctx.db, ctx.actor, input)),
  moveBack: orgProcedure("product.update")
    .input(ZMoveBackInput)
    .mutation(({ ctx, input }) => service.moveBack(ctx.db, ctx.actor, input)),
  checkItem: orgProcedure("product.update")
    .input(ZCheckItemInput)
    .mutation(({ ctx, input }) => service.checkItem(ctx.db, ctx.actor, input)),
  setStagePlans: orgProcedure("product.update")
    .input(ZSetStagePlansInput)
    .mutation(({ ctx, input }) => service.setStagePlans(ctx.db, ctx.actor, input)),

  createStage: orgProcedure("product.settings")
    .input(ZCreateStageInput)
    .mutation(({ ctx, input }) => service.createStage(ctx.db, ctx.actor, input)),
  renameStage: orgProcedure("product.settings")
    .input(ZRenameStageInput)
    .mutation(({ ctx, input }) => service.renameStage(ctx.db, ctx.actor, input)),
  reorderStages: orgProcedure("product.settings")
    .input(ZReorderStagesInput)
    .mutation(({ ctx, input }) => service.reorderStages(ctx.db, ctx.actor, input)),
  removeStage: orgProcedure("product.settings")
    .input(ZRemoveStageInput)
    .mutation(({ ctx, input }) => service.removeStage(ctx.db, ctx.actor, input)),
  createCriterion: orgProcedure("product.settings")
    .input(ZCreateCriterionInput)
    .mutation(({ ctx, input }) => service.createCriterion(ctx.db, ctx.actor, input)),
  updateCriterion: orgProcedure("product.settings")
    .input(ZUpdateCriterionInput)
    .mutation(({ ctx, input }) => service.updateCriterion(ctx.db, ctx.actor, input)),
  deleteCriterion: orgProcedure("product.settings")
    .input(ZCriterionIdInput)
    .mutation(({ ctx, input }) => service.deleteCriterion(ctx.db, ctx.actor, input.criterionId)),

  addFeedback: orgProcedure("product.feedback")
    .input(ZAddFeedbackInput)
    .mutation(({ ctx, input }) => service.addFeedback(ctx.db, ctx.actor, input)),
  // Editing feedback: its author, or whoever may update the product (checked in the service).
  updateFeedback: orgProcedure("product.update")
    .input(ZUpdateFeedbackInput)
    .mutation(({ ctx, input }) => service.updateFeedback(ctx.db, ctx.actor, input)),
  deleteFeedback: orgProcedure("product.update")
    .input(ZFeedbackIdInput)
    .mutation(({ ctx, input }) => service.deleteFeedback(ctx.db, ctx.actor, input.feedbackId)),
  vote: orgProcedure("product.feedback")
    .input(ZVoteInput)
    .mutation(({ ctx, input }) => service.voteFeedback(ctx.db, ctx.actor, input)),
});
