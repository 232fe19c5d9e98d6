import { closeDbs } from "./db";
import { logger } from "./log";

const state = globalThis as unknown as { __lodestarShutdown?: { draining: boolean; installed: boolean } };

/** True once the process has been asked to stop: readiness answers 503 so load balancers drain it. */
export function isDraining() {
  return state.__lodestarShutdown?.draining ?? false;
}

/**
 * Graceful shutdown for `next start`. On SIGTERM/SIGINT Next stops accepting connections, lets
 * in-flight requests finish and then calls process.exit. We mark the instance as draining at the
 * signal and, when Next exits, close the database pools first (so PostgreSQL sees clean
 * disconnects, not dropped sockets), with a deadline.
 */
export function installGracefulShutdown(opts: { closeTimeoutMs?: number } = {}) {
  state.__lodestarShutdown ??= { draining: false, installed: false };
  if (state.__lodestarShutdown.installed) return;
  state.__lodestarShutdown.installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.__lodestarShutdown!.draining) return;
    state.__lodestarShutdown!.draining = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const exit = process.exit.bind(process);
    let exiting = false;
    process.exit = ((code?: number) => {
      if (exiting) return exit(code);
      exiting = true;
      const deadline = setTimeout(() => exit(code), opts.closeTimeoutMs ?? 5000);
      deadline.unref();
      void closeDbs()
        .then(() => logger.info({}, "database pools closed"))
        .catch((e: unknown) => logger.error({ err: String(e) }, "closing database pools failed"))
        .finally(() => exit(code));
      return undefined as never;
    }) as typeof process.exit;
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
