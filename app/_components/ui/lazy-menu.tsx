"use client";

import { useState, type ComponentType, type ReactNode } from "react";

/** What the trigger button looks like; the same before and after the menu's code has loaded. */
export interface MenuTriggerLook {
  className?: string;
  children: ReactNode;
  "aria-label"?: string;
  "data-testid"?: string;
}

/** A menu implementation (Radix, in its own chunk) that renders `trigger` as its trigger button. */
export type LoadedMenu<P> = ComponentType<P & { trigger: MenuTriggerLook; defaultOpen: boolean }>;

const loaded = new Map<unknown, LoadedMenu<never>>();

/**
 * A dropdown menu of the app shell whose code (Radix dropdown, its popper and focus management) is
 * not part of the first load: until the menu is first used this renders the trigger button alone,
 * with the same look and ARIA state as Radix's closed trigger. The code loads when the pointer comes
 * over the button, and the menu opens as Radix's would: pointer down (main button, no Ctrl), or
 * Enter, Space or ArrowDown. From then on the Radix menu itself is rendered.
 */
export function LazyMenu<P extends object>({ load, props, trigger }: { load: () => Promise<LoadedMenu<P>>; props: P; trigger: MenuTriggerLook }) {
  const [Menu, setMenu] = useState<LoadedMenu<P> | null>(() => (loaded.get(load) as LoadedMenu<P> | undefined) ?? null);
  const [open, setOpen] = useState(false);
  if (Menu) return <Menu {...props} trigger={trigger} defaultOpen={open} />;
  const fetch = (thenOpen: boolean) => {
    if (thenOpen) setOpen(true);
    void load().then((m) => {
      loaded.set(load, m as LoadedMenu<never>);
      setMenu(() => m);
    });
  };
  const { children, ...look } = trigger;
  return (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      {...look}
      onPointerEnter={() => fetch(false)}
      onPointerDown={(e) => {
        if (e.button !== 0 || e.ctrlKey) return;
        e.preventDefault(); // as Radix: the open menu takes the focus, not the trigger
        fetch(true);
      }}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== " " && e.key !== "ArrowDown") return;
        e.preventDefault();
        fetch(true);
      }}
    >
      {children}
    </button>
  );
}
