/** The decoded-session cache: one Auth.js decode per cookie value and minute; no cookie, no decode. */
import { describe, expect, it } from "vitest";
import { createSessionReader, sessionCookieOf } from "@/server/auth/session-cache";

function reader(opts: { ttlMs?: number; maxEntries?: number } = {}) {
  let clock = 1_000;
  const calls: number[] = [];
  let answer: { userId: string } | null = { userId: "u1" };
  const read = createSessionReader(
    async () => {
      calls.push(clock);
      return answer;
    },
    { ...opts, now: () => clock },
  );
  return {
    read,
    calls,
    tick: (ms: number) => (clock += ms),
    answer: (a: { userId: string } | null) => (answer = a),
  };
}

describe("session cookie parsing", () => {
  it("finds plain, secure and chunked session cookies among others", () => {
    expect(sessionCookieOf("theme=dark; authjs.session-token=abc; lang=en")).toBe("authjs.session-token=abc");
    expect(sessionCookieOf("__Secure-authjs.session-token=xyz")).toBe("__Secure-authjs.session-token=xyz");
    expect(sessionCookieOf("authjs.session-token.0=aa; x=1; authjs.session-token.1=bb")).toBe("authjs.session-token.0=aa;authjs.session-token.1=bb");
    expect(sessionCookieOf("authjs.csrf-token=t; authjs.callback-url=/")).toBe("");
    expect(sessionCookieOf("notauthjs.session-token=abc")).toBe("");
    expect(sessionCookieOf("authjs.session-token=")).toBe("");
    expect(sessionCookieOf(null)).toBe("");
  });
});

describe("session reader", () => {
  it("decodes a cookie once, then answers from the cache until the TTL passes", async () => {
    const r = reader({ ttlMs: 60_000 });
    expect(await r.read("authjs.session-token=a")).toEqual({ userId: "u1" });
    expect(await r.read("x=1; authjs.session-token=a")).toEqual({ userId: "u1" });
    expect(r.calls).toHaveLength(1);
    r.tick(60_001);
    await r.read("authjs.session-token=a");
    expect(r.calls).toHaveLength(2);
  });

  it("decodes each distinct cookie value on its own", async () => {
    const r = reader();
    await r.read("authjs.session-token=a");
    r.answer({ userId: "u2" });
    expect(await r.read("authjs.session-token=b")).toEqual({ userId: "u2" });
    expect(await r.read("authjs.session-token=a")).toEqual({ userId: "u1" });
    expect(r.calls).toHaveLength(2);
  });

  it("never calls the decoder without a session cookie, and does not cache signed-out answers", async () => {
    const r = reader();
    expect(await r.read("theme=dark")).toBeNull();
    expect(await r.read(undefined)).toBeNull();
    expect(r.calls).toHaveLength(0);
    r.answer(null);
    expect(await r.read("authjs.session-token=garbage")).toBeNull();
    expect(await r.read("authjs.session-token=garbage")).toBeNull();
    expect(r.calls).toHaveLength(2);
  });

  it("stays within its size bound, dropping the oldest entry", async () => {
    const r = reader({ maxEntries: 2 });
    await r.read("authjs.session-token=1");
    await r.read("authjs.session-token=2");
    await r.read("authjs.session-token=3");
    expect(r.calls).toHaveLength(3);
    await r.read("authjs.session-token=3");
    await r.read("authjs.session-token=2");
    expect(r.calls).toHaveLength(3);
    await r.read("authjs.session-token=1");
    expect(r.calls).toHaveLength(4);
  });
});
