import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { keyResults } from "./okrs";
import { departments, organizations } from "./org";
import { products } from "./products";

/**
 * Marketing campaigns. Money is always an integer number of minor units (cents, fen, yen…) next to
 * its ISO 4217 currency code — never a float. Exchange rates are exact decimals (numeric), read as
 * strings and applied with integer arithmetic (server/campaigns/money.ts).
 */
export const campaignStatus = pgEnum("campaign_status", ["draft", "pending_approval", "approved", "live", "completed", "cancelled"]);
export const campaignMetric = pgEnum("campaign_metric", ["impressions", "clicks", "leads", "signups", "conversions", "revenue", "custom"]);

export const DEFAULT_CAMPAIGN_CHANNELS = [
  "email",
  "social",
  "search_ads",
  "display",
  "content_seo",
  "events",
  "partnerships",
  "pr",
  "in_app",
] as const;

/** Goal of a campaign for one metric (revenue in minor units of the campaign's currency). */
export interface CampaignGoal {
  metric: (typeof campaignMetric.enumValues)[number];
  customName: string;
  target: number;
}

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

const minor = (name: string) => bigint(name, { mode: "number" });

export const campaigns = pgTable(
  "campaigns",
  {
    id: id(),
    orgId: orgRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    teamMemberIds: uuid("team_member_ids").array().notNull().default([]),
    /** Channel ids from the organisation's list (campaign_settings.channels). */
    channels: text("channels").array().notNull().default([]),
    audience: text("audience").notNull().default(""),
    audienceTags: text("audience_tags").array().notNull().default([]),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    status: campaignStatus("status").notNull().default("draft"),
    tags: text("tags").array().notNull().default([]),
    /** ISO 4217 code of every amount of this campaign (budget lines, spend, revenue). */
    currency: text("currency").notNull(),
    goals: jsonb("goals").$type<CampaignGoal[]>().notNull().default([]),
    /** The budget approved with the launch (or a later budget approval); locked otherwise. */
    approvedBudgetMinor: minor("approved_budget_minor"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /** Set when spend first went past the approved budget; cleared when a raise covers it again. */
    overBudgetAt: timestamp("over_budget_at", { withTimezone: true }),
    /** The product this campaign markets (stage-gate criterion "a launch campaign is approved"). */
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    clonedFromId: uuid("cloned_from_id").references((): AnyPgColumn => campaigns.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("campaigns_org_starts_idx").on(t.orgId, t.startsOn, t.id),
    index("campaigns_org_status_idx").on(t.orgId, t.status),
    index("campaigns_org_owner_idx").on(t.orgId, t.ownerId),
    index("campaigns_org_department_idx").on(t.orgId, t.departmentId),
    index("campaigns_product_idx").on(t.productId),
    check("campaigns_dates_ck", sql`${t.endsOn} >= ${t.startsOn}`),
    check("campaigns_approved_budget_ck", sql`${t.approvedBudgetMinor} is null or ${t.approvedBudgetMinor} >= 0`),
  ],
);

export const campaignBudgetLines = pgTable(
  "campaign_budget_lines",
  {
    id: id(),
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    category: text("category").notNull().default(""),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_budget_lines_campaign_idx").on(t.campaignId, t.position), check("campaign_budget_lines_amount_ck", sql`${t.amountMinor} >= 0`)],
);

export const campaignSpend = pgTable(
  "campaign_spend",
  {
    id: id(),
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    spentOn: date("spent_on", { mode: "string" }).notNull(),
    channel: text("channel").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    vendor: text("vendor").notNull().default(""),
    note: text("note").notNull().default(""),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_spend_campaign_idx").on(t.campaignId, t.spentOn), check("campaign_spend_amount_ck", sql`${t.amountMinor} >= 0`)],
);

/** Append-only dated values per metric; totals are sums. Revenue is in minor units of the campaign's currency. */
export const campaignResults = pgTable(
  "campaign_results",
  {
    id: id(),
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    metric: campaignMetric("metric").notNull(),
    /** Name of a custom metric; "" for the built-in ones. */
    customName: text("custom_name").notNull().default(""),
    observedOn: date("observed_on", { mode: "string" }).notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
    note: text("note").notNull().default(""),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_results_campaign_idx").on(t.campaignId, t.metric, t.observedOn), check("campaign_results_value_ck", sql`${t.value} >= 0`)],
);

export const campaignVariants = pgTable(
  "campaign_variants",
  {
    id: id(),
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    exposures: bigint("exposures", { mode: "number" }).notNull().default(0),
    conversions: bigint("conversions", { mode: "number" }).notNull().default(0),
    /** The first variant (lowest position) is the control the others are compared with. */
    position: integer("position").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("campaign_variants_campaign_idx").on(t.campaignId, t.position),
    check("campaign_variants_counts_ck", sql`${t.conversions} >= 0 and ${t.conversions} <= ${t.exposures}`),
  ],
);

export const campaignUtmLinks = pgTable(
  "campaign_utm_links",
  {
    id: id(),
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    channel: text("channel"),
    landingUrl: text("landing_url").notNull(),
    source: text("source").notNull(),
    medium: text("medium").notNull(),
    utmCampaign: text("utm_campaign").notNull(),
    content: text("content").notNull().default(""),
    /** The landing URL with the utm_* parameters. */
    url: text("url").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_utm_links_campaign_idx").on(t.campaignId, t.createdAt)],
);

/** Key results a campaign contributes to; with a feed metric, new result values become KR check-ins. */
export const campaignKeyResults = pgTable(
  "campaign_key_results",
  {
    orgId: orgRef(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    feedMetric: campaignMetric("feed_metric"),
    feedCustomName: text("feed_custom_name").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.keyResultId] }), index("campaign_key_results_kr_idx").on(t.keyResultId)],
);

/** Per-organisation campaign settings, edited by admins. */
export const campaignSettings = pgTable("campaign_settings", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** The currency budgets are compared in (approval threshold, roll-ups). */
  baseCurrency: text("base_currency").notNull().default("USD"),
  /** A launch or budget above this (minor units of the base currency) adds an admin approval step. */
  approvalThresholdMinor: minor("approval_threshold_minor").notNull().default(1_000_000),
  channels: text("channels").array().notNull().default([...DEFAULT_CAMPAIGN_CHANNELS]),
  ...timestamps(),
  version: version(),
});

/**
 * Manual exchange rates: 1 unit of `currency` = `rate` units of the organisation's base currency.
 * An exact decimal (numeric), read as a string, so no binary float ever touches a rate.
 */
export const currencyRates = pgTable(
  "currency_rates",
  {
    id: id(),
    orgId: orgRef(),
    currency: text("currency").notNull(),
    rate: numeric("rate", { precision: 24, scale: 12 }).notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("currency_rates_org_currency_uq").on(t.orgId, t.currency), check("currency_rates_rate_ck", sql`${t.rate} > 0`)],
);
