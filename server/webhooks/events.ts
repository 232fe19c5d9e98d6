/**
 * The events an outgoing webhook can subscribe to. Each one is derived from an audit event
 * (server/audit/record.ts calls the outbox with every audit event, inside the change's transaction),
 * so domain services need no webhook code. `ping` is only sent by "send test".
 *
 * Pure module (no server imports): the settings page imports the list too.
 */
export const WEBHOOK_EVENTS = [
  "approval.requested",
  "approval.decided",
  "objective.created",
  "objective.status_changed",
  "checkin.created",
  "kpi.value_recorded",
  "campaign.created",
  "campaign.launched",
  "campaign.completed",
  "campaign.over_budget",
  "product.created",
  "product.stage_advanced",
  "risk.created",
  "risk.assessed",
  "risk.status_changed",
  "risk.accepted",
  "risk.warning",
  "retro.closed",
  "action_item.completed",
  "comment.created",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const PING_EVENT = "ping";
/** Subscribes a webhook to every event, including ones added later. */
export const ALL_EVENTS = "*";

export interface AuditLike {
  entityType: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

const field = (v: unknown, k: string): unknown => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined);

/** The webhook event an audit event stands for, or null when it is not one that webhooks announce. */
export function webhookEventFor(e: AuditLike): WebhookEvent | null {
  const { entityType: type, action } = e;
  switch (type) {
    case "approval":
      if (action === "request") return "approval.requested";
      if (action === "approve" || action === "reject" || action === "request_changes") return "approval.decided";
      return null;
    case "objective":
      if (action === "create") return "objective.created";
      if (action.startsWith("status_")) return "objective.status_changed";
      if (action === "comment_add") return "comment.created";
      return null;
    case "keyResult":
      return action === "check_in" ? "checkin.created" : null;
    case "kpi":
      return action === "record_value" ? "kpi.value_recorded" : null;
    case "campaign":
      if (action === "create" || action === "clone") return "campaign.created";
      if (action === "status_live") return "campaign.launched";
      if (action === "status_completed") return "campaign.completed";
      if (action === "over_budget") return "campaign.over_budget";
      if (action === "comment_add") return "comment.created";
      return null;
    case "product":
      if (action === "create") return "product.created";
      if (action === "stage_advanced") return "product.stage_advanced";
      if (action === "comment_add") return "comment.created";
      return null;
    case "risk":
      if (action === "create") return "risk.created";
      if (action === "assess") return "risk.assessed";
      if (action === "accepted") return "risk.accepted";
      if (action === "warning") return "risk.warning";
      if (action.startsWith("status_")) return "risk.status_changed";
      if (action === "action_update") return completed(e) ? "action_item.completed" : null;
      if (action === "comment_add") return "comment.created";
      return null;
    case "retro":
      if (action === "phase_closed") return "retro.closed";
      if (action === "action_update") return completed(e) ? "action_item.completed" : null;
      return null;
    default:
      return null;
  }
}

/** An action item (retro or risk treatment) that has just become done. */
function completed(e: AuditLike): boolean {
  return field(e.after, "status") === "done" && field(e.before, "status") !== "done";
}

/** The app page an event's entity lives on (relative to the app's origin), or null. */
export function entityPath(orgSlug: string, entityType: string, entityId: string, extra: { objectiveId?: string | null } = {}): string | null {
  const base = `/${orgSlug}`;
  switch (entityType) {
    case "approval":
      return `${base}/approvals/${entityId}`;
    case "objective":
      return `${base}/okrs/o/${entityId}`;
    case "keyResult":
      return extra.objectiveId ? `${base}/okrs/o/${extra.objectiveId}` : `${base}/okrs`;
    case "kpi":
      return `${base}/okrs/kpis`;
    case "campaign":
      return `${base}/campaigns/${entityId}`;
    case "product":
      return `${base}/products/${entityId}`;
    case "risk":
      return `${base}/risks/${entityId}`;
    case "retro":
      return `${base}/retros/${entityId}`;
    default:
      return null;
  }
}

/** The events grouped by area, for the settings page's checkbox list. */
export const WEBHOOK_EVENT_GROUPS: { group: "approvals" | "okrs" | "campaigns" | "products" | "risks" | "retros" | "comments"; events: WebhookEvent[] }[] = [
  { group: "approvals", events: ["approval.requested", "approval.decided"] },
  { group: "okrs", events: ["objective.created", "objective.status_changed", "checkin.created", "kpi.value_recorded"] },
  { group: "campaigns", events: ["campaign.created", "campaign.launched", "campaign.completed", "campaign.over_budget"] },
  { group: "products", events: ["product.created", "product.stage_advanced"] },
  { group: "risks", events: ["risk.created", "risk.assessed", "risk.status_changed", "risk.accepted", "risk.warning"] },
  { group: "retros", events: ["retro.closed", "action_item.completed"] },
  { group: "comments", events: ["comment.created"] },
];
