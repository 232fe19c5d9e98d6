import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ZDate } from "../okrs/schema";
import { isCurrency, MAX_MINOR, parseRate } from "./money";
import { isLandingUrl } from "./utm";

export const CAMPAIGN_STATUSES = ["draft", "pending_approval", "approved", "live", "completed", "cancelled"] as const;
export const CAMPAIGN_METRICS = ["impressions", "clicks", "leads", "signups", "conversions", "revenue", "custom"] as const;

export const ZCampaignStatus = z.enum(CAMPAIGN_STATUSES);
export const ZCampaignMetric = z.enum(CAMPAIGN_METRICS);

/** An ISO 4217 code the app knows ("usd" is accepted as "USD"). */
export const ZCurrency = z
  .string()
  .trim()
  .max(10)
  .toUpperCase()
  .refine((c) => isCurrency(c), "v.currency");

/** A channel id of the organisation's list: lowercase letters, digits, underscores. */
export const ZChannel = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, "v.channelId");

/** An amount in minor units (cents…): a whole, non-negative number. */
export const ZMinor = z.number().int().min(0, "v.notNegative").max(MAX_MINOR);
const ZCount = z.number().int().min(0, "v.notNegative").max(MAX_MINOR);
const ZTags = z.array(z.string().trim().min(1).max(40)).max(20).default([]);
const ZCustomName = z.string().trim().max(60).default("");

export const ZGoal = z.object({ metric: ZCampaignMetric, customName: ZCustomName, target: ZCount });
export const ZKeyResultLink = z.object({
  keyResultId: ZId,
  /** The metric whose new values become check-ins of the KR (none: linked without feeding). */
  feedMetric: ZCampaignMetric.nullable().default(null),
  feedCustomName: ZCustomName,
});

const datesInOrder = (v: { startsOn: string; endsOn: string }) => v.endsOn >= v.startsOn;
const endBeforeStart = { message: "e.endBeforeStart", path: ["endsOn"] };

export const ZCampaignFields = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(""),
  departmentId: ZId.nullable().default(null),
  ownerId: ZId,
  teamMemberIds: z.array(ZId).max(50).default([]),
  channels: z.array(ZChannel).min(1).max(20),
  audience: z.string().trim().max(500).default(""),
  audienceTags: ZTags,
  startsOn: ZDate,
  endsOn: ZDate,
  tags: ZTags,
  /** Defaults to the organisation's base currency. */
  currency: ZCurrency.optional(),
  goals: z.array(ZGoal).max(20).default([]),
  keyResultLinks: z.array(ZKeyResultLink).max(20).default([]),
  /** The product this campaign markets (a launch campaign counts for its stage gate). */
  productId: ZId.nullable().default(null),
});
export type TCampaignFields = z.infer<typeof ZCampaignFields>;

export const ZCreateCampaignInput = ZCampaignFields.refine(datesInOrder, endBeforeStart);
export type TCreateCampaignInput = z.infer<typeof ZCreateCampaignInput>;
export const ZUpdateCampaignInput = ZCampaignFields.extend({ campaignId: ZId, version: ZVersion }).refine(datesInOrder, endBeforeStart);
export type TUpdateCampaignInput = z.infer<typeof ZUpdateCampaignInput>;

export const ZCampaignIdInput = z.object({ campaignId: ZId });
/** Moves a draft campaign's dates (the calendar's drag and keyboard move). */
export const ZRescheduleCampaignInput = z
  .object({ campaignId: ZId, version: ZVersion, startsOn: ZDate, endsOn: ZDate })
  .refine(datesInOrder, endBeforeStart);
export type TRescheduleCampaignInput = z.infer<typeof ZRescheduleCampaignInput>;
export const ZSetCampaignStatusInput = z.object({ campaignId: ZId, status: ZCampaignStatus, version: ZVersion });
export const ZCloneCampaignInput = z
  .object({ campaignId: ZId, startsOn: ZDate, endsOn: ZDate.optional(), name: z.string().trim().min(1).max(200).optional() })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, endBeforeStart);

export const ZBudgetLine = z.object({
  channel: ZChannel,
  category: z.string().trim().max(80).default(""),
  amountMinor: ZMinor,
  /** Must be the campaign's currency (the default). */
  currency: ZCurrency.optional(),
});
export const ZSetBudgetLinesInput = z.object({ campaignId: ZId, version: ZVersion, lines: z.array(ZBudgetLine).max(100) });

export const ZRecordSpendInput = z.object({
  campaignId: ZId,
  spentOn: ZDate,
  channel: ZChannel,
  amountMinor: ZMinor,
  currency: ZCurrency.optional(),
  vendor: z.string().trim().max(200).default(""),
  note: z.string().trim().max(1000).default(""),
});
export const ZSpendIdInput = z.object({ spendId: ZId });

export const ZRecordResultInput = z.object({
  campaignId: ZId,
  metric: ZCampaignMetric,
  /** Required for metric "custom". */
  customName: ZCustomName,
  observedOn: ZDate,
  /** A count, or for revenue minor units of the campaign's currency. */
  value: ZCount,
  note: z.string().trim().max(1000).default(""),
});

const conversionsWithinExposures = (v: { exposures: number; conversions: number }) => v.conversions <= v.exposures;
const tooManyConversions = { message: "e.campaign.conversionsAboveExposures", path: ["conversions"] };
const ZVariantFields = z.object({ name: z.string().trim().min(1).max(80), exposures: ZCount.default(0), conversions: ZCount.default(0) });
export const ZAddVariantInput = ZVariantFields.extend({ campaignId: ZId }).refine(conversionsWithinExposures, tooManyConversions);
export const ZUpdateVariantInput = ZVariantFields.extend({ variantId: ZId, version: ZVersion }).refine(conversionsWithinExposures, tooManyConversions);
export const ZVariantIdInput = z.object({ variantId: ZId });

const ZUtmValue = z.string().trim().min(1).max(100);
export const ZCreateUtmLinkInput = z.object({
  campaignId: ZId,
  landingUrl: z.string().trim().max(2000).refine(isLandingUrl, "v.url"),
  /** One of the campaign's channels: suggests source and medium. */
  channel: ZChannel.nullable().default(null),
  source: ZUtmValue.optional(),
  medium: ZUtmValue.optional(),
  /** utm_campaign; defaults to the campaign's name as a slug. */
  campaign: ZUtmValue.optional(),
  content: z.string().trim().max(100).default(""),
});
export const ZUtmLinkIdInput = z.object({ utmLinkId: ZId });

export const ZCampaignFilters = z.object({
  status: ZCampaignStatus.optional(),
  channel: ZChannel.optional(),
  departmentId: ZId.optional(),
  ownerId: ZId.optional(),
  /** Campaigns running on or after this date… */
  from: ZDate.optional(),
  /** …and on or before this one (overlap with the period). */
  to: ZDate.optional(),
  overBudget: z.boolean().optional(),
  search: z.string().trim().max(100).optional(),
});
export type TCampaignFilters = z.infer<typeof ZCampaignFilters>;
export const ZListCampaignsInput = ZCampaignFilters.extend({
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export const ZCalendarInput = z
  .object({ from: ZDate, to: ZDate, departmentId: ZId.optional(), channel: ZChannel.optional() })
  .refine((v) => v.to >= v.from, { message: "e.endBeforeStart", path: ["to"] });

export const ZCampaignSettingsInput = z.object({
  baseCurrency: ZCurrency,
  approvalThresholdMinor: ZMinor,
  channels: z.array(ZChannel).min(1).max(50),
  version: ZVersion.or(z.literal(0)),
});

/** A rate as an exact decimal ("7.1234"); null removes the currency's rate. Version 0 for a new rate. */
export const ZSetRateInput = z.object({
  currency: ZCurrency,
  rate: z
    .string()
    .trim()
    .max(30)
    .refine((r) => parseRate(r) !== null, "v.rate")
    .nullable(),
  version: ZVersion.or(z.literal(0)),
});
