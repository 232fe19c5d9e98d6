import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { campaignSettings, currencyRates } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { conflict, fieldError } from "../errors";
import type { Actor } from "../org/actor";
import { normaliseRate } from "./money";
import { loadCampaignSettings } from "./refs";
import type { ZCampaignSettingsInput, ZSetRateInput } from "./schema";

/** The organisation's campaign settings (defaults, version 0, until first saved) and its exchange rates. */
export async function getCampaignSettings(db: DbOrTx, actor: Actor) {
  const settings = await loadCampaignSettings(db, actor.orgId);
  const rates = await db
    .select({ id: currencyRates.id, currency: currencyRates.currency, rate: currencyRates.rate, version: currencyRates.version, updatedAt: currencyRates.updatedAt })
    .from(currencyRates)
    .where(eq(currencyRates.orgId, actor.orgId))
    .orderBy(asc(currencyRates.currency));
  return { ...settings, rates: rates.map((r) => ({ ...r, rate: normaliseRate(r.rate) })) };
}

export async function updateCampaignSettings(db: Database, actor: Actor, input: z.infer<typeof ZCampaignSettingsInput>) {
  return db.transaction(async (tx) => {
    const before = await loadCampaignSettings(tx, actor.orgId);
    if (before.version !== input.version) throw conflict("campaignSettings");
    const channels = [...new Set(input.channels)];
    if (input.baseCurrency !== before.baseCurrency) {
      // Rates are "to the base currency": a new base would silently change their meaning.
      const [rate] = await tx.select({ id: currencyRates.id }).from(currencyRates).where(eq(currencyRates.orgId, actor.orgId)).limit(1);
      if (rate) throw fieldError("baseCurrency", "e.campaign.ratesExist");
    }
    const values = { baseCurrency: input.baseCurrency, approvalThresholdMinor: input.approvalThresholdMinor, channels };
    const [after] =
      before.version === 0
        ? await tx.insert(campaignSettings).values({ orgId: actor.orgId, ...values, version: 1 }).onConflictDoNothing().returning()
        : await tx
            .update(campaignSettings)
            .set({ ...values, updatedAt: new Date(), version: before.version + 1 })
            .where(and(eq(campaignSettings.orgId, actor.orgId), eq(campaignSettings.version, input.version)))
            .returning();
    if (!after) throw conflict("campaignSettings");
    await recordAudit(tx, actor, { entityType: "campaignSettings", entityId: actor.orgId, action: "update", before, after });
    return after;
  });
}

/**
 * Sets the manual rate of a currency to the base currency (1 unit = rate base units), or removes it
 * (rate null). Version 0 creates a rate; otherwise the version of the rate being changed.
 */
export async function setRate(db: Database, actor: Actor, input: z.infer<typeof ZSetRateInput>) {
  return db.transaction(async (tx) => {
    const settings = await loadCampaignSettings(tx, actor.orgId);
    if (input.currency === settings.baseCurrency) throw fieldError("currency", "e.campaign.rateForBase");
    const [before] = await tx
      .select()
      .from(currencyRates)
      .where(and(eq(currencyRates.orgId, actor.orgId), eq(currencyRates.currency, input.currency)))
      .limit(1);
    if ((before?.version ?? 0) !== input.version) throw conflict("currencyRate");
    if (input.rate === null) {
      if (!before) throw conflict("currencyRate");
      await tx.delete(currencyRates).where(and(eq(currencyRates.id, before.id), eq(currencyRates.orgId, actor.orgId)));
      await recordAudit(tx, actor, { entityType: "currencyRate", entityId: before.id, action: "delete", before });
      return null;
    }
    const rate = normaliseRate(input.rate);
    const [after] = before
      ? await tx
          .update(currencyRates)
          .set({ rate, updatedAt: new Date(), version: before.version + 1 })
          .where(and(eq(currencyRates.id, before.id), eq(currencyRates.version, input.version)))
          .returning()
      : await tx.insert(currencyRates).values({ orgId: actor.orgId, currency: input.currency, rate }).onConflictDoNothing().returning();
    if (!after) throw conflict("currencyRate");
    await recordAudit(tx, actor, { entityType: "currencyRate", entityId: after.id, action: "set", before: before ?? undefined, after });
    return { ...after, rate: normaliseRate(after.rate) };
  });
}
