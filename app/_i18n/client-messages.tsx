import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";

/**
 * The messages client components get: only the namespaces their part of the app uses, instead of the
 * whole catalog in every page's payload (server components keep the full catalog through the request
 * config). Every provider carries BASE; a feature's layout adds its own namespaces (derived from the
 * `useTranslations("<namespace>…")` calls of the client components its pages import, dynamic imports
 * included). A dotted entry ("approvals.waitingBadge") ships only that message.
 */
export const CLIENT_NAMESPACES = {
  /** Everywhere: shared labels, error pages, validation ("v.*") and server error ("e.*") keys of useErrorText. */
  base: ["common", "errors", "v", "e"],
  auth: ["auth", "invite", "confirmEmail"],
  onboarding: ["onboarding"],
  /** The app shell: navigation, notification bell, approvals badge, role names. */
  shell: ["nav", "notifications", "roles", "approvals.waitingBadge"],
  account: ["account", "notifications"],
  activity: ["activity", "roles"],
  approvals: ["approvals", "campaigns", "comments", "okrs", "products", "risks", "roles"],
  campaigns: ["approvals", "campaignCalendar", "campaigns", "comments"],
  dashboard: ["campaigns", "orgDashboard", "products"],
  myWork: [],
  okrs: ["alignment", "comments", "dependencies", "kpis", "myKrs", "okrs", "periods", "review"],
  products: ["comments", "productRoadmap", "products"],
  retros: ["retros", "risks"],
  review: ["nav", "retros", "review"],
  risks: ["comments", "risks"],
  settings: ["apiKeys", "departments", "members", "nav", "orgBackup", "productSettings", "products", "risks", "roles", "settings", "webhooks"],
} as const satisfies Record<string, readonly string[]>;

type Messages = Record<string, unknown>;

/** The given namespaces (or dotted paths) of a catalog; picked objects are shared, not copied. */
export function pickMessages(all: Messages, paths: readonly string[]): Messages {
  const out: Messages = {};
  for (const p of paths) {
    const keys = p.split(".");
    let src = all;
    let dst = out;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = src[k];
      if (v === undefined || dst[k] === v) break; // missing, or already picked whole
      if (i === keys.length - 1) {
        dst[k] = v;
        break;
      }
      if (typeof v !== "object" || v === null) break; // the path goes through a message: no such key
      dst[k] ??= {};
      dst = dst[k] as Messages;
      src = v as Messages;
    }
  }
  return out;
}

/** A client-messages provider for a part of the app: BASE plus the part's namespaces. */
export async function ClientMessages({ part, children }: { part: keyof typeof CLIENT_NAMESPACES; children: React.ReactNode }) {
  const all = (await getMessages()) as Messages;
  const paths = part === "base" ? CLIENT_NAMESPACES.base : [...CLIENT_NAMESPACES.base, ...CLIENT_NAMESPACES[part]];
  return <NextIntlClientProvider messages={pickMessages(all, paths)}>{children}</NextIntlClientProvider>;
}
