"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input } from "@/app/_components/ui/field";
import { errorData } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useRetroLabels, useShowError } from "@/app/_components/retros/retro-ui";

/** A column key from its label: ASCII words become snake_case, anything else (Chinese…) a numbered key. */
function columnKey(label: string, i: number, taken: Set<string>) {
  let key = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40);
  if (!key || taken.has(key)) key = `col_${i + 1}`;
  taken.add(key);
  return key;
}

/** The organisation's own retro templates (admins): list, add with custom columns, delete. */
export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations("retros.templatesAdmin");
  const tc = useTranslations("common");
  const err = useErrorText();
  const labels = useRetroLabels();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const showError = useShowError();
  const templates = useQuery(trpc.retro.templates.queryOptions({ orgSlug: org.slug }));
  const create = useMutation(trpc.retro.createTemplate.mutationOptions());
  const del = useMutation(trpc.retro.deleteTemplate.mutationOptions());
  const [name, setName] = useState("");
  const [columns, setColumns] = useState<string[]>(["", "", ""]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.retro.templates.queryKey() });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const labelsIn = columns.map((c) => c.trim()).filter(Boolean);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t("nameRequired");
    if (!labelsIn.length) local.columns = t("columnsRequired");
    setErrors(local);
    if (Object.keys(local).length) return;
    const taken = new Set<string>();
    try {
      await create.mutateAsync({ orgSlug: org.slug, name: name.trim(), columns: labelsIn.map((label, i) => ({ key: columnKey(label, i, taken), label })) });
      toast.success(t("created"));
      setName("");
      setColumns(["", "", ""]);
      await refresh();
    } catch (ex) {
      const fe = errorData(ex).fieldErrors;
      if (fe && (fe.name || fe.columns)) setErrors({ ...(fe.name ? { name: fe.name.join(" ") } : {}), ...(fe.columns ? { columns: fe.columns.join(" ") } : {}) });
      else showError(ex, () => void refresh());
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")} className="max-w-xl">
        <div className="space-y-5">
          <section>
            <h3 className="mb-1.5 text-sm font-semibold">{t("builtin")}</h3>
            <ul className="space-y-1 text-sm text-zinc-600 dark:text-zinc-400">
              {templates.data?.builtin.map((tpl) => (
                <li key={tpl.id}>{labels.template(tpl.key)}</li>
              ))}
            </ul>
          </section>
          <section>
            <h3 className="mb-1.5 text-sm font-semibold">{t("own")}</h3>
            {!templates.data?.own.length ? (
              <p className="text-sm text-zinc-500">{t("none")}</p>
            ) : (
              <ul className="space-y-1.5">
                {templates.data.own.map((tpl) => (
                  <li key={tpl.id} className="flex items-start justify-between gap-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
                    <div className="min-w-0">
                      <p className="break-words font-medium">{tpl.name}</p>
                      <p className="break-words text-xs text-zinc-500">{tpl.columns.map((c) => c.label).join(" · ")}</p>
                    </div>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t("delete", { name: tpl.name })}
                      loading={del.isPending && del.variables?.templateId === tpl.id}
                      onClick={async () => {
                        try {
                          await del.mutateAsync({ orgSlug: org.slug, templateId: tpl.id });
                          await refresh();
                        } catch (ex) {
                          showError(ex, () => void refresh());
                        }
                      }}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <form onSubmit={submit} noValidate className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800" data-testid="template-form">
            <h3 className="text-sm font-semibold">{t("add")}</h3>
            <Field label={t("name")} error={err(errors.name)}>
              {(a) => <Input {...a} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />}
            </Field>
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">{t("columns")}</legend>
              {columns.map((c, i) => (
                <div key={i} className="flex gap-1.5">
                  <Input
                    value={c}
                    onChange={(e) => setColumns(columns.map((x, j) => (j === i ? e.target.value : x)))}
                    aria-label={t("column", { n: i + 1 })}
                    maxLength={60}
                  />
                  {columns.length > 1 && (
                    <Button variant="ghost" size="sm" className="h-9" aria-label={t("removeColumn", { n: i + 1 })} onClick={() => setColumns(columns.filter((_, j) => j !== i))}>
                      <X className="size-4" aria-hidden />
                    </Button>
                  )}
                </div>
              ))}
              {errors.columns && <p className="text-xs font-medium text-red-600 dark:text-red-400">{err(errors.columns)}</p>}
              {columns.length < 8 && (
                <Button variant="ghost" size="sm" onClick={() => setColumns([...columns, ""])}>
                  <Plus className="size-4" aria-hidden /> {t("addColumn")}
                </Button>
              )}
            </fieldset>
            <div className="flex justify-end">
              <Button type="submit" loading={create.isPending}>
                {t("save")}
              </Button>
            </div>
          </form>
        </div>
      </DialogContent>
    </Dialog>
  );
}
