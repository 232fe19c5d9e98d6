/** The UTM link builder. Pure. */

/** Suggested utm_source / utm_medium per default channel (any can be overridden). */
export const CHANNEL_UTM: Record<string, { source: string; medium: string }> = {
  email: { source: "newsletter", medium: "email" },
  social: { source: "social", medium: "social" },
  search_ads: { source: "google", medium: "cpc" },
  display: { source: "display", medium: "display" },
  content_seo: { source: "blog", medium: "organic" },
  events: { source: "event", medium: "offline" },
  partnerships: { source: "partner", medium: "referral" },
  pr: { source: "press", medium: "pr" },
  in_app: { source: "app", medium: "in_app" },
};

/** An absolute http(s) URL with a host, as a landing page must be. */
export function isLandingUrl(text: string): boolean {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return false;
  }
  return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname && !/\s/.test(text.trim());
}

/** "Spring Launch 2026!" → "spring_launch_2026" (for utm_campaign). */
export function utmSlug(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 100);
}

export interface UtmParams {
  source: string;
  medium: string;
  campaign: string;
  content?: string;
  term?: string;
}

/**
 * The landing URL with utm_source/medium/campaign(/content/term) set — replacing any utm_* already
 * there, keeping other query parameters and the fragment.
 */
export function buildUtmUrl(landingUrl: string, p: UtmParams): string {
  const u = new URL(landingUrl.trim());
  for (const k of [...u.searchParams.keys()]) if (k.toLowerCase().startsWith("utm_")) u.searchParams.delete(k);
  u.searchParams.set("utm_source", p.source);
  u.searchParams.set("utm_medium", p.medium);
  u.searchParams.set("utm_campaign", p.campaign);
  if (p.content) u.searchParams.set("utm_content", p.content);
  if (p.term) u.searchParams.set("utm_term", p.term);
  return u.toString();
}
