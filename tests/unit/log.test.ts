import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/server/log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger({ level: "debug", destination: stream }) };
}

describe("structured logs", () => {
  it("writes one JSON object per event with level, time and message", () => {
    const { lines, logger } = capture();
    logger.info({ requestId: "r1", userId: "u1", orgId: "o1", procedure: "okr.list", ms: 12, status: "OK" }, "trpc");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "trpc", requestId: "r1", userId: "u1", orgId: "o1", procedure: "okr.list", ms: 12, status: "OK" });
    expect(new Date(lines[0]!.time as string).getTime()).not.toBeNaN();
  });

  it("replaces secret-named fields at any depth we log, and respects the level", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: "hunter2",
        input: { email: "a@b.c", password: "hunter2", token: "tok" },
        headers: { cookie: "authjs.session-token=abc", authorization: "Bearer lsk_x" },
        apiKey: "lsk_secret",
        nested: { deeper: { secret: "s" } },
      },
      "request",
    );
    const text = JSON.stringify(lines);
    for (const leaked of ["hunter2", "tok\"", "session-token", "lsk_x", "lsk_secret", "\"s\""]) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ password: "[redacted]", input: { email: "a@b.c", password: "[redacted]" }, headers: { cookie: "[redacted]" } });
    logger.level = "warn";
    logger.info({}, "dropped");
    expect(lines).toHaveLength(1);
  });
});
