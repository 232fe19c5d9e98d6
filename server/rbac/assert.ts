import { AppError } from "../errors";
import { can, type Permission, type ScopeActor, type ScopeSubject } from "./permissions";

/**
 * Checks the scope of a permission the procedure builder has already checked by role: managers only
 * in their departments, members only on what they own. Throws FORBIDDEN naming the permission.
 */
export function assertScope(actor: ScopeActor, permission: Permission, subject: ScopeSubject): void {
  if (!can(actor, permission, subject)) {
    throw new AppError("FORBIDDEN", `e.outOfScope|permission=${permission}|role=${actor.role}`);
  }
}

/** True when any of the subjects is within the actor's scope. */
export function inScope(actor: ScopeActor, permission: Permission, subjects: ScopeSubject[]): boolean {
  return subjects.some((s) => can(actor, permission, s));
}
