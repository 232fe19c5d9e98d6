import { cn } from "@/app/_components/ui/cn";

/**
 * A badge with its own colours. The shared Badge sets a zinc background, and cn() does not merge
 * classes, so colours passed to Badge lose to it in the generated CSS; this one has none to fight.
 */
export function Pill({ className, ...rest }: React.HTMLAttributes<HTMLSpanElement>) {
  return <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", className)} {...rest} />;
}

export const LEVEL_STYLES = {
  company: "bg-brand-50 text-brand-700 dark:bg-brand-600/25 dark:text-brand-100",
  department: "bg-sky-50 text-sky-700 dark:bg-sky-900/40 dark:text-sky-300",
  team: "bg-violet-50 text-violet-700 dark:bg-violet-900/40 dark:text-violet-300",
  individual: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
} as const;
