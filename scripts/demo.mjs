#!/usr/bin/env node
// `npm run demo`: build, migrate and seed the embedded database, then serve at http://localhost:3000.
// Needs nothing but Node. Data lives in .data/demo (delete the folder to start over).
import { spawnSync, spawn } from "node:child_process";

const env = {
  ...process.env,
  LODESTAR_DEMO: "1",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "pglite:./.data/demo",
};
const bin = (name) => `node_modules/.bin/${name}${process.platform === "win32" ? ".cmd" : ""}`;
const run = (cmd, args) => {
  const r = spawnSync(bin(cmd), args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!process.argv.includes("--skip-build")) run("next", ["build"]);
run("tsx", ["db/seed/index.ts"]);
const port = process.env.PORT ?? "3000";
console.log(`\nLodestar is starting at http://localhost:${port}\n`);
const server = spawn(bin("next"), ["start", "-p", port], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
