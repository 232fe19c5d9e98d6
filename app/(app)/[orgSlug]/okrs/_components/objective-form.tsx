"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZCommitment, ZObjectiveLevel } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";

const ZForm = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  level: ZObjectiveLevel,
  ownerId: z.string().uuid(),
  departmentId: z.string(),
  commitment: ZCommitment,
  tags: z.string().max(500),
  parentIds: z.array(z.string()),
});
type Values = z.input<typeof ZForm>;

export interface ObjectiveFormValue {
  id: string;
  version: number;
  title: string;
  description: string;
  level: "company" | "department" | "team" | "individual";
  ownerId: string;
  departmentId: string | null;
  commitment: "committed" | "aspirational";
  tags: string[];
  parentIds: string[];
}

/** Create or edit an objective: the same zod rules as the server, errors next to the fields. */
export function ObjectiveFormDialog({
  periodId,
  objective,
  myUserId,
  myDepartmentId,
  onClose,
}: {
  periodId: string;
  objective?: ObjectiveFormValue;
  myUserId: string;
  myDepartmentId?: string;
  onClose: () => void;
}) {
  const t = useTranslations("okrs.form");
  const tl = useTranslations("okrs.level");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const siblings = useQuery(trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId }));
  const form = useForm<Values>({
    resolver: zodResolver(ZForm),
    defaultValues: {
      title: objective?.title ?? "",
      description: objective?.description ?? "",
      level: objective?.level ?? (myDepartmentId ? "department" : "company"),
      ownerId: objective?.ownerId ?? myUserId,
      departmentId: objective?.departmentId ?? myDepartmentId ?? "",
      commitment: objective?.commitment ?? "committed",
      tags: objective?.tags.join(", ") ?? "",
      parentIds: objective?.parentIds ?? [],
    },
  });
  const create = useMutation(trpc.objective.create.mutationOptions());
  const update = useMutation(trpc.objective.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    const payload = {
      orgSlug: org.slug,
      title: v.title,
      description: v.description,
      level: v.level,
      ownerId: v.ownerId,
      departmentId: v.departmentId || null,
      commitment: v.commitment,
      tags: v.tags.split(",").map((s) => s.trim()).filter(Boolean),
      parentIds: v.parentIds,
    };
    try {
      if (objective) {
        await update.mutateAsync({ ...payload, objectiveId: objective.id, version: objective.version });
        toast.success(tc("saved"));
      } else {
        const created = await create.mutateAsync({ ...payload, periodId });
        toast.success(t("created"));
        router.push(`/${org.slug}/okrs/o/${created.id}`);
      }
      await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
      onClose();
    } catch (e) {
      showServerError(e, {
        setError: form.setError,
        fields: ["title", "description", "level", "ownerId", "departmentId", "commitment", "tags", "parentIds"],
        reloadLabel: tc("reload"),
        onReload: () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
      });
    }
  });
  const e = form.formState.errors;
  const candidates = (siblings.data ?? []).filter((o) => o.id !== objective?.id);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={objective ? t("editTitle") : t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("title")} error={err(e.title?.message)} hint={t("titleHint")}>
            {(p) => <Input {...p} autoFocus {...form.register("title")} />}
          </Field>
          <Field label={t("description")} error={err(e.description?.message)}>
            {(p) => <Textarea {...p} rows={3} {...form.register("description")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("level")} error={err(e.level?.message)}>
              {(p) => (
                <Select {...p} {...form.register("level")}>
                  {ZObjectiveLevel.options.map((l) => (
                    <option key={l} value={l}>{tl(l)}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("department")} error={err(e.departmentId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("departmentId")}>
                  <option value="">{t("noDepartment")}</option>
                  <DepartmentOptions />
                </Select>
              )}
            </Field>
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("ownerId")}>
                  <MemberOptions />
                </Select>
              )}
            </Field>
            <Field label={t("commitment")} error={err(e.commitment?.message)} hint={t("commitmentHint")}>
              {(p) => (
                <Select {...p} {...form.register("commitment")}>
                  <option value="committed">{t("committed")}</option>
                  <option value="aspirational">{t("aspirational")}</option>
                </Select>
              )}
            </Field>
          </div>
          <Field label={t("tags")} error={err(e.tags?.message)} hint={t("tagsHint")}>
            {(p) => <Input {...p} {...form.register("tags")} />}
          </Field>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium">{t("supports")}</legend>
            {candidates.length === 0 ? (
              <p className="text-xs text-zinc-500">{t("noCandidates")}</p>
            ) : (
              <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                {candidates.map((o) => (
                  <label key={o.id} className="flex items-start gap-2 text-sm">
                    <input type="checkbox" value={o.id} {...form.register("parentIds")} className="mt-0.5 size-4" />
                    <span>
                      {o.title} <span className="text-xs text-zinc-500">· {tl(o.level)}{o.departmentName ? ` · ${o.departmentName}` : ""}</span>
                    </span>
                  </label>
                ))}
              </div>
            )}
            {e.parentIds?.message && <p className="mt-1 text-xs font-medium text-red-600">{err(e.parentIds.message)}</p>}
          </fieldset>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
            <Button type="submit" loading={create.isPending || update.isPending}>{objective ? tc("save") : t("create")}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
