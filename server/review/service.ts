/**
 * Pre-filling the quarter's retro with cards from the review. Only the retro's facilitator (or a
 * manager of its department, or an admin) may, only while the retro still takes cards, and running
 * it again adds nothing new: each card remembers what it is about (its key, in the audit row of the
 * pre-fill) and a card with the same text in the same column counts as already there.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { auditEvents, retroCards, retros, type RetroColumn } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, fieldError } from "../errors";
import type { MessageLocale } from "../i18n";
import type { Actor } from "../org/actor";
import { loadRetro, mayFacilitate, type RetroRow } from "../retros/service";
import { prefillItems, type PrefillKind } from "./markdown";
import { getReview } from "./queries";
import type { TPrefillInput } from "./schema";

/** Phases in which a retro still takes cards (as for retro.addCard). */
export const CARD_PHASES = ["prepare", "collect", "group"] as const;
const GOOD_COLUMNS = ["went_well", "glad", "liked", "continue"];
const BAD_COLUMNS = ["to_improve", "sad", "lacked", "stop", "mad"];
export const PREFILL_ACTION = "review_prefill";

/** The column a kind of card goes to: a known column of the template, else the first (good) or second (bad). */
export function columnFor(columns: RetroColumn[], kind: PrefillKind): string {
  const keys = columns.map((c) => c.key);
  const wanted = kind === "good" ? GOOD_COLUMNS : BAD_COLUMNS;
  const hit = wanted.find((k) => keys.includes(k));
  if (hit) return hit;
  return (kind === "good" ? keys[0] : (keys[1] ?? keys[0]))!;
}

/** The retro to fill: the one asked for (it must belong to the period), else the period's newest one that takes cards. */
async function targetRetro(db: DbOrTx, actor: Actor, periodId: string, retroId: string | undefined, lock = false): Promise<RetroRow> {
  if (retroId) {
    const r = await loadRetro(db, actor, retroId, { lock, field: "retroId" });
    if (r.periodId !== periodId) throw fieldError("retroId", "e.review.retroOtherPeriod");
    return r;
  }
  const [r] = await db
    .select()
    .from(retros)
    .where(and(eq(retros.orgId, actor.orgId), eq(retros.periodId, periodId), inArray(retros.phase, [...CARD_PHASES])))
    .orderBy(desc(retros.createdAt))
    .limit(1);
  if (!r) throw new AppError("PRECONDITION_FAILED", "e.review.noRetro");
  return lock ? loadRetro(db, actor, r.id, { lock: true }) : r;
}

async function usedKeys(db: DbOrTx, actor: Actor, retroId: string) {
  const rows = await db
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, actor.orgId), eq(auditEvents.entityType, "retro"), eq(auditEvents.entityId, retroId), eq(auditEvents.action, PREFILL_ACTION)));
  const keys = new Set<string>();
  for (const r of rows) for (const k of ((r.after as { keys?: unknown } | null)?.keys as string[] | undefined) ?? []) keys.add(k);
  return keys;
}

/** What a pre-fill would add to the retro (and what is already there). */
async function plan(db: DbOrTx, actor: Actor, input: TPrefillInput, locale: MessageLocale, lock: boolean) {
  const review = await getReview(db, actor, input.periodId);
  const r = await targetRetro(db, actor, input.periodId, input.retroId, lock);
  const [keys, cards] = await Promise.all([
    usedKeys(db, actor, r.id),
    db.select({ columnKey: retroCards.columnKey, body: retroCards.body }).from(retroCards).where(eq(retroCards.retroId, r.id)),
  ]);
  const texts = new Set(cards.map((c) => `${c.columnKey}\u0000${c.body.trim()}`));
  const items = prefillItems(review, locale).map((i) => {
    const columnKey = columnFor(r.columns, i.kind);
    return { ...i, columnKey, exists: keys.has(i.key) || texts.has(`${columnKey}\u0000${i.body.trim()}`) };
  });
  return { retro: r, items };
}

export async function prefillPreview(db: DbOrTx, actor: Actor, input: TPrefillInput, locale: MessageLocale = "en") {
  const { retro: r, items } = await plan(db, actor, input, locale, false);
  return {
    retro: { id: r.id, title: r.title, phase: r.phase, columns: r.columns },
    acceptsCards: (CARD_PHASES as readonly string[]).includes(r.phase),
    mayFacilitate: mayFacilitate(actor, r),
    items,
  };
}

export async function prefillRetro(db: Database, actor: Actor, input: TPrefillInput, locale: MessageLocale = "en") {
  return db.transaction(async (tx) => {
    const { retro: r, items } = await plan(tx, actor, input, locale, true);
    if (!mayFacilitate(actor, r)) throw new AppError("FORBIDDEN", "e.retro.facilitatorOnly");
    if (r.phase === "closed") throw new AppError("BAD_REQUEST", "e.retro.closed");
    if (!(CARD_PHASES as readonly string[]).includes(r.phase)) throw new AppError("BAD_REQUEST", `e.retro.wrongPhase|action=addCard|phase=${r.phase}`);
    const fresh = items.filter((i) => !i.exists);
    if (!fresh.length) return { retroId: r.id, added: 0, skipped: items.length };
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${retroCards.position}) + 1, 0)::int` })
      .from(retroCards)
      .where(eq(retroCards.retroId, r.id))) as [{ next: number }];
    await tx.insert(retroCards).values(
      fresh.map((i, n) => ({ orgId: actor.orgId, retroId: r.id, columnKey: i.columnKey, authorId: actor.userId, body: i.body, position: next + n })),
    );
    await tx.update(retros).set({ seq: sql`${retros.seq} + 1`, updatedAt: new Date() }).where(eq(retros.id, r.id));
    await recordAudit(tx, actor, {
      entityType: "retro",
      entityId: r.id,
      action: PREFILL_ACTION,
      after: { periodId: input.periodId, keys: fresh.map((i) => i.key), added: fresh.length },
    });
    return { retroId: r.id, added: fresh.length, skipped: items.length - fresh.length };
  });
}
