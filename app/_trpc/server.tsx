import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { createRequestContext } from "@/server/api/context";
import { appRouter, createCaller, type AppRouter } from "@/server/api/root";
import { makeQueryClient } from "./query-client";

const createContext = cache(async () => createRequestContext(await headers()));

export const getQueryClient = cache(makeQueryClient);

/** Query options for server components: `await getQueryClient().prefetchQuery(trpc.x.queryOptions(input))`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** A direct server-side caller, for data a server component renders itself. */
export const serverCaller = cache(async () => createCaller(await createContext()));

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Maps tRPC errors of a server-side call to Next's navigation: 401 → sign-in, 404/403 → not found. */
export async function orNavigate<T>(p: Promise<T>, from?: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      if (e.code === "UNAUTHORIZED") redirect(`/sign-in${from ? `?callbackUrl=${encodeURIComponent(from)}` : ""}`);
      if (e.code === "NOT_FOUND" || e.code === "FORBIDDEN") notFound();
    }
    throw e;
  }
}
