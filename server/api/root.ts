import { authRouter } from "../auth/router";
import { activityRouter, departmentRouter, invitationRouter, memberRouter, orgRouter } from "../org/router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  org: orgRouter,
  member: memberRouter,
  department: departmentRouter,
  invitation: invitationRouter,
  activity: activityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
