"use client";

import * as M from "@radix-ui/react-dropdown-menu";
import { cn } from "./cn";

export const Menu = M.Root;
export const MenuTrigger = M.Trigger;
export const MenuLabel = ({ className, ...p }: M.DropdownMenuLabelProps) => (
  <M.Label className={cn("px-2 py-1.5 text-xs font-medium text-zinc-500", className)} {...p} />
);
export const MenuSeparator = () => <M.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />;

export function MenuContent({ className, ...p }: M.DropdownMenuContentProps) {
  return (
    <M.Portal>
      <M.Content
        sideOffset={6}
        className={cn(
          "z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900",
          className,
        )}
        {...p}
      />
    </M.Portal>
  );
}

export function MenuItem({ className, ...p }: M.DropdownMenuItemProps) {
  return (
    <M.Item
      className={cn(
        "flex cursor-pointer select-none items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800",
        className,
      )}
      {...p}
    />
  );
}
