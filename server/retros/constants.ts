/**
 * The retrospectives' fixed value lists, without zod: client components import these (server/retros/schema.ts
 * re-exports them), so the live board does not ship the validation library up front.
 */
export const RETRO_PHASES = ["prepare", "collect", "group", "vote", "discuss", "actions", "closed"] as const;
export const RETRO_ACTION_STATUSES = ["open", "in_progress", "done", "dropped"] as const;
export const BUILTIN_TEMPLATES = {
  start_stop_continue: ["start", "stop", "continue"],
  four_ls: ["liked", "learned", "lacked", "longed_for"],
  mad_sad_glad: ["mad", "sad", "glad"],
  went_well: ["went_well", "to_improve", "ideas"],
} as const;
