import { createTRPCRouter, orgProcedure } from "../api/trpc";
import { ZApiKeyIdInput, ZCreateApiKeyInput } from "./schema";
import * as service from "./service";

export const apiKeyRouter = createTRPCRouter({
  list: orgProcedure("apikey.manage").query(({ ctx }) => service.listApiKeys(ctx.db, ctx.actor)),
  create: orgProcedure("apikey.manage")
    .meta({ onceSecret: true })
    .input(ZCreateApiKeyInput)
    .mutation(({ ctx, input }) => service.createApiKey(ctx.db, ctx.actor, input)),
  revoke: orgProcedure("apikey.manage")
    .input(ZApiKeyIdInput)
    .mutation(({ ctx, input }) => service.revokeApiKey(ctx.db, ctx.actor, input.apiKeyId)),
});
