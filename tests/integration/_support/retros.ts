/** Shared set-up for the retro integration tests: a world with named people, and retros driven through the API. */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";
import { memberships, retroParticipants, retros, retroVotes } from "@/db/schema";
import { AppError } from "@/server/errors";
import { RETRO_PHASES } from "@/server/retros/schema";
import { callerFor, makeUser } from "../../helpers/factories";
import { makeWorld, type World } from "./procedures";

export interface Person {
  id: string;
  email: string;
  name: string;
}

export interface RetroWorld {
  w: World;
  db: Database;
  slug: string;
  /** Member of department A: facilitates the retros of these tests. */
  fac: Person;
  /** Manager of department A: may facilitate any retro of A without being its facilitator. */
  manager: Person;
  /** Plain participants (members without a department). */
  ann: Person;
  bob: Person;
  /** A member of department B who is not a participant. */
  outsider: Person;
  /** A viewer: reads, never participates. */
  viewer: Person;
  as: (p: Person | string) => ReturnType<typeof callerFor>;
  person: (name: string, role?: "member" | "manager" | "admin" | "viewer") => Promise<Person>;
}

export async function retroWorld(db: Database, label: string): Promise<RetroWorld> {
  const w = await makeWorld(db, label);
  const person = async (name: string, role: "member" | "manager" | "admin" | "viewer" = "member"): Promise<Person> => {
    const u = await makeUser(db, name);
    await db.insert(memberships).values({ orgId: w.org.orgId, userId: u.id, role });
    return { id: u.id, email: u.email, name: u.name };
  };
  const known = (role: "member" | "manager" | "viewer", name: string): Person => ({ id: w.org.users[role].id, email: w.org.users[role].email, name });
  return {
    w,
    db,
    slug: w.org.slug,
    fac: known("member", `${label} member`),
    manager: known("manager", `${label} manager`),
    ann: await person(`Annabel Quill ${label}`),
    bob: await person(`Bartholomew Reed ${label}`),
    outsider: { id: w.other.id, email: w.other.email, name: `${label} other` },
    viewer: known("viewer", `${label} viewer`),
    as: (p) => callerFor(db, typeof p === "string" ? p : p.id),
    person,
  };
}

type CreateInput = Parameters<Awaited<ReturnType<typeof callerFor>>["retro"]["create"]>[0];

/** A retro created through the API by the facilitator, in department A, with Ann and Bob. */
export async function createRetro(rw: RetroWorld, opts: Partial<Omit<CreateInput, "orgSlug">> = {}) {
  const c = await rw.as(rw.fac);
  return c.retro.create({
    orgSlug: rw.slug,
    title: `Retro ${Math.random().toString(36).slice(2, 8)}`,
    facilitatorId: rw.fac.id,
    departmentIds: [rw.w.org.departmentIds.a],
    periodId: rw.w.periodId,
    participantIds: [rw.ann.id, rw.bob.id],
    ...opts,
  });
}

/** Moves a retro (as the facilitator) one step at a time until it reaches `phase`. */
export async function moveTo(rw: RetroWorld, retroId: string, phase: (typeof RETRO_PHASES)[number], by: Person = rw.fac) {
  const c = await rw.as(by);
  let [r] = await rw.db.select().from(retros).where(eq(retros.id, retroId));
  while (r!.phase !== phase) {
    const from = RETRO_PHASES.indexOf(r!.phase);
    const to = RETRO_PHASES.indexOf(phase);
    const next = RETRO_PHASES[from + (to > from ? 1 : -1)]!;
    const after = await c.retro.setPhase({ orgSlug: rw.slug, retroId, version: r!.version, phase: next });
    r = after;
  }
  return r!;
}

export async function getFull(rw: RetroWorld, p: Person, retroId: string) {
  const r = await (await rw.as(p)).retro.get({ orgSlug: rw.slug, retroId });
  if (r.unchanged) throw new Error("expected a full retro");
  return r;
}

export async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

/** Fails with `code` and the catalog key `key` (parameters after "|" ignored). */
export async function expectError(p: Promise<unknown>, code: TRPCError["code"], key: string) {
  const e = await failure(p);
  expect(`${e.code} ${e.message.split("|")[0]}`).toBe(`${code} ${key}`);
  return e;
}

/** Fails with a field error on `field` whose (untranslated) key is `key`. */
export async function expectFieldKey(p: Promise<unknown>, field: string, key: string) {
  const e = await failure(p);
  expect(e.code).toBe("BAD_REQUEST");
  const raw = e.cause instanceof AppError ? e.cause.details?.fieldErrors : undefined;
  expect(raw?.[field]?.map((m) => m.split("|")[0]) ?? `(no field error on ${field}: ${e.message})`).toEqual([key]);
  return e;
}

export async function votesUsed(db: Database, retroId: string, userId: string) {
  const rows = await db.select().from(retroParticipants).where(eq(retroParticipants.retroId, retroId));
  return rows.find((r) => r.userId === userId)?.votesUsed ?? null;
}
export async function voteRows(db: Database, retroId: string) {
  return db.select().from(retroVotes).where(eq(retroVotes.retroId, retroId));
}
