import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as queries from "./queries";
import {
  ZCreateWebhookInput,
  ZDeliveryIdInput,
  ZListDeliveriesInput,
  ZUpdateWebhookInput,
  ZWebhookIdInput,
  ZWebhookVersionInput,
} from "./schema";
import * as service from "./service";

export const webhookRouter = createTRPCRouter({
  list: orgProcedure("webhook.manage").query(({ ctx }) => queries.listWebhooks(ctx.db, ctx.actor)),
  get: orgProcedure("webhook.manage")
    .input(ZWebhookIdInput)
    .query(({ ctx, input }) => queries.getWebhook(ctx.db, ctx.actor, input.webhookId)),
  deliveries: orgProcedure("webhook.manage")
    .input(ZListDeliveriesInput)
    .query(({ ctx, input }) => queries.listDeliveries(ctx.db, ctx.actor, input)),
  create: orgProcedure("webhook.manage")
    .meta({ onceSecret: true })
    .input(ZCreateWebhookInput)
    .mutation(({ ctx, input }) => service.createWebhook(ctx.db, ctx.actor, input)),
  update: orgProcedure("webhook.manage")
    .input(ZUpdateWebhookInput)
    .mutation(({ ctx, input }) => service.updateWebhook(ctx.db, ctx.actor, input)),
  rotateSecret: orgProcedure("webhook.manage")
    .meta({ onceSecret: true })
    .input(ZWebhookVersionInput)
    .mutation(({ ctx, input }) => service.rotateSecret(ctx.db, ctx.actor, input)),
  delete: orgProcedure("webhook.manage")
    .input(ZWebhookIdInput)
    .mutation(({ ctx, input }) => service.deleteWebhook(ctx.db, ctx.actor, input.webhookId)),
  test: orgProcedure("webhook.manage")
    .input(ZWebhookIdInput)
    .mutation(({ ctx, input }) => service.sendTest(ctx.db, ctx.actor, input.webhookId)),
  redeliver: orgProcedure("webhook.manage")
    .input(ZDeliveryIdInput)
    .mutation(({ ctx, input }) => service.redeliver(ctx.db, ctx.actor, input.deliveryId)),
});
