import { authRouter } from "../auth/router";
import { activityRouter, departmentRouter, invitationRouter, memberRouter, orgRouter } from "../org/router";
import {
  dependencyRouter,
  initiativeRouter,
  keyResultRouter,
  kpiRouter,
  objectiveRouter,
  periodRouter,
} from "../okrs/router";
import { approvalRouter } from "../approvals/router";
import { notificationRouter } from "../notifications/router";
import { campaignRouter } from "../campaigns/router";
import { productRouter } from "../products/router";
import { riskRouter } from "../risks/router";
import { retroRouter } from "../retros/router";
import { dashboardRouter } from "../dashboard/router";
import { commentRouter } from "../comments/router";
import { reviewRouter } from "../review/router";
import { apiKeyRouter } from "../apikeys/router";
import { webhookRouter } from "../webhooks/router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  org: orgRouter,
  member: memberRouter,
  department: departmentRouter,
  invitation: invitationRouter,
  activity: activityRouter,
  period: periodRouter,
  objective: objectiveRouter,
  keyResult: keyResultRouter,
  initiative: initiativeRouter,
  dependency: dependencyRouter,
  kpi: kpiRouter,
  approval: approvalRouter,
  notification: notificationRouter,
  campaign: campaignRouter,
  product: productRouter,
  risk: riskRouter,
  retro: retroRouter,
  dashboard: dashboardRouter,
  comment: commentRouter,
  review: reviewRouter,
  apiKey: apiKeyRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
