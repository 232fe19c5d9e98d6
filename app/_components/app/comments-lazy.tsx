"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/app/_components/ui/card";

/** The Comments section, loaded on demand so it stays out of the detail pages' first-load JS. */
export const LazyComments = dynamic(() => import("./comments").then((m) => m.Comments), {
  loading: () => <Skeleton className="h-40 w-full" />,
});
