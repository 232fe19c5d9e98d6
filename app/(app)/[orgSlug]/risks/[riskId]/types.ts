import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type RiskView = inferRouterOutputs<AppRouter>["risk"]["get"];

export interface Me {
  userId: string;
  departmentIds: string[];
  managedDepartmentIds: string[];
}

export { RISK_STATUS_TRANSITIONS as STATUS_TRANSITIONS } from "@/server/risks/schema";
