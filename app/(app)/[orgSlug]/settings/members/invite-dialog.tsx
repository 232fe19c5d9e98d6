"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZCreateInvitationInput } from "@/server/org/schema";
import { assignableRoles } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

type Values = z.input<typeof ZCreateInvitationInput>;

/** The invitation form; mounted (and loaded) only while open. */
export function InviteDialog({
  departments,
  onInvited,
  onClose,
}: {
  departments: { id: string; name: string }[];
  onInvited: () => void;
  onClose: () => void;
}) {
  const t = useTranslations("members");
  const tc = useTranslations("common");
  const tr = useTranslations("roles");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const [link, setLink] = useState<string | null>(null);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZCreateInvitationInput), defaultValues: { email: "", role: "member", departmentIds: [] } });
  const create = useMutation(trpc.invitation.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const inv = await create.mutateAsync({ ...v, orgSlug: org.slug });
      setLink(`${window.location.origin}${inv.path}`);
      setEmailedTo(inv.emailed ? inv.email : null);
      onInvited();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["email", "role", "departmentIds"] });
    }
  });
  const reset = (o: boolean) => {
    if (!o) {
      setLink(null);
      setEmailedTo(null);
      setCopied(false);
      form.reset();
      onClose();
    }
  };
  return (
    <Dialog open onOpenChange={reset}>
      <DialogContent title={t("inviteTitle")} description={link ? t("inviteLinkHint") : t("inviteDescription")} closeLabel={tc("close")}>
        {link ? (
          <div className="space-y-4">
            <div className="flex gap-2">
              <Input readOnly value={link} aria-label={t("inviteLink")} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
              <Button
                variant="secondary"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(link);
                    setCopied(true);
                    toast.success(t("copied"));
                  } catch {
                    toast.error(t("copyFailed"));
                  }
                }}
                aria-label={t("copyLink")}
              >
                {copied ? <Check className="size-4" /> : <Copy className="size-4" />}
              </Button>
            </div>
            {emailedTo && <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("emailed", { email: emailedTo })}</p>}
            <div className="flex justify-end">
              <Button onClick={() => reset(false)}>{tc("done")}</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <Field label={t("email")} error={err(form.formState.errors.email?.message)}>
              {(p) => <Input {...p} type="email" autoFocus {...form.register("email")} />}
            </Field>
            <Field label={t("role")} error={err(form.formState.errors.role?.message)}>
              {(p) => (
                <Select {...p} {...form.register("role")}>
                  {assignableRoles(org.role).map((r) => (
                    <option key={r} value={r}>
                      {tr(r)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            {departments.length > 0 && (
              <fieldset>
                <legend className="mb-1.5 text-sm font-medium">{t("departments")}</legend>
                <div className="grid grid-cols-2 gap-2">
                  {departments.map((d) => (
                    <label key={d.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" value={d.id} {...form.register("departmentIds")} className="size-4 rounded border-zinc-300" />
                      {d.name}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => reset(false)}>{tc("cancel")}</Button>
              <Button type="submit" loading={create.isPending}>{t("createInvite")}</Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
