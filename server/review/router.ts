import { createTRPCRouter, orgProcedure } from "../api/trpc";
import { reviewMarkdown } from "./markdown";
import { getReview } from "./queries";
import { ZPrefillInput, ZReviewInput } from "./schema";
import { prefillPreview, prefillRetro } from "./service";

export const reviewRouter = createTRPCRouter({
  get: orgProcedure("period.read")
    .input(ZReviewInput)
    .query(({ ctx, input }) => getReview(ctx.db, ctx.actor, input.periodId)),
  /** The review as Markdown, headings in the caller's language. */
  markdown: orgProcedure("period.read")
    .input(ZReviewInput)
    .query(async ({ ctx, input }) => {
      const review = await getReview(ctx.db, ctx.actor, input.periodId);
      const slug = review.period.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "period";
      return { markdown: reviewMarkdown(review, ctx.locale ?? "en"), filename: `review-${slug}.md` };
    }),
  prefillPreview: orgProcedure("retro.read")
    .input(ZPrefillInput)
    .query(({ ctx, input }) => prefillPreview(ctx.db, ctx.actor, input, ctx.locale ?? "en")),
  // Facilitators' work: the service checks the actor may facilitate this retro.
  prefillRetro: orgProcedure("retro.participate")
    .input(ZPrefillInput)
    .mutation(({ ctx, input }) => prefillRetro(ctx.db, ctx.actor, input, ctx.locale ?? "en")),
});
