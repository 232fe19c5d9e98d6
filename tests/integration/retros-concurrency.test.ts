/**
 * Retro votes under parallel load on real PostgreSQL (TEST_DB=neon; skipped on PGlite, which runs one
 * statement at a time): the per-person limit holds exactly, no vote is lost or counted twice, and the
 * change cursor moves once per accepted change.
 */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { retroParticipants, retros } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { createRetro, getFull, moveTo, retroWorld, voteRows, type Person, type RetroWorld } from "./_support/retros";

const cfg = inject("testDb");

describe.runIf(cfg.kind === "neon")("parallel votes (PostgreSQL)", () => {
  let h: DbHandle;
  let rw: RetroWorld;

  beforeAll(async () => {
    h = await createTestDb();
    rw = await retroWorld(h.db, "rrace");
  });
  afterAll(async () => h?.close());

  const outcome = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "OK" : `${(r.reason as TRPCError).code} ${(r.reason as TRPCError).message.split("|")[0]}`);
  const seqOf = async (id: string) => (await h.db.select({ seq: retros.seq }).from(retros).where(eq(retros.id, id)))[0]!.seq;

  async function votingRetro(participants: Person[], votesPerPerson: number) {
    const r = await createRetro(rw, { participantIds: participants.map((p) => p.id), votesPerPerson, hideUntilReveal: false });
    await moveTo(rw, r.id, "collect");
    const author = await rw.as(participants[0]!);
    for (const body of ["One", "Two", "Three"]) await author.retro.addCard({ orgSlug: rw.slug, retroId: r.id, columnKey: "start", body });
    await moveTo(rw, r.id, "vote");
    const groups = (await getFull(rw, participants[0]!, r.id)).groups.map((g) => g.id);
    expect(groups).toHaveLength(3);
    return { r, groups };
  }

  it("50 parallel votes by one participant with 5 votes: exactly 5 stored, votesUsed 5, the rest refused", async () => {
    const { r, groups } = await votingRetro([rw.ann, rw.bob], 5);
    const seq = await seqOf(r.id);
    const callers = await Promise.all(Array.from({ length: 50 }, () => rw.as(rw.ann)));
    const res = await Promise.allSettled(callers.map((c, i) => c.retro.vote({ orgSlug: rw.slug, groupId: groups[i % 3]! })));
    const counts = res.map(outcome).reduce<Record<string, number>>((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
    expect(counts).toEqual({ OK: 5, "BAD_REQUEST e.retro.noVotesLeft": 45 });
    const rows = await voteRows(h.db, r.id);
    expect(rows).toHaveLength(5);
    expect(rows.every((v) => v.userId === rw.ann.id)).toBe(true);
    const [me] = await h.db.select().from(retroParticipants).where(eq(retroParticipants.userId, rw.ann.id));
    expect(me!.votesUsed).toBe(5);
    expect((await getFull(rw, rw.ann, r.id)).me.votesUsed).toBe(5);
    // Each accepted vote moved the cursor once; refused ones not at all.
    expect(await seqOf(r.id)).toBe(seq + 5);
    // The answers of the accepted votes count 1..5, each once.
    const used = res.filter((x): x is PromiseFulfilledResult<{ votesUsed: number; votesLeft: number }> => x.status === "fulfilled").map((x) => x.value.votesUsed);
    expect(used.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("50 parallel votes from 10 participants: exact totals per group and per person", async () => {
    const people: Person[] = [];
    for (let i = 0; i < 10; i++) people.push(await rw.person(`Voter ${i} rrace`));
    const { r, groups } = await votingRetro(people, 5);
    const seq = await seqOf(r.id);
    // Voter i puts vote k on group (i + k) % 3: a known spread.
    const plan = people.flatMap((p, i) => Array.from({ length: 5 }, (_, k) => ({ p, g: groups[(i + k) % 3]! })));
    const callers = await Promise.all(plan.map(({ p }) => rw.as(p)));
    const res = await Promise.allSettled(callers.map((c, j) => c.retro.vote({ orgSlug: rw.slug, groupId: plan[j]!.g })));
    expect(res.map(outcome)).toEqual(Array(50).fill("OK"));
    const expected = Object.fromEntries(groups.map((g) => [g, plan.filter((x) => x.g === g).length]));
    const rows = await voteRows(h.db, r.id);
    expect(rows).toHaveLength(50);
    expect(Object.fromEntries(groups.map((g) => [g, rows.filter((v) => v.groupId === g).length]))).toEqual(expected);
    const parts = await h.db.select().from(retroParticipants).where(eq(retroParticipants.retroId, r.id));
    for (const p of people) expect(parts.find((x) => x.userId === p.id)!.votesUsed, p.name).toBe(5);
    expect(await seqOf(r.id)).toBe(seq + 50);

    // A second wave: everyone tries 5 more votes while taking 2 back, all at once. Whatever the
    // interleaving, each person's count matches their stored votes and never passes the limit.
    const wave = people.flatMap((p, i) => [
      ...Array.from({ length: 5 }, () => ({ p, kind: "vote" as const, g: groups[i % 3]! })),
      ...Array.from({ length: 2 }, (_, k) => ({ p, kind: "unvote" as const, g: groups[(i + k) % 3]! })),
    ]);
    const waveCallers = await Promise.all(wave.map(({ p }) => rw.as(p)));
    const waveRes = await Promise.allSettled(waveCallers.map((c, j) => c.retro[wave[j]!.kind]({ orgSlug: rw.slug, groupId: wave[j]!.g })));
    for (const o of waveRes.map(outcome)) expect(["OK", "BAD_REQUEST e.retro.noVotesLeft", "BAD_REQUEST e.retro.noVoteHere"]).toContain(o);
    const after = await voteRows(h.db, r.id);
    const partsAfter = await h.db.select().from(retroParticipants).where(eq(retroParticipants.retroId, r.id));
    for (const p of people) {
      const stored = after.filter((v) => v.userId === p.id).length;
      expect(partsAfter.find((x) => x.userId === p.id)!.votesUsed, p.name).toBe(stored);
      expect(stored).toBeLessThanOrEqual(5);
    }
    const accepted = waveRes.filter((x) => x.status === "fulfilled").length;
    expect(await seqOf(r.id)).toBe(seq + 50 + accepted);
    // Totals in discuss are exactly the stored votes.
    await moveTo(rw, r.id, "discuss");
    const shown = (await getFull(rw, rw.viewer, r.id)).groups;
    for (const g of shown) expect(g.votes, g.id).toBe(after.filter((v) => v.groupId === g.id).length);
    expect(shown.map((g) => g.votes)).toEqual([...shown.map((g) => g.votes)].sort((a, b) => b! - a!));
  });

  it("votes racing a card deletion that empties the voted group: no deadlock, no vote lost or left behind", async () => {
    const people: Person[] = [];
    for (let i = 0; i < 6; i++) people.push(await rw.person(`Racer ${i} rrace`));
    for (let round = 0; round < 3; round++) {
      const { r, groups } = await votingRetro(people, 5);
      const author = people[0]!;
      const cards = (await getFull(rw, author, r.id)).cards;
      const doomed = cards.find((c) => c.groupId === groups[0])!;
      // Everyone has one vote on the doomed group already, then votes again on it and elsewhere
      // while its only card is deleted.
      for (const p of people) await (await rw.as(p)).retro.vote({ orgSlug: rw.slug, groupId: groups[0]! });
      const ops = people.flatMap((p) => [
        { p, run: (c: Awaited<ReturnType<RetroWorld["as"]>>) => c.retro.vote({ orgSlug: rw.slug, groupId: groups[0]! }) },
        { p, run: (c: Awaited<ReturnType<RetroWorld["as"]>>) => c.retro.vote({ orgSlug: rw.slug, groupId: groups[1]! }) },
        { p, run: (c: Awaited<ReturnType<RetroWorld["as"]>>) => c.retro.unvote({ orgSlug: rw.slug, groupId: groups[0]! }) },
      ]);
      const callers = await Promise.all([...ops.map(({ p }) => rw.as(p)), rw.as(author)]);
      const res = await Promise.allSettled([
        ...ops.map((o, j) => o.run(callers[j]!)),
        callers[ops.length]!.retro.deleteCard({ orgSlug: rw.slug, cardId: doomed.id }),
      ]);
      const outcomes = res.map(outcome);
      for (const o of outcomes) expect(["OK", "NOT_FOUND e.notFound", "BAD_REQUEST e.retro.noVoteHere"], `round ${round}: ${outcomes.join(", ")}`).toContain(o);
      expect(outcomes.at(-1)).toBe("OK");
      const stored = await voteRows(h.db, r.id);
      expect(stored.filter((v) => v.groupId === groups[0])).toEqual([]);
      const parts = await h.db.select().from(retroParticipants).where(eq(retroParticipants.retroId, r.id));
      for (const p of people) expect(parts.find((x) => x.userId === p.id)!.votesUsed, `${p.name} round ${round}`).toBe(stored.filter((v) => v.userId === p.id).length);
    }
  });
});
