import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as notifications from "./service";
import { ZMarkReadInput, ZUpdatePreferencesInput } from "./schema";

export const notificationRouter = createTRPCRouter({
  list: orgProcedure("notification.read").query(({ ctx }) => notifications.listNotifications(ctx.db, ctx.actor)),
  markRead: orgProcedure("notification.read")
    .input(ZMarkReadInput)
    .mutation(({ ctx, input }) => notifications.markRead(ctx.db, ctx.actor, input.ids)),
  /** Every member's own preferences (per kind: in-app, email); never anyone else's. */
  preferences: orgProcedure("notification.read").query(async ({ ctx }) => ({
    items: await notifications.getPreferences(ctx.db, ctx.actor),
    emailConfigured: !!ctx.mailer,
  })),
  updatePreferences: orgProcedure("notification.read")
    .input(ZUpdatePreferencesInput)
    .mutation(({ ctx, input }) => notifications.updatePreferences(ctx.db, ctx.actor, input)),
});
