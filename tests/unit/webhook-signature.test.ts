/** Webhook signing and verification, the SSRF address check and the audit → event mapping. */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { entityPath, webhookEventFor, WEBHOOK_EVENTS } from "@/server/webhooks/events";
import { newWebhookSecret, signPayload, verifySignature } from "@/server/webhooks/signature";
import { isPrivateAddress, urlProblem } from "@/server/webhooks/target";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "e1", event: "risk.created", data: { n: 1 } });
const NOW = 1_800_000_000_000;
const t = NOW / 1000;

describe("signPayload / verifySignature", () => {
  it("signs t.body with HMAC-SHA256 of the secret, as documented", () => {
    const header = signPayload(secret, body, t);
    const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(secret, header, body, { now: NOW })).toBe(true);
  });

  it("rejects a tampered body, another secret, or a malformed header", () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, header, body.replace("1", "2"), { now: NOW })).toBe(false);
    expect(verifySignature("whsec_other", header, body, { now: NOW })).toBe(false);
    for (const bad of ["", "nonsense", `t=${t}`, `v1=${"0".repeat(64)}`, `t=abc,v1=${"0".repeat(64)}`, header.slice(0, -2)]) {
      expect(verifySignature(secret, bad, body, { now: NOW }), bad).toBe(false);
    }
    expect(verifySignature(secret, undefined, body, { now: NOW })).toBe(false);
    // a forged timestamp with the old MAC
    const mac = header.split("v1=")[1];
    expect(verifySignature(secret, `t=${t + 1},v1=${mac}`, body, { now: NOW })).toBe(false);
  });

  it("rejects timestamps outside the tolerance (replays), in either direction", () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, header, body, { now: NOW + 299_000 })).toBe(true);
    expect(verifySignature(secret, header, body, { now: NOW + 301_000 })).toBe(false);
    expect(verifySignature(secret, header, body, { now: NOW - 301_000 })).toBe(false);
    expect(verifySignature(secret, header, body, { now: NOW + 3_000_000, toleranceSec: 3600 })).toBe(true);
  });

  it("accepts any of several v1 signatures", () => {
    const good = signPayload(secret, body, t).split("v1=")[1];
    expect(verifySignature(secret, `t=${t},v1=${"a".repeat(64)},v1=${good}`, body, { now: NOW })).toBe(true);
  });

  it("makes distinct, long secrets", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe("webhook targets", () => {
  it("knows private, loopback and link-local addresses", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it("accepts http(s) only; refuses internal hosts unless allowed", () => {
    expect(urlProblem("ftp://example.com", true)).toBe("protocol");
    expect(urlProblem("javascript:alert(1)", true)).toBe("protocol");
    expect(urlProblem("https://user:pw@example.com", true)).toBe("protocol");
    expect(urlProblem("not a url", true)).toBe("protocol");
    expect(urlProblem("https://hooks.example.com/x", false)).toBeNull();
    for (const u of ["http://localhost:3000/x", "http://127.0.0.1/x", "http://[::1]/x", "http://169.254.169.254/latest", "http://10.0.0.5/", "http://db.internal/"]) {
      expect(urlProblem(u, false), u).toBe("private");
      expect(urlProblem(u, true), u).toBeNull();
    }
  });
});

describe("audit events → webhook events", () => {
  it("maps the documented events and ignores the rest", () => {
    expect(webhookEventFor({ entityType: "approval", action: "request" })).toBe("approval.requested");
    expect(webhookEventFor({ entityType: "approval", action: "reject" })).toBe("approval.decided");
    expect(webhookEventFor({ entityType: "keyResult", action: "check_in" })).toBe("checkin.created");
    expect(webhookEventFor({ entityType: "kpi", action: "record_value" })).toBe("kpi.value_recorded");
    expect(webhookEventFor({ entityType: "campaign", action: "status_live" })).toBe("campaign.launched");
    expect(webhookEventFor({ entityType: "campaign", action: "over_budget" })).toBe("campaign.over_budget");
    expect(webhookEventFor({ entityType: "risk", action: "warning" })).toBe("risk.warning");
    expect(webhookEventFor({ entityType: "retro", action: "phase_closed" })).toBe("retro.closed");
    expect(webhookEventFor({ entityType: "retro", action: "phase_vote" })).toBeNull();
    expect(webhookEventFor({ entityType: "retro", action: "action_update", before: { status: "open" }, after: { status: "done" } })).toBe("action_item.completed");
    expect(webhookEventFor({ entityType: "retro", action: "action_update", before: { status: "done" }, after: { status: "done" } })).toBeNull();
    expect(webhookEventFor({ entityType: "membership", action: "create" })).toBeNull();
    expect(webhookEventFor({ entityType: "webhook", action: "test" })).toBeNull();
  });

  it("lists each event once, and links point into the app", () => {
    expect(new Set(WEBHOOK_EVENTS).size).toBe(WEBHOOK_EVENTS.length);
    expect(entityPath("acme", "risk", "r1")).toBe("/acme/risks/r1");
    expect(entityPath("acme", "keyResult", "k1", { objectiveId: "o1" })).toBe("/acme/okrs/o/o1");
    expect(entityPath("acme", "membership", "m1")).toBeNull();
  });
});

describe("event groups", () => {
  it("list every event exactly once", async () => {
    const { WEBHOOK_EVENT_GROUPS } = await import("@/server/webhooks/events");
    const grouped = WEBHOOK_EVENT_GROUPS.flatMap((g) => g.events);
    expect([...grouped].sort()).toEqual([...WEBHOOK_EVENTS].sort());
  });
});
