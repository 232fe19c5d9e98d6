/**
 * Retros through the tRPC caller: the phase machine (one step at a time, facilitator or a manager of
 * the department, closed is read-only, vote gives loose cards their own groups, leaving collect
 * reveals), votes (per-person limit, unvote, totals hidden while voting and sorted in discuss),
 * grouping (drop onto a card, never into another retro, empty groups vanish and return their votes),
 * non-participants, the change cursor and presence.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { retroCards, retroGroups, retros } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { createRetro, expectError, expectFieldKey, getFull, moveTo, retroWorld, votesUsed, voteRows, type RetroWorld } from "./_support/retros";

let h: DbHandle;
let rw: RetroWorld;

beforeAll(async () => {
  h = await createTestDb();
  rw = await retroWorld(h.db, "rflow");
});
afterAll(async () => h?.close());

const retroRow = async (id: string) => (await h.db.select().from(retros).where(eq(retros.id, id)))[0]!;

describe("phase machine", () => {
  it("moves one step at a time, forward and back; a skip is a field error on phase", async () => {
    const r = await createRetro(rw);
    expect(r.phase).toBe("prepare");
    const fac = await rw.as(rw.fac);
    await expectFieldKey(fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "group" }), "phase", "e.retro.phaseStep");
    await expectFieldKey(fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "prepare" }), "phase", "e.retro.phaseStep");
    expect((await retroRow(r.id)).phase).toBe("prepare");
    const c = await fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "collect" });
    expect(c.phase).toBe("collect");
    const back = await fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: c.version, phase: "prepare" });
    expect(back.phase).toBe("prepare");
    // A stale version is a conflict, nothing changes.
    await expectError(fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: c.version, phase: "collect" }), "CONFLICT", "e.conflict");
    const seen: string[] = [];
    const order = ["prepare", "collect", "group", "vote", "discuss", "actions", "closed"] as const;
    let cur = back;
    for (const phase of order.slice(1)) {
      // From every phase, jumping two steps (either way) is refused.
      const i = order.indexOf(cur.phase);
      for (const skip of [order[i + 2], order[i - 2]]) {
        if (skip) await expectFieldKey(fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: cur.version, phase: skip }), "phase", "e.retro.phaseStep");
      }
      cur = await fac.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: cur.version, phase });
      seen.push(cur.phase);
    }
    expect(seen).toEqual(["collect", "group", "vote", "discuss", "actions", "closed"]);
    expect(cur.closedAt).not.toBeNull();
  });

  it("only the facilitator or a manager of the retro's department moves it; a participant gets facilitatorOnly", async () => {
    const r = await createRetro(rw);
    const ann = await rw.as(rw.ann);
    await expectError(ann.retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "collect" }), "FORBIDDEN", "e.retro.facilitatorOnly");
    await expectError(ann.retro.reveal({ orgSlug: rw.slug, retroId: r.id }), "FORBIDDEN", "e.retro.facilitatorOnly");
    await expectError(ann.retro.setTimer({ orgSlug: rw.slug, retroId: r.id, minutes: 5 }), "FORBIDDEN", "e.retro.facilitatorOnly");
    // The outsider (member of department B) is no manager of A either.
    await expectError((await rw.as(rw.outsider)).retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "collect" }), "FORBIDDEN", "e.retro.facilitatorOnly");
    expect((await retroRow(r.id)).phase).toBe("prepare");
    // The manager of department A is not a participant, but may facilitate.
    const m = await (await rw.as(rw.manager)).retro.setPhase({ orgSlug: rw.slug, retroId: r.id, version: r.version, phase: "collect" });
    expect(m.phase).toBe("collect");
    const t = await (await rw.as(rw.manager)).retro.setTimer({ orgSlug: rw.slug, retroId: r.id, minutes: 5 });
    expect(t.timerEndsAt).not.toBeNull();
    // A retro of department B: the manager of A may not.
    const rb = await createRetro(rw, { departmentIds: [rw.w.org.departmentIds.b] });
    await expectError((await rw.as(rw.manager)).retro.setPhase({ orgSlug: rw.slug, retroId: rb.id, version: rb.version, phase: "collect" }), "FORBIDDEN", "e.retro.facilitatorOnly");
  });

  it("a closed retro is read-only: cards, groups, votes, actions, phase and settings all refused with e.retro.closed", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    const ann = await rw.as(rw.ann);
    const card = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Pair on reviews" });
    const other = await (await rw.as(rw.bob)).retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "stop", body: "Late merges" });
    await moveTo(rw, r.id, "discuss");
    const action = await ann.retro.addAction({ orgSlug: rw.slug, retroId: r.id, title: "Review rota" });
    const closed = await moveTo(rw, r.id, "closed");
    const full = await getFull(rw, rw.ann, r.id);
    const g = full.groups[0]!;
    const seqBefore = (await retroRow(r.id)).seq;
    const cardsBefore = await h.db.select().from(retroCards).where(eq(retroCards.retroId, r.id));
    const closedKey = "e.retro.closed";
    const s = rw.slug;
    await expectError(ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Too late" }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.updateCard({ orgSlug: s, cardId: card.id, version: card.version, body: "Edited" }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.deleteCard({ orgSlug: s, cardId: card.id }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.groupCard({ orgSlug: s, cardId: card.id, ontoCardId: other.id }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.updateGroup({ orgSlug: s, groupId: g.id, version: g.version, title: "Renamed", notes: "" }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.vote({ orgSlug: s, groupId: g.id }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.unvote({ orgSlug: s, groupId: g.id }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Another" }), "BAD_REQUEST", closedKey);
    await expectError(ann.retro.deleteAction({ orgSlug: s, actionId: action.id }), "BAD_REQUEST", closedKey);
    const fac = await rw.as(rw.fac);
    await expectError(fac.retro.setPhase({ orgSlug: s, retroId: r.id, version: closed.version, phase: "actions" }), "BAD_REQUEST", closedKey);
    await expectError(fac.retro.reveal({ orgSlug: s, retroId: r.id }), "BAD_REQUEST", closedKey);
    await expectError(fac.retro.setTimer({ orgSlug: s, retroId: r.id, minutes: 3 }), "BAD_REQUEST", closedKey);
    await expectError(
      fac.retro.update({ orgSlug: s, retroId: r.id, version: closed.version, title: "New", participantIds: [rw.ann.id, rw.bob.id], anonymous: false, votesPerPerson: 5, hideUntilReveal: false }),
      "BAD_REQUEST",
      closedKey,
    );
    const after = await retroRow(r.id);
    expect([after.phase, after.seq, after.title]).toEqual(["closed", seqBefore, closed.title]);
    expect(await h.db.select().from(retroCards).where(eq(retroCards.retroId, r.id))).toEqual(cardsBefore);
    expect(await voteRows(h.db, r.id)).toHaveLength(0);
    // Reading still works, for participants and viewers.
    expect((await getFull(rw, rw.viewer, r.id)).phase).toBe("closed");
  });

  it("entering vote gives every ungrouped card a group of its own; grouped cards keep theirs", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    const ann = await rw.as(rw.ann);
    const s = rw.slug;
    await moveTo(rw, r.id, "collect");
    const a = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "A" });
    const b = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "B" });
    const c = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "stop", body: "C" });
    const d = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "continue", body: "D" });
    await moveTo(rw, r.id, "group");
    await ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: b.id });
    const before = await getFull(rw, rw.ann, r.id);
    expect(before.groups).toHaveLength(1);
    expect(before.cards.filter((x) => x.groupId === null).map((x) => x.body).sort()).toEqual(["C", "D"]);
    await moveTo(rw, r.id, "vote");
    const v = await getFull(rw, rw.ann, r.id);
    expect(v.cards.every((x) => x.groupId !== null)).toBe(true);
    expect(v.groups).toHaveLength(3);
    const groupOf = (id: string) => v.cards.find((x) => x.id === id)!.groupId;
    expect(groupOf(a.id)).toBe(groupOf(b.id));
    expect(new Set([groupOf(a.id), groupOf(c.id), groupOf(d.id)]).size).toBe(3);
  });

  it("cards are hidden from others until reveal; leaving collect reveals them", async () => {
    const r = await createRetro(rw, { hideUntilReveal: true });
    await moveTo(rw, r.id, "collect");
    await (await rw.as(rw.ann)).retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Secret idea" });
    expect((await getFull(rw, rw.bob, r.id)).cards.map((c) => c.body)).toEqual([null]);
    expect((await getFull(rw, rw.ann, r.id)).cards.map((c) => [c.body, c.mine])).toEqual([["Secret idea", true]]);
    const g = await moveTo(rw, r.id, "group");
    expect(g.revealed).toBe(true);
    expect((await getFull(rw, rw.bob, r.id)).cards.map((c) => [c.body, c.mine])).toEqual([["Secret idea", false]]);
    // Back to collect: what was revealed stays revealed.
    await moveTo(rw, r.id, "collect");
    expect((await getFull(rw, rw.viewer, r.id)).cards.map((c) => c.body)).toEqual(["Secret idea"]);
  });
});

describe("votes", () => {
  async function votingRetro(votesPerPerson: number) {
    const r = await createRetro(rw, { votesPerPerson, hideUntilReveal: false });
    await moveTo(rw, r.id, "collect");
    const ann = await rw.as(rw.ann);
    const x = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "X" });
    const y = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "stop", body: "Y" });
    const z = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "continue", body: "Z" });
    await moveTo(rw, r.id, "vote");
    const full = await getFull(rw, rw.ann, r.id);
    const groupOf = (id: string) => full.cards.find((c) => c.id === id)!.groupId!;
    return { r, gx: groupOf(x.id), gy: groupOf(y.id), gz: groupOf(z.id), cards: { x, y, z } };
  }

  it("limits votes per person; past the limit is BAD_REQUEST noVotesLeft and nothing is written; unvote gives one back", async () => {
    const { r, gx, gy } = await votingRetro(3);
    const ann = await rw.as(rw.ann);
    const s = rw.slug;
    expect(await ann.retro.vote({ orgSlug: s, groupId: gx })).toEqual({ votesUsed: 1, votesLeft: 2 });
    expect(await ann.retro.vote({ orgSlug: s, groupId: gx })).toEqual({ votesUsed: 2, votesLeft: 1 });
    expect(await ann.retro.vote({ orgSlug: s, groupId: gy })).toEqual({ votesUsed: 3, votesLeft: 0 });
    const seq = (await retroRow(r.id)).seq;
    await expectError(ann.retro.vote({ orgSlug: s, groupId: gy }), "BAD_REQUEST", "e.retro.noVotesLeft");
    expect(await voteRows(h.db, r.id)).toHaveLength(3);
    expect(await votesUsed(h.db, r.id, rw.ann.id)).toBe(3);
    expect((await retroRow(r.id)).seq).toBe(seq);
    // No vote of mine on this group: nothing to take back.
    const gz = (await getFull(rw, rw.ann, r.id)).groups.find((g) => g.id !== gx && g.id !== gy)!.id;
    await expectError(ann.retro.unvote({ orgSlug: s, groupId: gz }), "BAD_REQUEST", "e.retro.noVoteHere");
    expect(await ann.retro.unvote({ orgSlug: s, groupId: gx })).toEqual({ votesUsed: 2, votesLeft: 1 });
    expect(await voteRows(h.db, r.id)).toHaveLength(2);
    expect(await ann.retro.vote({ orgSlug: s, groupId: gz })).toEqual({ votesUsed: 3, votesLeft: 0 });
    const me = (await getFull(rw, rw.ann, r.id)).me;
    expect(me.votesUsed).toBe(3);
    // Votes only in the vote phase.
    await moveTo(rw, r.id, "discuss");
    await expectError(ann.retro.unvote({ orgSlug: s, groupId: gx }), "BAD_REQUEST", "e.retro.wrongPhase");
  });

  it("hides totals while voting (each sees only their own), shows them in discuss sorted by votes", async () => {
    const { r, gx, gy, gz } = await votingRetro(5);
    const s = rw.slug;
    const ann = await rw.as(rw.ann);
    const bob = await rw.as(rw.bob);
    await ann.retro.vote({ orgSlug: s, groupId: gz });
    await ann.retro.vote({ orgSlug: s, groupId: gz });
    await bob.retro.vote({ orgSlug: s, groupId: gz });
    await bob.retro.vote({ orgSlug: s, groupId: gy });
    const duringAnn = await getFull(rw, rw.ann, r.id);
    expect(duringAnn.groups.every((g) => g.votes === null)).toBe(true);
    expect(Object.fromEntries(duringAnn.groups.map((g) => [g.id, g.myVotes]))).toEqual({ [gx]: 0, [gy]: 0, [gz]: 2 });
    const duringBob = await getFull(rw, rw.bob, r.id);
    expect(Object.fromEntries(duringBob.groups.map((g) => [g.id, g.myVotes]))).toEqual({ [gx]: 0, [gy]: 1, [gz]: 1 });
    const duringViewer = await getFull(rw, rw.viewer, r.id);
    expect(duringViewer.groups.map((g) => [g.votes, g.myVotes])).toEqual([
      [null, 0],
      [null, 0],
      [null, 0],
    ]);
    // The export during voting carries no totals either.
    const ex = await ann.retro.export({ orgSlug: s, retroId: r.id });
    expect(ex.markdown).not.toMatch(/\(\d+\)/);
    await moveTo(rw, r.id, "discuss");
    const after = await getFull(rw, rw.viewer, r.id);
    expect(after.groups.map((g) => [g.id, g.votes])).toEqual([
      [gz, 3],
      [gy, 1],
      [gx, 0],
    ]);
  });
});

describe("grouping", () => {
  it("dropping a card onto another forms a group; onto a card of another retro is a field error; empty groups vanish and give their votes back", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false, votesPerPerson: 3 });
    const s = rw.slug;
    await moveTo(rw, r.id, "collect");
    const ann = await rw.as(rw.ann);
    const bob = await rw.as(rw.bob);
    const a = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "A" });
    const b = await bob.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "B" });
    const c = await bob.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "stop", body: "C" });
    await moveTo(rw, r.id, "group");
    // Grouping only in the group phase — and only by participants.
    await expectError((await rw.as(rw.outsider)).retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: b.id }), "FORBIDDEN", "e.retro.notParticipant");
    const res = await ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: b.id });
    expect(res.groupId).not.toBeNull();
    const cards = await h.db.select().from(retroCards).where(eq(retroCards.retroId, r.id));
    expect(cards.find((x) => x.id === a.id)!.groupId).toBe(res.groupId);
    expect(cards.find((x) => x.id === b.id)!.groupId).toBe(res.groupId);
    // C joins the same group by being dropped onto A.
    expect((await bob.retro.groupCard({ orgSlug: s, cardId: c.id, ontoCardId: a.id })).groupId).toBe(res.groupId);
    await expectFieldKey(ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: a.id }), "ontoCardId", "e.retro.sameCard");

    // A card of another retro (even one Ann takes part in) is never a target.
    const other = await createRetro(rw, { hideUntilReveal: false });
    await moveTo(rw, other.id, "collect");
    const foreign = await ann.retro.addCard({ orgSlug: s, retroId: other.id, columnKey: "start", body: "Elsewhere" });
    await moveTo(rw, other.id, "group");
    const seq = (await retroRow(r.id)).seq;
    await expectFieldKey(ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: foreign.id }), "ontoCardId", "e.retro.otherRetro");
    await expectFieldKey(ann.retro.groupCard({ orgSlug: s, cardId: foreign.id, ontoCardId: a.id }), "ontoCardId", "e.retro.otherRetro");
    await expectFieldKey(ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: "00000000-0000-4000-8000-000000000000" }), "ontoCardId", "e.retro.otherRetro");
    expect((await h.db.select().from(retroCards).where(eq(retroCards.id, a.id)))[0]!.groupId).toBe(res.groupId);
    expect((await h.db.select().from(retroCards).where(eq(retroCards.id, foreign.id)))[0]!.groupId).toBeNull();
    expect((await retroRow(r.id)).seq).toBe(seq);

    // Taking C out leaves it loose; the group with A and B stays.
    expect((await bob.retro.groupCard({ orgSlug: s, cardId: c.id, ontoCardId: null })).groupId).toBeNull();
    expect(await h.db.select().from(retroGroups).where(eq(retroGroups.retroId, r.id))).toHaveLength(1);
    // Taking A and B out empties the group: it disappears.
    await ann.retro.groupCard({ orgSlug: s, cardId: a.id, ontoCardId: null });
    expect(await h.db.select().from(retroGroups).where(eq(retroGroups.retroId, r.id))).toHaveLength(1);
    await bob.retro.groupCard({ orgSlug: s, cardId: b.id, ontoCardId: null });
    expect(await h.db.select().from(retroGroups).where(eq(retroGroups.retroId, r.id))).toHaveLength(0);

    // Votes on a group that loses its last card come back to their voters.
    await moveTo(rw, r.id, "vote");
    const v = await getFull(rw, rw.ann, r.id);
    const gOfC = v.cards.find((x) => x.id === c.id)!.groupId!;
    const gOfA = v.cards.find((x) => x.id === a.id)!.groupId!;
    await ann.retro.vote({ orgSlug: s, groupId: gOfC });
    await ann.retro.vote({ orgSlug: s, groupId: gOfC });
    await ann.retro.vote({ orgSlug: s, groupId: gOfA });
    await bob.retro.vote({ orgSlug: s, groupId: gOfC });
    expect(await votesUsed(h.db, r.id, rw.ann.id)).toBe(3);
    await expectError(ann.retro.vote({ orgSlug: s, groupId: gOfA }), "BAD_REQUEST", "e.retro.noVotesLeft");
    await bob.retro.deleteCard({ orgSlug: s, cardId: c.id });
    expect(await h.db.select().from(retroGroups).where(and(eq(retroGroups.retroId, r.id), eq(retroGroups.id, gOfC)))).toHaveLength(0);
    expect(await votesUsed(h.db, r.id, rw.ann.id)).toBe(1);
    expect(await votesUsed(h.db, r.id, rw.bob.id)).toBe(0);
    expect((await voteRows(h.db, r.id)).map((x) => [x.userId, x.groupId])).toEqual([[rw.ann.id, gOfA]]);
    expect(await ann.retro.vote({ orgSlug: s, groupId: gOfA })).toEqual({ votesUsed: 2, votesLeft: 1 });
  });

  it("group titles and notes are editable by participants, with optimistic versions", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    await moveTo(rw, r.id, "collect");
    const ann = await rw.as(rw.ann);
    const a = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "A" });
    const b = await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "B" });
    await moveTo(rw, r.id, "group");
    const { groupId } = await ann.retro.groupCard({ orgSlug: rw.slug, cardId: a.id, ontoCardId: b.id });
    const g = (await getFull(rw, rw.bob, r.id)).groups.find((x) => x.id === groupId)!;
    const u = await (await rw.as(rw.bob)).retro.updateGroup({ orgSlug: rw.slug, groupId: g.id, version: g.version, title: "Reviews", notes: "Talk about it" });
    expect([u.title, u.notes]).toEqual(["Reviews", "Talk about it"]);
    await expectError(ann.retro.updateGroup({ orgSlug: rw.slug, groupId: g.id, version: g.version, title: "Stale", notes: "" }), "CONFLICT", "e.conflict");
    await expectError((await rw.as(rw.outsider)).retro.updateGroup({ orgSlug: rw.slug, groupId: g.id, version: u.version, title: "Nope", notes: "" }), "FORBIDDEN", "e.retro.notParticipant");
  });
});

describe("settings and list", () => {
  it("votes per person cannot drop below what someone has cast; a voter stays a participant; the list counts cards and open actions", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false, votesPerPerson: 5 });
    const s = rw.slug;
    await moveTo(rw, r.id, "collect");
    const ann = await rw.as(rw.ann);
    await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "A" });
    await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "stop", body: "B" });
    const v = await moveTo(rw, r.id, "vote");
    const g = (await getFull(rw, rw.ann, r.id)).groups[0]!;
    for (let i = 0; i < 3; i++) await ann.retro.vote({ orgSlug: s, groupId: g.id });
    const fac = await rw.as(rw.fac);
    const base = { orgSlug: s, retroId: r.id, title: r.title, anonymous: false, hideUntilReveal: false };
    await expectFieldKey(fac.retro.update({ ...base, version: v.version, participantIds: [rw.ann.id, rw.bob.id], votesPerPerson: 2 }), "votesPerPerson", "e.retro.votesAlreadyCast");
    expect((await retroRow(r.id)).votesPerPerson).toBe(5);
    // Removing Ann (who voted) and Bob: Bob goes, Ann keeps her place and her votes.
    const u = await fac.retro.update({ ...base, version: v.version, participantIds: [], votesPerPerson: 3 });
    expect(u.votesPerPerson).toBe(3);
    const full = await getFull(rw, rw.viewer, r.id);
    expect(full.participants.map((p) => p.userId).sort()).toEqual([rw.fac.id, rw.ann.id].sort());
    await expectError(ann.retro.vote({ orgSlug: s, groupId: g.id }), "BAD_REQUEST", "e.retro.noVotesLeft");
    await moveTo(rw, r.id, "discuss");
    await ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Open one" });
    const listed = (await (await rw.as(rw.viewer)).retro.list({ orgSlug: s })).find((x) => x.id === r.id)!;
    expect([listed.cards, listed.openActions, listed.phase, listed.facilitatorId, listed.periodName]).toEqual([2, 1, "discuss", rw.fac.id, "2030-Q1"]);
  });
});

describe("templates, columns and timer", () => {
  it("an org template's columns are copied into the retro (deleting the template changes nothing); unknown templates and columns are field errors", async () => {
    const admin = await rw.as(rw.w.org.users.admin.id);
    const t = await admin.retro.createTemplate({ orgSlug: rw.slug, name: "Sailboat", columns: [{ key: "wind", label: "Wind" }, { key: "anchors", label: "Anchors" }] });
    await expectFieldKey(admin.retro.createTemplate({ orgSlug: rw.slug, name: "sailboat", columns: [{ key: "x", label: "X" }] }), "name", "e.retro.templateNameTaken");
    await expectFieldKey(admin.retro.createTemplate({ orgSlug: rw.slug, name: "Twice", columns: [{ key: "x", label: "X" }, { key: "x", label: "Y" }] }), "columns", "e.retro.duplicateColumn");
    const r = await createRetro(rw, { template: t.id, hideUntilReveal: false });
    expect(r.columns).toEqual([
      { key: "wind", label: "Wind" },
      { key: "anchors", label: "Anchors" },
    ]);
    await admin.retro.deleteTemplate({ orgSlug: rw.slug, templateId: t.id });
    expect((await getFull(rw, rw.ann, r.id)).columns.map((c) => c.key)).toEqual(["wind", "anchors"]);
    await expectFieldKey(createRetro(rw, { template: t.id }), "template", "e.retro.unknownTemplate");
    const ann = await rw.as(rw.ann);
    await expectFieldKey(ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body: "Not a column here" }), "columnKey", "e.retro.unknownColumn");
    expect((await ann.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "wind", body: "Fast reviews" })).columnKey).toBe("wind");
    const builtins = (await ann.retro.templates({ orgSlug: rw.slug })).builtin.map((b) => b.id);
    expect(builtins).toEqual(["builtin:start_stop_continue", "builtin:four_ls", "builtin:mad_sad_glad", "builtin:went_well"]);
  });

  it("the timer is set in minutes, cleared with 0 and by a phase change", async () => {
    const r = await createRetro(rw);
    const fac = await rw.as(rw.fac);
    const before = Date.now();
    const { timerEndsAt } = await fac.retro.setTimer({ orgSlug: rw.slug, retroId: r.id, minutes: 10 });
    expect(timerEndsAt!.getTime() - before).toBeGreaterThanOrEqual(10 * 60_000 - 5_000);
    expect(timerEndsAt!.getTime() - before).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    expect((await getFull(rw, rw.ann, r.id)).timerEndsAt?.getTime()).toBe(timerEndsAt!.getTime());
    expect((await fac.retro.setTimer({ orgSlug: rw.slug, retroId: r.id, minutes: 0 })).timerEndsAt).toBeNull();
    await fac.retro.setTimer({ orgSlug: rw.slug, retroId: r.id, minutes: 5 });
    await moveTo(rw, r.id, "collect");
    expect((await getFull(rw, rw.ann, r.id)).timerEndsAt).toBeNull();
  });
});

describe("non-participants", () => {
  it("cannot add cards or vote, but may read", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    const s = rw.slug;
    await moveTo(rw, r.id, "collect");
    const card = await (await rw.as(rw.ann)).retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Readable" });
    const out = await rw.as(rw.outsider);
    await expectError(out.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "Intruder" }), "FORBIDDEN", "e.retro.notParticipant");
    // Someone else's card: edits refused.
    await expectError(out.retro.updateCard({ orgSlug: s, cardId: card.id, version: card.version, body: "Hijack" }), "FORBIDDEN", "e.retro.notYourCard");
    await moveTo(rw, r.id, "vote");
    const full = await getFull(rw, rw.outsider, r.id);
    expect(full.me).toEqual({ participant: false, facilitator: false, votesUsed: 0 });
    expect(full.cards.map((c) => c.body)).toEqual(["Readable"]);
    await expectError(out.retro.vote({ orgSlug: s, groupId: full.groups[0]!.id }), "FORBIDDEN", "e.retro.notParticipant");
    // A viewer has no participate permission at all.
    const viewer = await rw.as(rw.viewer);
    expect((await viewer.retro.get({ orgSlug: s, retroId: r.id })).unchanged).toBe(false);
    expect((await failure(viewer.retro.vote({ orgSlug: s, groupId: full.groups[0]!.id }))).code).toBe("FORBIDDEN");
    await moveTo(rw, r.id, "discuss");
    await expectError(out.retro.addAction({ orgSlug: s, retroId: r.id, title: "Not mine" }), "FORBIDDEN", "e.retro.notParticipant");
    expect(await voteRows(h.db, r.id)).toHaveLength(0);
    expect(await h.db.select().from(retroCards).where(eq(retroCards.retroId, r.id))).toHaveLength(1);
    expect((await out.retro.list({ orgSlug: s })).find((x) => x.id === r.id)?.participating).toBe(false);
    expect((await (await rw.as(rw.ann)).retro.list({ orgSlug: s })).find((x) => x.id === r.id)?.participating).toBe(true);
  });
});

describe("change cursor and presence", () => {
  it("get with since = current seq answers unchanged; every change bumps seq", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    const s = rw.slug;
    const bob = await rw.as(rw.bob);
    const ann = await rw.as(rw.ann);
    const first = await getFull(rw, rw.bob, r.id);
    expect(await bob.retro.get({ orgSlug: s, retroId: r.id, since: first.seq })).toEqual({ unchanged: true, seq: first.seq });
    // Stale or missing cursor: the full retro.
    expect((await bob.retro.get({ orgSlug: s, retroId: r.id, since: first.seq - 1 })).unchanged).toBe(false);
    let seq = first.seq;
    const expectBumped = async (what: string) => {
      const now = (await retroRow(r.id)).seq;
      expect(now, what).toBeGreaterThan(seq);
      const res = await bob.retro.get({ orgSlug: s, retroId: r.id, since: seq });
      expect(res.unchanged, what).toBe(false);
      seq = now;
    };
    let cur = await moveTo(rw, r.id, "collect");
    await expectBumped("setPhase");
    const card = await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "One" });
    await expectBumped("addCard");
    const c2 = await ann.retro.updateCard({ orgSlug: s, cardId: card.id, version: card.version, body: "One, edited" });
    await expectBumped("updateCard");
    const other = await bob.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "stop", body: "Two" });
    await expectBumped("addCard 2");
    cur = await moveTo(rw, r.id, "group");
    await expectBumped("setPhase group");
    await (await rw.as(rw.fac)).retro.setTimer({ orgSlug: s, retroId: r.id, minutes: 3 });
    await expectBumped("setTimer");
    await (await rw.as(rw.fac)).retro.reveal({ orgSlug: s, retroId: r.id });
    await expectBumped("reveal");
    const { groupId } = await ann.retro.groupCard({ orgSlug: s, cardId: c2.id, ontoCardId: other.id });
    await expectBumped("groupCard");
    const g = (await getFull(rw, rw.ann, r.id)).groups.find((x) => x.id === groupId)!;
    await ann.retro.updateGroup({ orgSlug: s, groupId: g.id, version: g.version, title: "Named", notes: "" });
    await expectBumped("updateGroup");
    cur = await moveTo(rw, r.id, "vote");
    await expectBumped("setPhase vote");
    await ann.retro.vote({ orgSlug: s, groupId: g.id });
    await expectBumped("vote");
    await ann.retro.unvote({ orgSlug: s, groupId: g.id });
    await expectBumped("unvote");
    cur = await moveTo(rw, r.id, "discuss");
    await expectBumped("setPhase discuss");
    const action = await ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Act" });
    await expectBumped("addAction");
    const a2 = await ann.retro.updateAction({ orgSlug: s, actionId: action.id, version: action.version, title: "Act now", ownerId: null, dueOn: null, groupId: null, status: "in_progress" });
    await expectBumped("updateAction");
    await ann.retro.deleteAction({ orgSlug: s, actionId: a2.id });
    await expectBumped("deleteAction");
    await (await rw.as(rw.fac)).retro.update({
      orgSlug: s,
      retroId: r.id,
      version: cur.version,
      title: "Renamed",
      participantIds: [rw.ann.id, rw.bob.id],
      anonymous: false,
      votesPerPerson: 5,
      hideUntilReveal: false,
    });
    await expectBumped("update");
    await ann.retro.deleteCard({ orgSlug: s, cardId: c2.id });
    await expectBumped("deleteCard");
    // Reading changes nothing.
    await getFull(rw, rw.viewer, r.id);
    expect((await retroRow(r.id)).seq).toBe(seq);
  });

  it("a participant's get marks them present; non-participants are not listed", async () => {
    const r = await createRetro(rw);
    const before = await getFull(rw, rw.viewer, r.id);
    expect(before.participants.map((p) => [p.userId, p.present]).sort()).toEqual(
      [
        [rw.fac.id, false],
        [rw.ann.id, false],
        [rw.bob.id, false],
      ].sort(),
    );
    // Even a cheap "unchanged" poll counts as being there.
    await (await rw.as(rw.ann)).retro.get({ orgSlug: rw.slug, retroId: r.id, since: before.seq });
    const after = await getFull(rw, rw.bob, r.id);
    const present = Object.fromEntries(after.participants.map((p) => [p.userId, p.present]));
    expect(present).toEqual({ [rw.fac.id]: false, [rw.ann.id]: true, [rw.bob.id]: true });
    expect(after.participants.some((p) => p.userId === rw.viewer.id)).toBe(false);
    expect(after.me.participant).toBe(true);
  });
});

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeTruthy();
  return err as { code: string };
}
