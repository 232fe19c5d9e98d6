import { httpBatchLink, retryLink, type TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * Idempotency keys for the app's mutations. Every mutation call gets a fresh random key in its
 * operation context (`op.context.idempotencyKey`; a caller may set its own through the mutation's
 * `trpc: { context }` option). The key stays with the operation through retries, so a mutation retried
 * after a network failure (the response was lost, but the server may have committed) writes once: the
 * server replays the first response.
 *
 * A tRPC batch carries one header for all its calls: `Idempotency-Key: k1,,k3` has one entry per call,
 * in batch order (empty for calls without a key, i.e. queries). The server (server/api/trpc.ts) picks
 * the entry by the call's batch index.
 */

function randomKey(): string {
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function idempotencyKeyLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type !== "mutation" || typeof op.context.idempotencyKey === "string") return next(op);
      return next({ ...op, context: { ...op.context, idempotencyKey: randomKey() } });
    };
}

/** No tRPC response at all (network failure, a gateway's HTML error page): the server may or may not have run it. */
export function isTransportError(error: TRPCClientError<AnyRouter>): boolean {
  return !error.data && !error.shape;
}

/** Mutations are retried only on a transport error (a 4xx/5xx from tRPC is an answer), at most twice. */
export function mutationRetryLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return retryLink<TRouter>({
    retry: ({ op, error, attempts }) => op.type === "mutation" && typeof op.context.idempotencyKey === "string" && attempts <= 2 && isTransportError(error),
    retryDelayMs: (attempt) => 250 * 2 ** attempt,
  });
}

/** The batch header: one entry per operation, or none when no operation has a key. */
export function idempotencyHeader(opList: readonly { context: Record<string, unknown> }[]): Record<string, string> {
  const keys = opList.map((op) => (typeof op.context.idempotencyKey === "string" ? op.context.idempotencyKey : ""));
  return keys.some(Boolean) ? { "idempotency-key": keys.join(",") } : {};
}

/** The app client's links: a key per mutation, transport retries of mutations, then the batching HTTP link. */
export function appLinks(url: string): TRPCLink<AppRouter>[] {
  return [
    idempotencyKeyLink<AppRouter>(),
    mutationRetryLink<AppRouter>(),
    httpBatchLink({ url, transformer: superjson, headers: ({ opList }) => idempotencyHeader(opList) }),
  ];
}
