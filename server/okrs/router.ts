import { createTRPCRouter, orgProcedure } from "../api/trpc";
import * as csv from "./csv";
import * as dependencies from "./dependencies";
import * as initiatives from "./initiatives";
import * as krs from "./key-results";
import * as kpis from "./kpis";
import * as objectives from "./objectives";
import * as periods from "./periods";
import * as queries from "./queries";
import {
  ZCheckInInput,
  ZCreateInitiativeInput,
  ZCreateKeyResultInput,
  ZCreateKpiInput,
  ZCreateObjectiveInput,
  ZCreatePeriodInput,
  ZCsvInput,
  ZDecideDependencyInput,
  ZGradeInput,
  ZImportOkrsInput,
  ZInitiativeIdInput,
  ZKeyResultIdInput,
  ZKpiIdInput,
  ZListObjectivesInput,
  ZObjectiveIdInput,
  ZPeriodIdInput,
  ZRecordKpiValueInput,
  ZRequestDependencyInput,
  ZSetObjectiveStatusInput,
  ZSetPeriodStatusInput,
  ZUpdateInitiativeInput,
  ZUpdateKeyResultInput,
  ZUpdateKpiInput,
  ZUpdateObjectiveInput,
} from "./schema";

export const periodRouter = createTRPCRouter({
  list: orgProcedure("period.read").query(({ ctx }) => queries.listPeriods(ctx.db, ctx.actor)),
  create: orgProcedure("period.manage")
    .input(ZCreatePeriodInput)
    .mutation(({ ctx, input }) => periods.createPeriod(ctx.db, ctx.actor, input.name)),
  setStatus: orgProcedure("period.manage")
    .input(ZSetPeriodStatusInput)
    .mutation(({ ctx, input }) => periods.setPeriodStatus(ctx.db, ctx.actor, input)),
  rollup: orgProcedure("objective.read")
    .input(ZPeriodIdInput)
    .query(({ ctx, input }) => queries.periodRollup(ctx.db, ctx.actor, input.periodId)),
  exportCsv: orgProcedure("objective.read")
    .input(ZPeriodIdInput)
    .query(({ ctx, input }) => csv.exportOkrsCsv(ctx.db, ctx.actor, input.periodId)),
  importCsv: orgProcedure("okr.import")
    .input(ZImportOkrsInput)
    .mutation(({ ctx, input }) => csv.importOkrsCsv(ctx.db, ctx.actor, input.periodId, input.csv)),
});

export const objectiveRouter = createTRPCRouter({
  list: orgProcedure("objective.read")
    .input(ZListObjectivesInput)
    .query(({ ctx, input }) => queries.listObjectives(ctx.db, ctx.actor, input)),
  approvalState: orgProcedure("objective.read")
    .input(ZPeriodIdInput)
    .query(({ ctx, input }) => queries.approvalState(ctx.db, ctx.actor, input.periodId)),
  tree: orgProcedure("objective.read")
    .input(ZPeriodIdInput)
    .query(({ ctx, input }) => queries.alignmentTree(ctx.db, ctx.actor, input.periodId)),
  get: orgProcedure("objective.read")
    .input(ZObjectiveIdInput)
    .query(({ ctx, input }) => queries.getObjective(ctx.db, ctx.actor, input.objectiveId)),
  create: orgProcedure("objective.create")
    .input(ZCreateObjectiveInput)
    .mutation(({ ctx, input }) => objectives.createObjective(ctx.db, ctx.actor, input)),
  update: orgProcedure("objective.update")
    .input(ZUpdateObjectiveInput)
    .mutation(({ ctx, input }) => objectives.updateObjective(ctx.db, ctx.actor, input)),
  setStatus: orgProcedure("objective.update")
    .input(ZSetObjectiveStatusInput)
    .mutation(({ ctx, input }) => objectives.setObjectiveStatus(ctx.db, ctx.actor, input)),
  delete: orgProcedure("objective.delete")
    .input(ZObjectiveIdInput)
    .mutation(({ ctx, input }) => objectives.deleteObjective(ctx.db, ctx.actor, input.objectiveId)),
});

export const keyResultRouter = createTRPCRouter({
  mine: orgProcedure("objective.read").query(({ ctx }) => queries.myKeyResults(ctx.db, ctx.actor)),
  checkIns: orgProcedure("objective.read")
    .input(ZKeyResultIdInput)
    .query(({ ctx, input }) => krs.listCheckIns(ctx.db, ctx.actor, input.keyResultId)),
  create: orgProcedure("keyResult.manage")
    .input(ZCreateKeyResultInput)
    .mutation(({ ctx, input }) => krs.createKeyResult(ctx.db, ctx.actor, input)),
  update: orgProcedure("keyResult.manage")
    .input(ZUpdateKeyResultInput)
    .mutation(({ ctx, input }) => krs.updateKeyResult(ctx.db, ctx.actor, input)),
  delete: orgProcedure("keyResult.manage")
    .input(ZKeyResultIdInput)
    .mutation(({ ctx, input }) => krs.deleteKeyResult(ctx.db, ctx.actor, input.keyResultId)),
  checkIn: orgProcedure("checkIn.create")
    .input(ZCheckInInput)
    .mutation(({ ctx, input }) => krs.checkIn(ctx.db, ctx.actor, input)),
  grade: orgProcedure("okr.grade")
    .input(ZGradeInput)
    .mutation(({ ctx, input }) => krs.gradeKeyResult(ctx.db, ctx.actor, input)),
});

export const initiativeRouter = createTRPCRouter({
  create: orgProcedure("initiative.manage")
    .input(ZCreateInitiativeInput)
    .mutation(({ ctx, input }) => initiatives.createInitiative(ctx.db, ctx.actor, input)),
  update: orgProcedure("initiative.manage")
    .input(ZUpdateInitiativeInput)
    .mutation(({ ctx, input }) => initiatives.updateInitiative(ctx.db, ctx.actor, input)),
  delete: orgProcedure("initiative.manage")
    .input(ZInitiativeIdInput)
    .mutation(({ ctx, input }) => initiatives.deleteInitiative(ctx.db, ctx.actor, input.initiativeId)),
});

export const dependencyRouter = createTRPCRouter({
  list: orgProcedure("objective.read").query(({ ctx }) => queries.listDependencies(ctx.db, ctx.actor)),
  request: orgProcedure("dependency.request")
    .input(ZRequestDependencyInput)
    .mutation(({ ctx, input }) => dependencies.requestDependency(ctx.db, ctx.actor, input)),
  decide: orgProcedure("dependency.decide")
    .input(ZDecideDependencyInput)
    .mutation(({ ctx, input }) => dependencies.decideDependency(ctx.db, ctx.actor, input)),
});

export const kpiRouter = createTRPCRouter({
  list: orgProcedure("kpi.read").query(({ ctx }) => queries.listKpis(ctx.db, ctx.actor)),
  create: orgProcedure("kpi.manage")
    .input(ZCreateKpiInput)
    .mutation(({ ctx, input }) => kpis.createKpi(ctx.db, ctx.actor, input)),
  update: orgProcedure("kpi.manage")
    .input(ZUpdateKpiInput)
    .mutation(({ ctx, input }) => kpis.updateKpi(ctx.db, ctx.actor, input)),
  delete: orgProcedure("kpi.manage")
    .input(ZKpiIdInput)
    .mutation(({ ctx, input }) => kpis.deleteKpi(ctx.db, ctx.actor, input.kpiId)),
  recordValue: orgProcedure("kpi.record")
    .input(ZRecordKpiValueInput)
    .mutation(({ ctx, input }) => kpis.recordKpiValue(ctx.db, ctx.actor, input)),
  importValuesCsv: orgProcedure("kpi.record")
    .input(ZCsvInput)
    .mutation(({ ctx, input }) => csv.importKpiValuesCsv(ctx.db, ctx.actor, input.csv)),
});
