import { afterAll, beforeAll, it } from "vitest";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";
import { createTestDb } from "../helpers/db";
import type { DbHandle } from "@/db/client";

let h: DbHandle; let org: TestOrg;
beforeAll(async () => { h = await createTestDb(); org = await makeOrg(h.db, "p"); });
afterAll(async () => h?.close());
const show = async (label: string, p: Promise<unknown>) => {
  try { const r = await p; console.log("OK", label, JSON.stringify(r).slice(0, 150)); }
  catch (e) { const x = e as { code?: string; message?: string; cause?: unknown }; console.log("ERR", label, x.code, String(x.message).slice(0, 150), String((x.cause as Error)?.message ?? "").slice(0, 150)); }
};
it("probe", async () => {
  const c = await callerFor(h.db, org.users.owner.id);
  const s = org.slug;
  await show("cursor bad uuid", c.member.list({ orgSlug: s, cursor: "x\u0000nope" }));
  await show("cursor two nul", c.member.list({ orgSlug: s, cursor: "a\u0000b\u0000" + org.departmentIds.a }));
  await show("search nul", c.member.list({ orgSlug: s, search: "a\u0000b" }));
  await show("slug nul", c.org.get({ orgSlug: "a\u0000b" }));
  await show("dept name nul", c.department.create({ orgSlug: s, name: "x\u0000y" }));
  await show("from ancient", c.activity.list({ orgSlug: s, from: new Date(-8.64e15) }));
  await show("from far", c.activity.list({ orgSlug: s, from: new Date("+010000-01-01T00:00:00Z") }));
  await show("to far", c.activity.list({ orgSlug: s, to: new Date(8.64e15) }));
  await show("cursor huge", c.activity.list({ orgSlug: s, cursor: Number.MAX_SAFE_INTEGER }));
  await show("cursor 2^63", c.activity.list({ orgSlug: s, cursor: 2 ** 63 }));
  await show("entityType nul", c.activity.list({ orgSlug: s, entityType: "a\u0000" }));
  await show("version huge", c.org.update({ orgSlug: s, name: "Hello", version: 2 ** 40 }));
  await show("version 1e300", c.org.update({ orgSlug: s, name: "Hello", version: 1e300 }));
  await show("profile nul", c.auth.updateProfile({ name: "a\u0000b" }));
  await show("invite email nul", c.invitation.create({ orgSlug: s, email: "a\u0000b@example.com", role: "viewer" }));
  await show("signup nul", (await callerFor(h.db, null)).auth.signUp({ email: "nul@example.com", name: "a\u0000b", password: "a long enough password" }));
  await show("token nul", (await callerFor(h.db, null)).invitation.preview({ token: "a".repeat(20) + "\u0000" }));
  await show("orgcreate nul", c.org.create({ name: "a\u0000b", slug: "nul-org" }));
  await show("lone surrogate", c.department.create({ orgSlug: s, name: "x\ud800y" }));
});
