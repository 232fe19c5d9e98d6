import type { DbOrTx } from "@/db/client";
import type { ApproverRule, approvalRequests, approvalSettings } from "@/db/schema";
import type { Actor } from "../org/actor";

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
export type ApprovalSettingsRow = typeof approvalSettings.$inferSelect;

export interface SubjectDescription {
  title: string;
  departmentId: string | null;
  snapshot: unknown;
  /** Path of the subject's page, for notifications and the request page. */
  link: string;
}

export interface StepSpec {
  rule: ApproverRule;
  mode?: "any" | "all";
}

/**
 * A domain registers each kind of thing that needs approval. Handlers run inside the engine's
 * transaction, so a state change and the decision that caused it commit together or not at all.
 */
export interface SubjectHandler {
  /** Throws (FORBIDDEN / BAD_REQUEST) when the actor may not ask for this subject's approval. */
  assertMayRequest(tx: DbOrTx, actor: Actor, subjectId: string, params?: unknown): Promise<void>;
  /** What is being approved, frozen into the request. `params` come from the domain's own request procedure. */
  describe(tx: DbOrTx, actor: Actor, subjectId: string, params?: unknown): Promise<SubjectDescription>;
  /** The ordered steps for this subject (may depend on amount, department, settings). */
  steps(tx: DbOrTx, actor: Actor, subject: SubjectDescription, settings: ApprovalSettingsRow): Promise<StepSpec[]>;
  onRequested?(tx: DbOrTx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  onApproved(tx: DbOrTx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
  onRejected(tx: DbOrTx, actor: Actor, request: ApprovalRequestRow, decision: "reject" | "request_changes"): Promise<void>;
  onCancelled?(tx: DbOrTx, actor: Actor, request: ApprovalRequestRow): Promise<void>;
}

const handlers = new Map<string, SubjectHandler>();

export function registerSubject(type: string, handler: SubjectHandler) {
  handlers.set(type, handler);
}

export function handlerFor(type: string): SubjectHandler | undefined {
  return handlers.get(type);
}

export function registeredSubjects(): string[] {
  return [...handlers.keys()];
}
