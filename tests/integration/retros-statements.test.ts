/**
 * retro.get is polled every second by everyone on the board: after the session + membership check
 * it is one statement (presence update, retro, participants, cards, groups with votes, actions and
 * earlier open actions), however many cards, votes and actions the board has — and an "unchanged"
 * poll costs the same single statement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "../helpers/db";
import { statementLog } from "../helpers/statement-log";
import { createRetro, getFull, moveTo, retroWorld, type RetroWorld } from "./_support/retros";

let h: DbHandle;
let rw: RetroWorld;
const { logQuery, counted } = statementLog();

beforeAll(async () => {
  h = await createTestDb({ logQuery });
  rw = await retroWorld(h.db, "rstmt");
});
afterAll(async () => h?.close());


describe("retro.get statements", () => {
  it("is the authentication statement plus one, whatever the board holds, and so is an unchanged poll", async () => {
    const s = rw.slug;
    const earlier = await createRetro(rw);
    await moveTo(rw, earlier.id, "actions");
    const fac = await rw.as(rw.fac);
    await fac.retro.addAction({ orgSlug: s, retroId: earlier.id, title: "Carry over", ownerId: rw.ann.id });
    const r = await createRetro(rw, { anonymous: true });
    const ann = await rw.as(rw.ann);
    const bob = await rw.as(rw.bob);

    const empty = await counted(() => bob.retro.get({ orgSlug: s, retroId: r.id }));
    expect(empty.statements).toHaveLength(2);
    expect(empty.statements[0]).toMatch(/from "users" left join "organizations"/);

    await moveTo(rw, r.id, "collect");
    for (let i = 0; i < 6; i++) await (i % 2 ? ann : bob).retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: `Card ${i}` });
    await moveTo(rw, r.id, "group");
    const cards = (await getFull(rw, rw.ann, r.id)).cards;
    await ann.retro.groupCard({ orgSlug: s, cardId: cards[1]!.id, ontoCardId: cards[0]!.id });
    await ann.retro.groupCard({ orgSlug: s, cardId: cards[3]!.id, ontoCardId: cards[2]!.id });
    await moveTo(rw, r.id, "vote");
    for (const g of (await getFull(rw, rw.ann, r.id)).groups) {
      await ann.retro.vote({ orgSlug: s, groupId: g.id });
      await bob.retro.vote({ orgSlug: s, groupId: g.id });
    }
    await moveTo(rw, r.id, "actions");
    await fac.retro.addAction({ orgSlug: s, retroId: r.id, title: "Do it", ownerId: rw.bob.id });

    const full = await counted(() => bob.retro.get({ orgSlug: s, retroId: r.id }));
    if (full.value.unchanged) throw new Error("expected the whole board");
    expect(full.value.cards).toHaveLength(6);
    expect(full.value.groups.length).toBeGreaterThan(0);
    expect(full.value.groups.every((g) => g.votes === 2 && g.myVotes === 1)).toBe(true);
    expect(full.value.actions.map((a) => a.title)).toEqual(["Do it"]);
    expect(full.value.openActions.map((a) => a.title)).toContain("Carry over");
    expect(full.statements).toHaveLength(2);
    expect(full.statements.length).toBeLessThanOrEqual(5);

    const poll = await counted(() => bob.retro.get({ orgSlug: s, retroId: r.id, since: full.value.seq }));
    expect(poll.value).toEqual({ unchanged: true, seq: full.value.seq });
    expect(poll.statements).toHaveLength(2);
  });
});
