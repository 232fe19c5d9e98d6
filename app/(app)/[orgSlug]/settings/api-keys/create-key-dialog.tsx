"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateApiKeyInput } from "@/server/apikeys/schema";
import { assignableRoles } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

type Values = z.input<typeof ZCreateApiKeyInput>;

/** Creates a key, then shows it once (it is not stored) with a copy button. */
export function CreateKeyDialog({ onCreated, onClose }: { onCreated: () => void; onClose: () => void }) {
  const t = useTranslations("apiKeys");
  const tc = useTranslations("common");
  const tr = useTranslations("roles");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const [key, setKey] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZCreateApiKeyInput), defaultValues: { name: "", role: "viewer", expiresOn: null } });
  const create = useMutation(trpc.apiKey.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const created = await create.mutateAsync({ ...v, expiresOn: v.expiresOn || null, orgSlug: org.slug });
      setKey(created.key);
      onCreated();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "role", "expiresOn"] });
    }
  });
  const close = (open: boolean) => {
    if (!open) {
      setKey(null);
      onClose();
    }
  };
  return (
    <Dialog open onOpenChange={close}>
      <DialogContent title={key ? t("createdTitle") : t("newTitle")} description={key ? t("createdHint") : t("newDescription")} closeLabel={tc("close")}>
        {key ? (
          <div className="space-y-4">
            <div className="flex gap-2">
              <Input readOnly value={key} aria-label={t("key")} data-testid="api-key-secret" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
              <Button
                variant="secondary"
                aria-label={t("copy")}
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(key);
                    setCopied(true);
                    toast.success(t("copied"));
                  } catch {
                    toast.error(t("copyFailed"));
                  }
                }}
              >
                {copied ? <Check className="size-4" /> : <Copy className="size-4" />}
              </Button>
            </div>
            <div className="flex justify-end">
              <Button onClick={() => close(false)}>{tc("done")}</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <Field label={t("name")} hint={t("nameHint")} error={err(form.formState.errors.name?.message)}>
              {(p) => <Input {...p} autoFocus maxLength={80} {...form.register("name")} />}
            </Field>
            <Field label={t("role")} hint={t("roleHint")} error={err(form.formState.errors.role?.message)}>
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
            <Field label={t("expiresOn")} hint={t("expiresHint")} error={err(form.formState.errors.expiresOn?.message)}>
              {(p) => <Input {...p} type="date" {...form.register("expiresOn", { setValueAs: (v: string) => v || null })} />}
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>{tc("cancel")}</Button>
              <Button type="submit" loading={create.isPending} data-testid="api-key-create">{t("create")}</Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
