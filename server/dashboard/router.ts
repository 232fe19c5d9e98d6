import { createTRPCRouter, orgProcedure } from "../api/trpc";
import { myWork } from "./my-work";

export const dashboardRouter = createTRPCRouter({
  // Only the caller's own work: every member of the organisation may ask for theirs.
  myWork: orgProcedure("org.read").query(({ ctx }) => myWork(ctx.db, ctx.actor)),
});
