import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type RiskView = inferRouterOutputs<AppRouter>["risk"]["get"];

export interface Me {
  userId: string;
  departmentIds: string[];
  managedDepartmentIds: string[];
}

/**
 * Manual status changes (a copy of server/risks/service.ts RISK_STATUS_TRANSITIONS, which the server
 * enforces): "assessed" comes with the first assessment, "accepted" only through an approved acceptance.
 */
export const STATUS_TRANSITIONS: Record<string, readonly ("treating" | "monitoring" | "closed" | "identified")[]> = {
  identified: ["closed"],
  assessed: ["treating", "closed"],
  treating: ["monitoring", "closed"],
  monitoring: ["treating", "closed"],
  accepted: ["treating", "closed"],
  closed: ["identified"],
};
