import { z } from "../validation";
import { ZId } from "../org/schema";

/** The org dashboard: a period (the default one when absent) and optionally one department. */
export const ZDashboardInput = z.object({
  periodId: ZId.optional(),
  departmentId: ZId.optional(),
});

/** A department's members' check-in compliance in a period (this ISO week). */
export const ZCheckInComplianceInput = z.object({
  periodId: ZId.optional(),
  departmentId: ZId,
});
