/**
 * Every kind of notification a person can receive, grouped into the preferences they can set (the
 * rows of the preferences grid), each with its defaults. In-app is on by default for all; email is
 * on by default for what needs the person (requests, decisions, mentions, warnings) and off for the
 * noisy ones. "weeklyDigest" is email only.
 */
export const PREFERENCES = {
  approvalRequested: { inApp: true, email: true },
  approvalDecided: { inApp: true, email: true },
  approvalComment: { inApp: true, email: false },
  approvalOverdue: { inApp: true, email: true },
  mention: { inApp: true, email: true },
  checkInReminder: { inApp: true, email: false },
  riskWarning: { inApp: true, email: true },
  riskReviewOverdue: { inApp: true, email: false },
  riskAcceptanceExpired: { inApp: true, email: true },
  campaignOverBudget: { inApp: true, email: true },
  retroActionOverdue: { inApp: true, email: false },
  weeklyDigest: { inApp: null, email: true },
} as const satisfies Record<string, { inApp: boolean | null; email: boolean }>;

export type PreferenceKey = keyof typeof PREFERENCES;
export const PREFERENCE_KEYS = Object.keys(PREFERENCES) as PreferenceKey[];

/** The kinds notify() is called with that share a preference with another name. */
const ALIASES: Record<string, PreferenceKey> = {
  // Escalation makes the request theirs to decide: a request like any other.
  approvalEscalated: "approvalRequested",
  approval_approved: "approvalDecided",
  approval_rejected: "approvalDecided",
  approval_changes_requested: "approvalDecided",
};

export function isPreferenceKey(k: string): k is PreferenceKey {
  return Object.prototype.hasOwnProperty.call(PREFERENCES, k);
}

/** The preference that governs a notification kind; null for a kind not in the registry (in-app only). */
export function preferenceOf(kind: string): PreferenceKey | null {
  if (ALIASES[kind]) return ALIASES[kind];
  return isPreferenceKey(kind) ? kind : null;
}

/** The effective choice for one preference: the stored row, else the defaults. */
export function effective(key: PreferenceKey | null, row?: { inApp: boolean; email: boolean } | null): { inApp: boolean; email: boolean } {
  if (!key) return { inApp: true, email: false };
  const d = PREFERENCES[key];
  return {
    inApp: d.inApp === null ? false : (row?.inApp ?? d.inApp),
    email: row?.email ?? d.email,
  };
}
