/** Allowed manual objective status changes. Submitting for approval belongs to the approval workflow. */
export const OBJECTIVE_STATUS_TRANSITIONS: Record<string, readonly string[]> = {
  draft: ["active", "cancelled"],
  // A pending objective changes only through its approval request (approve, reject, withdraw).
  pending_approval: [],
  // Reopening an approved objective as draft unlocks its targets; it needs a new approval.
  approved: ["active", "draft", "cancelled"],
  active: ["closed", "draft", "cancelled"],
  closed: [],
  cancelled: ["draft"],
};
