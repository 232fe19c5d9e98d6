"use client";

import * as M from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import { useTranslations } from "next-intl";
import type { MenuTriggerLook } from "@/app/_components/ui/lazy-menu";
import type { RiskTableInstance } from "./risk-table";

/** The risk table's column chooser menu (risk-table.tsx's ColumnChooser loads it on first use). */
export function ColumnMenu({
  trigger: { children, ...look },
  defaultOpen,
  table,
  onReset,
}: {
  trigger: MenuTriggerLook;
  defaultOpen: boolean;
  table: RiskTableInstance;
  onReset: () => void;
}) {
  const t = useTranslations("risks");
  return (
    <M.Root defaultOpen={defaultOpen}>
      <M.Trigger {...look}>{children}</M.Trigger>
      <M.Portal>
        <M.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-52 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <M.Label className="px-2 py-1.5 text-xs font-medium text-zinc-500">{t("columnsLabel")}</M.Label>
          {table
            .getAllLeafColumns()
            .filter((c) => c.getCanHide())
            .map((c) => (
              <M.CheckboxItem
                key={c.id}
                checked={c.getIsVisible()}
                onCheckedChange={(v) => c.toggleVisibility(!!v)}
                onSelect={(e) => e.preventDefault()}
                className="flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
              >
                <span className="flex size-4 items-center justify-center">
                  <M.ItemIndicator>
                    <Check className="size-4" aria-hidden />
                  </M.ItemIndicator>
                </span>
                {typeof c.columnDef.header === "string" ? c.columnDef.header : c.id}
              </M.CheckboxItem>
            ))}
          <M.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <M.Item
            onSelect={onReset}
            className="flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm text-brand-700 outline-none data-[highlighted]:bg-zinc-100 dark:text-brand-100 dark:data-[highlighted]:bg-zinc-800"
          >
            {t("columnsReset")}
          </M.Item>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
