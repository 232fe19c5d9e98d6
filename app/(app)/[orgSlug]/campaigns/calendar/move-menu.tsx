"use client";

import { useTranslations } from "next-intl";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuTrigger } from "@/app/_components/ui/dropdown";
import type { MenuTriggerLook } from "@/app/_components/ui/lazy-menu";
import { useCalendarMove, type Item } from "./calendar-move";

const STEPS: [string, number][] = [
  ["weekEarlier", -7],
  ["dayEarlier", -1],
  ["dayLater", 1],
  ["weekLater", 7],
];

/** The move menu's Radix part (timeline.tsx's MoveMenu loads it on first use). */
export function MoveMenuPanel({ trigger: { children, ...look }, defaultOpen, item }: { trigger: MenuTriggerLook; defaultOpen: boolean; item: Item }) {
  const t = useTranslations("campaignCalendar");
  const move = useCalendarMove();
  return (
    <Menu defaultOpen={defaultOpen}>
      <MenuTrigger {...look}>{children}</MenuTrigger>
      <MenuContent align="start">
        <MenuLabel>{t("moveMenuTitle")}</MenuLabel>
        {STEPS.map(([k, d]) => (
          <MenuItem key={k} onSelect={() => move.moveBy(item, d)}>
            {t(`move.${k}`)}
          </MenuItem>
        ))}
      </MenuContent>
    </Menu>
  );
}
