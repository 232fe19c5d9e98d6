"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRef } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC, useTRPCClient } from "@/app/_trpc/react";
import { useOrg } from "@/app/_components/app/org-context";

type GetOutput = inferRouterOutputs<AppRouter>["retro"]["get"];
export type RetroState = Extract<GetOutput, { unchanged: false }>;
export type RetroCard = RetroState["cards"][number];
export type RetroGroup = RetroState["groups"][number];
export type RetroAction = RetroState["actions"][number];

const POLL_MS = 1000;
/** Every n-th poll asks for the full state even when nothing changed, so presence stays current. */
const FULL_EVERY = 10;

/**
 * The retro as this viewer sees it, kept live by polling once a second with the last change cursor:
 * the server answers "unchanged" (tiny) until someone changes something, then the full state. Works
 * on any number of server instances, since the cursor lives in Postgres.
 */
export function useLiveRetro(retroId: string) {
  const org = useOrg();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const queryKey = trpc.retro.get.queryKey({ orgSlug: org.slug, retroId });
  const polls = useRef(0);
  const query = useSuspenseQuery({
    queryKey,
    queryFn: async () => {
      const prev = qc.getQueryData(queryKey);
      polls.current += 1;
      const since = prev && !prev.unchanged && polls.current % FULL_EVERY !== 0 ? prev.seq : undefined;
      const res = await client.retro.get.query({ orgSlug: org.slug, retroId, since });
      // Keep the state we have when nothing changed: no re-render, no flicker.
      return res.unchanged && prev ? prev : res;
    },
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    retry: 1,
  });
  const refresh = () => qc.invalidateQueries({ queryKey });
  return { state: query.data.unchanged ? null : (query.data as RetroState), isError: query.isError, refresh };
}
