import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as queries from "./queries";
import * as service from "./service";
import * as settings from "./settings";
import {
  ZAddVariantInput,
  ZCalendarInput,
  ZCampaignFilters,
  ZCampaignIdInput,
  ZCampaignSettingsInput,
  ZCloneCampaignInput,
  ZCreateCampaignInput,
  ZCreateUtmLinkInput,
  ZListCampaignsInput,
  ZRecordResultInput,
  ZRecordSpendInput,
  ZRescheduleCampaignInput,
  ZSetBudgetLinesInput,
  ZSetCampaignStatusInput,
  ZSetRateInput,
  ZSpendIdInput,
  ZUpdateCampaignInput,
  ZUpdateVariantInput,
  ZUtmLinkIdInput,
  ZVariantIdInput,
} from "./schema";

export const campaignRouter = createTRPCRouter({
  list: orgProcedure("campaign.read")
    .input(ZListCampaignsInput)
    .query(({ ctx, input }) => queries.listCampaigns(ctx.db, ctx.actor, input)),
  calendar: orgProcedure("campaign.read")
    .input(ZCalendarInput)
    .query(({ ctx, input }) => queries.calendar(ctx.db, ctx.actor, input)),
  get: orgProcedure("campaign.read")
    .input(ZCampaignIdInput)
    .query(({ ctx, input }) => queries.getCampaign(ctx.db, ctx.actor, input.campaignId)),
  exportCsv: orgProcedure("campaign.read")
    .input(ZCampaignFilters)
    .query(({ ctx, input }) => queries.exportCampaignsCsv(ctx.db, ctx.actor, input)),
  settings: orgProcedure("campaign.read").query(({ ctx }) => settings.getCampaignSettings(ctx.db, ctx.actor)),

  create: orgProcedure("campaign.create")
    .input(ZCreateCampaignInput)
    .mutation(({ ctx, input }) => service.createCampaign(ctx.db, ctx.actor, input)),
  update: orgProcedure("campaign.update")
    .input(ZUpdateCampaignInput)
    .mutation(({ ctx, input }) => service.updateCampaign(ctx.db, ctx.actor, input)),
  reschedule: orgProcedure("campaign.update")
    .input(ZRescheduleCampaignInput)
    .mutation(({ ctx, input }) => service.rescheduleCampaign(ctx.db, ctx.actor, input)),
  setStatus: orgProcedure("campaign.update")
    .input(ZSetCampaignStatusInput)
    .mutation(({ ctx, input }) => service.setCampaignStatus(ctx.db, ctx.actor, input)),
  delete: orgProcedure("campaign.delete")
    .input(ZCampaignIdInput)
    .mutation(({ ctx, input }) => service.deleteCampaign(ctx.db, ctx.actor, input.campaignId)),
  clone: orgProcedure("campaign.create")
    .input(ZCloneCampaignInput)
    .mutation(({ ctx, input }) => service.cloneCampaign(ctx.db, ctx.actor, input)),
  setBudgetLines: orgProcedure("campaign.update")
    .input(ZSetBudgetLinesInput)
    .mutation(({ ctx, input }) => service.setBudgetLines(ctx.db, ctx.actor, input)),
  recordSpend: orgProcedure("campaign.spend")
    .input(ZRecordSpendInput)
    .mutation(({ ctx, input }) => service.recordSpend(ctx.db, ctx.actor, input)),
  deleteSpend: orgProcedure("campaign.spend")
    .input(ZSpendIdInput)
    .mutation(({ ctx, input }) => service.deleteSpend(ctx.db, ctx.actor, input.spendId)),
  recordResult: orgProcedure("campaign.results")
    .input(ZRecordResultInput)
    .mutation(({ ctx, input }) => service.recordResult(ctx.db, ctx.actor, input)),
  addVariant: orgProcedure("campaign.results")
    .input(ZAddVariantInput)
    .mutation(({ ctx, input }) => service.addVariant(ctx.db, ctx.actor, input)),
  updateVariant: orgProcedure("campaign.results")
    .input(ZUpdateVariantInput)
    .mutation(({ ctx, input }) => service.updateVariant(ctx.db, ctx.actor, input)),
  deleteVariant: orgProcedure("campaign.results")
    .input(ZVariantIdInput)
    .mutation(({ ctx, input }) => service.deleteVariant(ctx.db, ctx.actor, input.variantId)),
  createUtmLink: orgProcedure("campaign.update")
    .input(ZCreateUtmLinkInput)
    .mutation(({ ctx, input }) => service.createUtmLink(ctx.db, ctx.actor, input)),
  deleteUtmLink: orgProcedure("campaign.update")
    .input(ZUtmLinkIdInput)
    .mutation(({ ctx, input }) => service.deleteUtmLink(ctx.db, ctx.actor, input.utmLinkId)),
  updateSettings: orgProcedure("campaign.settings")
    .input(ZCampaignSettingsInput)
    .mutation(({ ctx, input }) => settings.updateCampaignSettings(ctx.db, ctx.actor, input)),
  setRate: orgProcedure("campaign.settings")
    .input(ZSetRateInput)
    .mutation(({ ctx, input }) => settings.setRate(ctx.db, ctx.actor, input)),
});
