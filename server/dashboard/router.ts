import { createTRPCRouter, orgProcedure } from "../api/trpc";
import { checkInCompliance, orgDashboard } from "./analytics";
import { myWork } from "./my-work";
import { ZCheckInComplianceInput, ZDashboardInput } from "./schema";

export const dashboardRouter = createTRPCRouter({
  // Only the caller's own work: every member of the organisation may ask for theirs.
  myWork: orgProcedure("org.read").query(({ ctx }) => myWork(ctx.db, ctx.actor)),
  // Read-only aggregates of what every member may read; approvals only over the requests the caller may list.
  org: orgProcedure("org.read")
    .input(ZDashboardInput)
    .query(({ ctx, input }) => orgDashboard(ctx.db, ctx.actor, input)),
  checkIns: orgProcedure("org.read")
    .input(ZCheckInComplianceInput)
    .query(({ ctx, input }) => checkInCompliance(ctx.db, ctx.actor, input)),
});
