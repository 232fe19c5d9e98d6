import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as queries from "./queries";
import * as service from "./service";
import {
  ZActionIdInput,
  ZAddActionInput,
  ZAddKriInput,
  ZAssessInput,
  ZCreateRiskInput,
  ZImportRisksInput,
  ZKriIdInput,
  ZMovementInput,
  ZRequestAcceptanceInput,
  ZRiskFilters,
  ZRiskIdInput,
  ZRiskSettingsInput,
  ZSetRiskStatusInput,
  ZTreatmentInput,
  ZUpdateActionInput,
  ZUpdateRiskInput,
} from "./schema";

export const riskRouter = createTRPCRouter({
  list: orgProcedure("risk.read")
    .input(ZRiskFilters)
    .query(({ ctx, input }) => queries.listRisks(ctx.db, ctx.actor, input)),
  get: orgProcedure("risk.read")
    .input(ZRiskIdInput)
    .query(({ ctx, input }) => queries.getRisk(ctx.db, ctx.actor, input.riskId)),
  heatMap: orgProcedure("risk.read").query(({ ctx }) => queries.heatMap(ctx.db, ctx.actor)),
  movement: orgProcedure("risk.read")
    .input(ZMovementInput)
    .query(({ ctx, input }) => queries.movement(ctx.db, ctx.actor, input)),
  exportCsv: orgProcedure("risk.read")
    .input(ZRiskFilters)
    .query(({ ctx, input }) => queries.exportRisksCsv(ctx.db, ctx.actor, input)),
  settings: orgProcedure("risk.read").query(({ ctx }) => queries.getRiskSettings(ctx.db, ctx.actor)),

  create: orgProcedure("risk.create")
    .input(ZCreateRiskInput)
    .mutation(({ ctx, input }) => service.createRisk(ctx.db, ctx.actor, input)),
  update: orgProcedure("risk.update")
    .input(ZUpdateRiskInput)
    .mutation(({ ctx, input }) => service.updateRisk(ctx.db, ctx.actor, input)),
  delete: orgProcedure("risk.delete")
    .input(ZRiskIdInput)
    .mutation(({ ctx, input }) => service.deleteRisk(ctx.db, ctx.actor, input.riskId)),
  assess: orgProcedure("risk.update")
    .input(ZAssessInput)
    .mutation(({ ctx, input }) => service.assessRisk(ctx.db, ctx.actor, input)),
  setTreatment: orgProcedure("risk.update")
    .input(ZTreatmentInput)
    .mutation(({ ctx, input }) => service.setTreatment(ctx.db, ctx.actor, input)),
  setStatus: orgProcedure("risk.update")
    .input(ZSetRiskStatusInput)
    .mutation(({ ctx, input }) => service.setRiskStatus(ctx.db, ctx.actor, input)),
  addAction: orgProcedure("risk.update")
    .input(ZAddActionInput)
    .mutation(({ ctx, input }) => service.addAction(ctx.db, ctx.actor, input)),
  updateAction: orgProcedure("risk.update")
    .input(ZUpdateActionInput)
    .mutation(({ ctx, input }) => service.updateAction(ctx.db, ctx.actor, input)),
  deleteAction: orgProcedure("risk.update")
    .input(ZActionIdInput)
    .mutation(({ ctx, input }) => service.deleteAction(ctx.db, ctx.actor, input.actionId)),
  requestAcceptance: orgProcedure("risk.update")
    .input(ZRequestAcceptanceInput)
    .mutation(({ ctx, input }) => service.requestAcceptance(ctx.db, ctx.actor, input)),
  addKri: orgProcedure("risk.update")
    .input(ZAddKriInput)
    .mutation(({ ctx, input }) => service.addKri(ctx.db, ctx.actor, input)),
  removeKri: orgProcedure("risk.update")
    .input(ZKriIdInput)
    .mutation(({ ctx, input }) => service.removeKri(ctx.db, ctx.actor, input.kriId)),
  importCsv: orgProcedure("risk.import")
    .input(ZImportRisksInput)
    .mutation(({ ctx, input }) => service.importRisksCsv(ctx.db, ctx.actor, input.csv)),
  updateSettings: orgProcedure("risk.settings")
    .input(ZRiskSettingsInput)
    .mutation(({ ctx, input }) => service.updateRiskSettings(ctx.db, ctx.actor, input)),
});
