import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { freePort } from "@/bench/proc";

/** Starts a throwaway PostgreSQL server (initdb into a temp folder) on a free loopback port. */
export interface PgServer {
  url: (db?: string) => string;
  port: number;
  /** Stops the server and deletes its data. */
  stop: () => Promise<void>;
  /** Stops the server (fast shutdown) but keeps its data, to start it again with `restart` (outage tests). */
  halt: () => Promise<void>;
  /** Starts a halted server again on the same port. */
  restart: () => Promise<void>;
}

export async function startPostgres(): Promise<PgServer> {
  const bin = findPgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-pg-"));
  const data = path.join(dir, "data");
  const sock = path.join(dir, "sock");
  fs.mkdirSync(sock);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, cmd), args, { stdio: "pipe" });
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const args = ["-D", data, "-p", String(port), "-k", sock, "-h", "127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"];
  // As root, postgres runs as the postgres user, spawned directly with its uid/gid (not through
  // runuser, which blocks SIGINT and would leave stop() waiting forever).
  const ids = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
      }
    : {};
  let proc: ChildProcess = spawn(path.join(bin, "postgres"), args, { stdio: "ignore", ...ids });
  await waitForPort(port, 15_000);
  const halt = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGINT"); // fast shutdown
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return {
    port,
    url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`,
    halt,
    restart: async () => {
      await halt();
      proc = spawn(path.join(bin, "postgres"), args, { stdio: "ignore", ...ids });
      await waitForPort(port, 15_000);
    },
    stop: async () => {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findPgBin(): string {
  const candidates = [process.env.PG_BIN, "/usr/local/bin", ...listPgLib()].filter(Boolean) as string[];
  for (const c of candidates) if (fs.existsSync(path.join(c, "initdb"))) return c;
  throw new Error("PostgreSQL binaries (initdb, postgres) not found. Install PostgreSQL 15 (apt-get install -y postgresql) or set PG_BIN.");
}

function listPgLib(): string[] {
  try {
    return fs
      .readdirSync("/usr/lib/postgresql")
      .sort()
      .reverse()
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

async function waitForPort(port: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (ok) {
      await new Promise((r) => setTimeout(r, 300));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgreSQL did not start on port ${port}`);
}
