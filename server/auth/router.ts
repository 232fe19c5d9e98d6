import { z } from "zod";
import { AppError } from "../errors";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../api/trpc";
import * as service from "./service";
import { listSessions, revokeAllSessions, revokeSession } from "./sessions";
import { ZChangePasswordInput, ZConfirmEmailChangeInput, ZRequestEmailChangeInput, ZRequestPasswordResetInput, ZResetPasswordInput, ZSignUpInput, ZUpdateProfileInput } from "./schema";
import { confirmEmailChange, requestEmailChange } from "./email-change";
import { requestPasswordReset, resetPassword } from "./password-reset";

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
  /** Re-authenticates with the current password and mails a confirmation link to the new address. */
  requestEmailChange: authedProcedure
    .input(ZRequestEmailChangeInput)
    .mutation(({ ctx, input }) =>
      requestEmailChange(ctx.db, ctx.user.id, input, { mailer: ctx.mailer, baseUrl: ctx.baseUrl ?? "", locale: ctx.locale ?? "en", requestId: ctx.requestId }),
    ),
  /** Opened from the emailed link (signed in or not): the token alone proves the new address. */
  confirmEmailChange: publicProcedure
    .input(ZConfirmEmailChangeInput)
    .mutation(({ ctx, input }) => confirmEmailChange(ctx.db, input.token, { mailer: ctx.mailer, locale: ctx.locale ?? "en", requestId: ctx.requestId })),
  /** "Forgot password": mails a one-use link if the address has an account; the same answer either way. */
  requestPasswordReset: publicProcedure
    .input(ZRequestPasswordResetInput)
    .mutation(({ ctx, input }) =>
      requestPasswordReset(ctx.db, input.email, { mailer: ctx.mailer, baseUrl: ctx.baseUrl ?? "", locale: ctx.locale ?? "en", requestId: ctx.requestId }),
    ),
  /** Sets a new password with a reset link's token; ends every session of the account. */
  resetPassword: publicProcedure
    .input(ZResetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input.token, input.newPassword)),
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
