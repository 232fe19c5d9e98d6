"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZRequestAcceptanceInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { addDaysIso, todayIso } from "@/app/_components/risks/risk-ui";
import type { RiskView } from "./types";

type Values = z.input<typeof ZRequestAcceptanceInput>;
type Output = z.output<typeof ZRequestAcceptanceInput>;

/** Asks the approvers to accept the risk, with a justification, until an expiry date (default in 90 days). */
export function AcceptanceDialog({ risk: r, onClose }: { risk: RiskView; onClose: () => void }) {
  const t = useTranslations("risks.acceptance");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const today = todayIso();
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZRequestAcceptanceInput),
    defaultValues: { riskId: r.id, version: r.version, justification: "", expiresOn: addDaysIso(today, 90) },
  });
  const request = useMutation(trpc.risk.requestAcceptance.mutationOptions());
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.risk.pathKey() }), qc.invalidateQueries({ queryKey: trpc.approval.pathKey() })]);

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await request.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("sent"));
      await refresh();
      onClose();
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => f === "justification" || f === "expiresOn");
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });
  const e = form.formState.errors;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("dialogTitle")} description={t("dialogBody", { score: r.score ?? 0, appetite: r.appetite })} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="acceptance-form">
          <Field label={t("justification")} error={err(e.justification?.message)} hint={t("justificationHint")}>
            {(p) => <Textarea {...p} rows={4} autoFocus {...form.register("justification")} data-testid="acceptance-justification" />}
          </Field>
          <Field label={t("expiresOn")} error={err(e.expiresOn?.message)} hint={t("expiresOnHint")}>
            {(p) => <Input {...p} type="date" min={addDaysIso(today, 1)} {...form.register("expiresOn")} data-testid="acceptance-expires" />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={request.isPending} data-testid="acceptance-submit">
              {t("submit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
