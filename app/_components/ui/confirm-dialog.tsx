"use client";

import dynamic from "next/dynamic";
import type { ConfirmDialogProps } from "./confirm-dialog-impl";

const Impl = dynamic(() => import("./confirm-dialog-impl").then((m) => m.ConfirmDialogImpl), { ssr: false });

/**
 * "Are you sure?" dialog: a title, a description, Cancel and a confirm button. The content is
 * rendered only while open, so callers may build the title from the item being confirmed.
 * Cancel closes through onOpenChange(false); onConfirm decides itself when to close.
 * Its code (Radix dialog) loads when it first opens, not with the page.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return props.open ? <Impl {...props} /> : null;
}
