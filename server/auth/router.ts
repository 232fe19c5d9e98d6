import { z } from "zod";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../api/trpc";
import * as service from "./service";
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
      await service.signOutEverywhere(ctx.db, ctx.user.id);
      return { ok: true as const };
    }),
});
