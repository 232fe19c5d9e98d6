import { z } from "zod";
import { AppError } from "../errors";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../api/trpc";
import * as service from "./service";
import { listSessions, revokeAllSessions, revokeSession } from "./sessions";
import { ZChangePasswordInput, ZSignUpInput, ZUpdateProfileInput } from "./schema";

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(ZSignUpInput).mutation(({ ctx, input }) => service.signUp(ctx.db, input)),
  me: authedProcedure.query(({ ctx }) => ctx.user),
  updateProfile: authedProcedure
    .input(ZUpdateProfileInput)
    .mutation(({ ctx, input }) => service.updateProfile(ctx.db, ctx.user.id, input)),
  changePassword: authedProcedure
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => service.changePassword(ctx.db, ctx.user.id, input)),
  signOutEverywhere: authedProcedure
    .input(z.object({}).optional())
    .mutation(async ({ ctx }) => {
      await ctx.db.transaction(async (tx) => {
        await service.signOutEverywhere(tx, ctx.user.id);
        await revokeAllSessions(tx, ctx.user.id);
      });
      return { ok: true as const };
    }),
  /** The caller's signed-in browsers and devices (the one asking is marked current). */
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.db, ctx.user.id, ctx.session?.sid)),
  /** Ends one session of the caller's on the server; another person's session is NOT_FOUND. */
  revokeSession: authedProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeSession(ctx.db, ctx.user.id, input.sessionId))) {
        throw new AppError("NOT_FOUND", "e.notFound|what=session");
      }
      return { ok: true as const, current: input.sessionId === ctx.session?.sid };
    }),
});
