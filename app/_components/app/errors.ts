"use client";

import { TRPCClientError } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";

interface ErrorData {
  code?: string;
  fieldErrors?: Record<string, string[]>;
  requestId?: string;
}

export function errorData(err: unknown): ErrorData {
  if (err instanceof TRPCClientError) return (err.data ?? {}) as ErrorData;
  return {};
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Shows a server error where it belongs: field errors next to the fields of the form (when the form has
 * those fields), anything else as a toast. Conflicts offer to reload.
 */
export function showServerError<T extends FieldValues>(
  err: unknown,
  opts: { setError?: UseFormSetError<T>; fields?: readonly string[]; reloadLabel?: string; onReload?: () => void } = {},
) {
  const data = errorData(err);
  let shown = false;
  if (opts.setError && data.fieldErrors) {
    for (const [field, msgs] of Object.entries(data.fieldErrors)) {
      if (!opts.fields || opts.fields.includes(field)) {
        opts.setError(field as Path<T>, { type: "server", message: msgs.join(" ") });
        shown = true;
      }
    }
  }
  if (shown) return;
  if (data.code === "CONFLICT" && opts.onReload) {
    toast.error(errorMessage(err), {
      duration: 10_000,
      action: { label: opts.reloadLabel ?? "Reload", onClick: opts.onReload },
    });
    return;
  }
  toast.error(errorMessage(err));
}
