/** Process and HTTP helpers shared by the benchmarks that run `next start` (bench/http.ts, bench/load-writes.ts). */
import type { ChildProcess } from "node:child_process";
import net from "node:net";

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Stops a child started as a process-group leader (`detached: true`): SIGTERM, then SIGKILL after 10 s. */
export function killGroup(proc: ChildProcess) {
  if (!proc.pid || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  try {
    process.kill(-proc.pid, "SIGTERM");
  } catch {
    /* gone */
  }
  const t = setTimeout(() => {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, 10_000);
  return exited.finally(() => clearTimeout(t));
}

/** A cookie jar for one signed-in user of a running app. */
export class Jar {
  cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async fetch(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("cookie", this.header());
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  /** Signs in with email and password through Auth.js's credentials callback; true when a session cookie came back. */
  async signIn(base: string, email: string, password: string, callbackPath: string) {
    const csrf = (await (await this.fetch(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
    const res = await this.fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, callbackUrl: `${base}${callbackPath}` }),
    });
    await res.arrayBuffer();
    return this.signedIn();
  }
  signedIn() {
    return [...this.cookies.keys()].some((k) => k.includes("session-token"));
  }
}
