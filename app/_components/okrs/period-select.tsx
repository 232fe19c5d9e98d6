"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useTransition } from "react";
import { Select } from "../ui/field";
import { cn } from "../ui/cn";

export interface PeriodOption {
  id: string;
  name: string;
  status: "planning" | "active" | "closed" | (string & {});
}

/**
 * Picks the OKR period a page shows. The choice lives in the URL (`?period=<id>`, other parameters
 * kept), so the server page re-renders with it and the view can be shared; server pages read it with
 * pickPeriod(list, searchParams.period).
 */
export function PeriodSelect({ periods, value, className }: { periods: PeriodOption[]; value: string; className?: string }) {
  const t = useTranslations("periods");
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const statusLabel = (s: string) => (s === "planning" || s === "active" || s === "closed" ? t(`status.${s}`) : s);

  return (
    <div className={cn("flex items-center gap-2", className)}>
      <label htmlFor={id} className="shrink-0 text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {t("period")}
      </label>
      <Select
        id={id}
        value={value}
        aria-busy={pending || undefined}
        className={cn("w-auto! min-w-40", pending && "opacity-60")}
        onChange={(e) => {
          const p = new URLSearchParams(sp.toString());
          p.set("period", e.target.value);
          startTransition(() => router.push(`${pathname}?${p.toString()}`, { scroll: false }));
        }}
      >
        {periods.map((p) => (
          <option key={p.id} value={p.id}>
            {t("option", { name: p.name, status: statusLabel(p.status) })}
          </option>
        ))}
      </Select>
      {pending && (
        <span className="size-3.5 animate-spin rounded-full border-2 border-zinc-400 border-t-transparent" role="status" aria-label={t("loading")} />
      )}
    </div>
  );
}
