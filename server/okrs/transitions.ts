/** Allowed manual objective status changes. Submitting for approval belongs to the approval workflow. */
export const OBJECTIVE_STATUS_TRANSITIONS: Record<string, readonly string[]> = {
  draft: ["active", "cancelled"],
  pending_approval: ["draft", "cancelled"],
  approved: ["active", "cancelled"],
  active: ["closed", "cancelled"],
  closed: [],
  cancelled: ["draft"],
};
