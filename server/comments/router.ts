import { createTRPCRouter, orgProcedure } from "../api/trpc";
import { ZAddCommentInput, ZCommentIdInput, ZCommentTarget, ZUpdateCommentInput } from "./schema";
import * as service from "./service";

export const commentRouter = createTRPCRouter({
  list: orgProcedure("comment.read")
    .input(ZCommentTarget)
    .query(({ ctx, input }) => service.listComments(ctx.db, ctx.actor, input)),
  add: orgProcedure("comment.write")
    .input(ZAddCommentInput)
    .mutation(({ ctx, input }) => service.addComment(ctx.db, ctx.actor, input)),
  update: orgProcedure("comment.write")
    .input(ZUpdateCommentInput)
    .mutation(({ ctx, input }) => service.updateComment(ctx.db, ctx.actor, input)),
  delete: orgProcedure("comment.write")
    .input(ZCommentIdInput)
    .mutation(({ ctx, input }) => service.deleteComment(ctx.db, ctx.actor, input.commentId)),
});
