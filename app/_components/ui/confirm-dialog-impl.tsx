"use client";

import { Button, type ButtonProps } from "./button";
import { Dialog, DialogContent } from "./dialog";

export type ConfirmDialogProps = Parameters<typeof ConfirmDialogImpl>[0];

/** ConfirmDialog's Radix part (./confirm-dialog.tsx loads it when the dialog first opens). */
export function ConfirmDialogImpl({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel,
  closeLabel,
  onConfirm,
  loading,
  variant = "danger",
  confirmTestId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  confirmLabel: React.ReactNode;
  cancelLabel: React.ReactNode;
  closeLabel: string;
  onConfirm: () => void | Promise<void>;
  loading?: boolean;
  variant?: ButtonProps["variant"];
  confirmTestId?: string;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open && (
        <DialogContent title={title} description={description} closeLabel={closeLabel}>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {cancelLabel}
            </Button>
            <Button variant={variant} loading={loading} data-testid={confirmTestId} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}
