/**
 * Anonymous retros: the author of a card never reaches anyone else — not in retro.get at any phase,
 * not in the Markdown or CSV export, not in retro.list — while the author still sees `mine` and may
 * edit and delete their own card, and nobody else may. Cards hidden until the reveal come without
 * their text to others.
 *
 * "Never reaches" is checked on the whole JSON of every payload, except the participant list of
 * retro.get (who takes part is not anonymous: presence shows it; it carries no link to any card).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { retroCards } from "@/db/schema";
import { RETRO_PHASES } from "@/server/retros/schema";
import { createTestDb } from "../helpers/db";
import { createRetro, expectError, getFull, retroWorld, type Person, type RetroWorld } from "./_support/retros";

let h: DbHandle;
let rw: RetroWorld;

beforeAll(async () => {
  h = await createTestDb();
  rw = await retroWorld(h.db, "ranon");
});
afterAll(async () => h?.close());

/** Every trace of a person that must not appear. */
const traces = (p: Person) => [p.id, p.name, p.email, p.email.split("@")[0]!];

function expectNoTrace(payload: unknown, p: Person, what: string) {
  const json = JSON.stringify(payload);
  for (const t of traces(p)) expect(json.includes(t), `${what} leaks "${t}"`).toBe(false);
}

/** retro.get without its participant list (and with it checked to carry nothing but who is there). */
function withoutParticipants(r: Awaited<ReturnType<typeof getFull>>) {
  for (const p of r.participants) expect(Object.keys(p).sort()).toEqual(["name", "present", "userId"]);
  const { participants: _p, ...rest } = r;
  return rest;
}

describe("anonymous cards", () => {
  it("the author's id, name and email appear in no payload others receive, at any phase, in exports and in the list", async () => {
    // Ann writes; Bob (participant) and the viewer and the outsider (non-participants) read.
    const r = await createRetro(rw, { anonymous: true, hideUntilReveal: true, votesPerPerson: 3 });
    const s = rw.slug;
    const ann = await rw.as(rw.ann);
    const bob = await rw.as(rw.bob);
    const readers = [rw.bob, rw.viewer, rw.outsider, rw.fac, rw.manager];
    const cards: { id: string; version: number }[] = [];
    let version = r.version;
    for (const phase of RETRO_PHASES) {
      if (phase !== "prepare") version = (await (await rw.as(rw.fac)).retro.setPhase({ orgSlug: s, retroId: r.id, version, phase })).version;
      if (phase === "prepare" || phase === "collect" || phase === "group") {
        cards.push(await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "stop", body: `Ann's thought in ${phase}` }));
      }
      if (phase === "collect") await bob.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Bob's thought" });
      if (phase === "group") {
        const bobs = (await getFull(rw, rw.bob, r.id)).cards.find((c) => c.mine)!;
        await bob.retro.groupCard({ orgSlug: s, cardId: bobs.id, ontoCardId: cards[0]!.id });
      }
      if (phase === "vote") {
        const g = (await getFull(rw, rw.ann, r.id)).groups[0]!;
        await ann.retro.vote({ orgSlug: s, groupId: g.id });
        await bob.retro.vote({ orgSlug: s, groupId: g.id });
      }
      if (phase === "discuss") await bob.retro.addAction({ orgSlug: s, retroId: r.id, title: "Follow up", ownerId: rw.bob.id });
      for (const reader of readers) {
        const full = await getFull(rw, reader, r.id);
        expect(full.cards.length, `${phase}/${reader.name}`).toBeGreaterThan(0);
        for (const c of full.cards) expect([c.authorId, c.authorName]).toEqual([null, null]);
        expect(full.cards.filter((c) => c.mine)).toEqual(reader === rw.bob ? full.cards.filter((c) => c.mine) : []);
        expectNoTrace(withoutParticipants(full), rw.ann, `retro.get at ${phase} for ${reader.name}`);
        const ex = await (await rw.as(reader)).retro.export({ orgSlug: s, retroId: r.id });
        expectNoTrace(ex, rw.ann, `retro.export at ${phase} for ${reader.name}`);
        expectNoTrace(await (await rw.as(reader)).retro.list({ orgSlug: s }), rw.ann, `retro.list at ${phase}`);
      }
      // Ann's own view: her cards are marked mine, still without an author field.
      const own = await getFull(rw, rw.ann, r.id);
      expect(own.cards.filter((c) => c.mine).length, phase).toBe(cards.length);
      for (const c of own.cards) expect([c.authorId, c.authorName]).toEqual([null, null]);
    }
    // The exports really contain the cards (just not their authors).
    const ex = await bob.retro.export({ orgSlug: s, retroId: r.id });
    expect(ex.markdown).toContain("Ann's thought in prepare");
    expect(ex.csv).toContain("Ann's thought in group");
    expect(ex.markdown).toContain("Follow up");
  });

  it("the author edits and deletes their own anonymous card; others get notYourCard and nothing changes", async () => {
    const r = await createRetro(rw, { anonymous: true, hideUntilReveal: false });
    const s = rw.slug;
    const ann = await rw.as(rw.ann);
    const card = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Original" });
    expect(card.mine).toBe(true);
    expectNoTrace(card, rw.ann, "addCard's answer");
    for (const other of [rw.bob, rw.fac, rw.manager, rw.outsider]) {
      const c = await rw.as(other);
      await expectError(c.retro.updateCard({ orgSlug: s, cardId: card.id, version: card.version, body: "Rewritten" }), "FORBIDDEN", "e.retro.notYourCard");
      await expectError(c.retro.deleteCard({ orgSlug: s, cardId: card.id }), "FORBIDDEN", "e.retro.notYourCard");
    }
    expect((await h.db.select().from(retroCards).where(eq(retroCards.id, card.id)))[0]!.body).toBe("Original");
    const edited = await ann.retro.updateCard({ orgSlug: s, cardId: card.id, version: card.version, body: "Edited" });
    expect(edited.body).toBe("Edited");
    expect((await getFull(rw, rw.bob, r.id)).cards.map((c) => [c.body, c.mine, c.authorId])).toEqual([["Edited", false, null]]);
    await ann.retro.deleteCard({ orgSlug: s, cardId: card.id });
    expect(await h.db.select().from(retroCards).where(eq(retroCards.id, card.id))).toHaveLength(0);
  });

  it("the activity log (read by managers and admins) does not name who wrote, edited or deleted an anonymous card", async () => {
    const r = await createRetro(rw, { anonymous: true, hideUntilReveal: false });
    const ann = await rw.as(rw.ann);
    const card = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Too many meetings" });
    const edited = await ann.retro.updateCard({ orgSlug: rw.slug, cardId: card.id, version: card.version, body: "Far too many meetings" });
    await ann.retro.deleteCard({ orgSlug: rw.slug, cardId: edited.id });
    const owner = await rw.as(rw.w.org.users.owner.id);
    const log = await owner.activity.list({ orgSlug: rw.slug, limit: 50 });
    const cardEvents = log.items.filter((i) => i.entityId === r.id && i.action.startsWith("card_"));
    expect(cardEvents.map((i) => i.action).sort()).toEqual(["card_add", "card_delete", "card_update"]);
    expectNoTrace(cardEvents, rw.ann, "the activity log");
    expect(JSON.stringify(cardEvents).includes("Too many meetings")).toBe(false);
  });

  it("anonymity cannot be switched off once cards are written", async () => {
    const r = await createRetro(rw, { anonymous: true });
    await (await rw.as(rw.ann)).retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Promised" });
    const e = await (await rw.as(rw.fac)).retro
      .update({ orgSlug: rw.slug, retroId: r.id, version: r.version, title: r.title, participantIds: [rw.ann.id, rw.bob.id], anonymous: false, votesPerPerson: 5, hideUntilReveal: true })
      .then(
        () => null,
        (err: { code: string; message: string }) => err,
      );
    expect([e?.code, e?.message]).toEqual(["BAD_REQUEST", "e.retro.anonymityPromised"]);
    for (const c of (await getFull(rw, rw.bob, r.id)).cards) expect(c.authorId).toBeNull();
  });

  it("a named retro shows authors (so the anonymous checks above are not vacuous)", async () => {
    const r = await createRetro(rw, { anonymous: false, hideUntilReveal: false });
    await (await rw.as(rw.ann)).retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Signed" });
    const full = await getFull(rw, rw.bob, r.id);
    expect(full.cards.map((c) => [c.authorId, c.authorName])).toEqual([[rw.ann.id, rw.ann.name]]);
    expect((await (await rw.as(rw.bob)).retro.export({ orgSlug: rw.slug, retroId: r.id })).markdown).toContain(rw.ann.name);
  });
});

describe("hidden until reveal", () => {
  it("others see body null until the facilitator reveals; the author sees their own text", async () => {
    const r = await createRetro(rw, { anonymous: false, hideUntilReveal: true });
    const s = rw.slug;
    await (await rw.as(rw.fac)).retro.setPhase({ orgSlug: s, retroId: r.id, version: r.version, phase: "collect" });
    await (await rw.as(rw.ann)).retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Unrevealed text" });
    for (const reader of [rw.bob, rw.fac, rw.viewer, rw.outsider]) {
      const full = await getFull(rw, reader, r.id);
      expect(full.cards.map((c) => [c.body, c.mine]), reader.name).toEqual([[null, false]]);
      expect(JSON.stringify(full)).not.toContain("Unrevealed text");
      const ex = await (await rw.as(reader)).retro.export({ orgSlug: s, retroId: r.id });
      expect(JSON.stringify(ex)).not.toContain("Unrevealed text");
    }
    expect((await getFull(rw, rw.ann, r.id)).cards.map((c) => [c.body, c.mine])).toEqual([["Unrevealed text", true]]);
    await (await rw.as(rw.fac)).retro.reveal({ orgSlug: s, retroId: r.id });
    expect((await getFull(rw, rw.bob, r.id)).cards.map((c) => c.body)).toEqual(["Unrevealed text"]);
    expect((await getFull(rw, rw.bob, r.id)).phase).toBe("collect");
  });
});
