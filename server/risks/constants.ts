/**
 * The risk register's fixed value lists, without zod: client components import these (server/risks/schema.ts
 * re-exports them), so a page that only needs a list does not ship the validation library.
 */
export const RISK_STATUSES = ["identified", "assessed", "treating", "monitoring", "closed", "accepted"] as const;
export const RISK_STRATEGIES = ["mitigate", "accept", "transfer", "avoid"] as const;
export const RISK_ACTION_STATUSES = ["todo", "in_progress", "done", "cancelled"] as const;
export const RISK_LEVEL_VALUES = ["low", "medium", "high", "critical"] as const;
