"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZDepartmentName } from "@/server/org/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

type Dept = { id: string; name: string; parentId: string | null; version: number; memberCount: number; managers: { userId: string; name: string }[] };
const ZForm = z.object({ name: ZDepartmentName, parentId: z.string() });

export function DepartmentsClient() {
  const t = useTranslations("departments");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: departments } = useSuspenseQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const mayCreate = useCan("department.create");
  const mayUpdate = useCan("department.update");
  const mayDelete = useCan("department.delete");
  const [editing, setEditing] = useState<Dept | "new" | null>(null);
  const [deleting, setDeleting] = useState<Dept | null>(null);
  const del = useMutation(trpc.department.delete.mutationOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.department.list.pathKey() });
  const byId = new Map(departments.map((d) => [d.id, d]));

  return (
    <div className="space-y-4">
      <div className="flex justify-between gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        {mayCreate && (
          <Button onClick={() => setEditing("new")} data-testid="new-department">
            <Plus className="size-4" aria-hidden /> {t("new")}
          </Button>
        )}
      </div>
      {departments.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyBody")} action={mayCreate && <Button onClick={() => setEditing("new")}>{t("new")}</Button>} />
      ) : (
        <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {departments.map((d) => (
            <div key={d.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div>
                <div className="font-medium">{d.name}</div>
                <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                  {d.parentId && <span>{t("partOf", { name: byId.get(d.parentId)?.name ?? "—" })}</span>}
                  <span>{t("memberCount", { count: d.memberCount })}</span>
                  {d.managers.length > 0 ? (
                    <span>{t("managedBy", { names: d.managers.map((m) => m.name).join(", ") })}</span>
                  ) : (
                    <Badge className="bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300">{t("noManager")}</Badge>
                  )}
                </div>
              </div>
              <div className="flex gap-1">
                {mayUpdate && (
                  <Button variant="ghost" size="sm" onClick={() => setEditing(d)} aria-label={t("editName", { name: d.name })}>
                    <Pencil className="size-4" aria-hidden />
                  </Button>
                )}
                {mayDelete && (
                  <Button variant="ghost" size="sm" onClick={() => setDeleting(d)} aria-label={t("deleteName", { name: d.name })}>
                    <Trash2 className="size-4 text-red-600" aria-hidden />
                  </Button>
                )}
              </div>
            </div>
          ))}
        </Card>
      )}
      {editing && (
        <DepartmentForm
          dept={editing === "new" ? null : editing}
          departments={departments}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await invalidate();
          }}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={deleting && t("deleteTitle", { name: deleting.name })}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await del.mutateAsync({ orgSlug: org.slug, departmentId: deleting.id, version: deleting.version });
            toast.success(t("deleted", { name: deleting.name }));
            setDeleting(null);
          } catch (e) {
            showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
          } finally {
            await invalidate();
          }
        }}
      />
    </div>
  );
}

function DepartmentForm({ dept, departments, onClose, onSaved }: { dept: Dept | null; departments: Dept[]; onClose: () => void; onSaved: () => void }) {
  const t = useTranslations("departments");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { name: dept?.name ?? "", parentId: dept?.parentId ?? "" } });
  const create = useMutation(trpc.department.create.mutationOptions());
  const update = useMutation(trpc.department.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const parentId = v.parentId || null;
      if (dept) await update.mutateAsync({ orgSlug: org.slug, departmentId: dept.id, name: v.name, parentId, version: dept.version });
      else await create.mutateAsync({ orgSlug: org.slug, name: v.name, parentId });
      toast.success(tc("saved"));
      onSaved();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "parentId"], onReload: onSaved, reloadLabel: tc("reload") });
    }
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={dept ? t("editTitle") : t("newTitle")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("name")} error={err(form.formState.errors.name?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("name")} />}
          </Field>
          <Field label={t("parent")} error={err(form.formState.errors.parentId?.message)}>
            {(p) => (
              <Select {...p} {...form.register("parentId")}>
                <option value="">{t("noParent")}</option>
                {departments.filter((d) => d.id !== dept?.id).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
            <Button type="submit" loading={create.isPending || update.isPending}>{tc("save")}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
