"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZStageName } from "@/server/products/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useStageLabel } from "../../products/shared";
import type { Stage } from "./lifecycle-client";

const ZForm = z.object({ name: ZStageName });

/** A stage's name with an inline rename (Enter saves, Escape cancels); the stage's version guards against lost edits. */
export function StageName({ stage, position, mayEdit }: { stage: Stage; position: number; mayEdit: boolean }) {
  const t = useTranslations("productSettings");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const label = stageLabel(stage);
  const [editing, setEditing] = useState(false);
  const pencilId = useId();
  const rename = useMutation(trpc.product.renameStage.mutationOptions());
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { name: label } });

  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => document.getElementById(pencilId)?.focus());
  };
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
  const onSubmit = form.handleSubmit(async (v) => {
    if (v.name.trim() === label) return close();
    try {
      await rename.mutateAsync({ orgSlug: org.slug, stageId: stage.id, version: stage.version, name: v.name });
      await refresh();
      toast.success(t("renamed"));
      close();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name"], reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });

  if (!editing)
    return (
      <div className="flex min-w-0 items-center gap-1">
        <h2 className="truncate font-semibold" data-testid="stage-name">
          {label}
        </h2>
        {mayEdit && (
          <Button
            id={pencilId}
            variant="ghost"
            size="sm"
            className="h-7 px-1.5"
            onClick={() => {
              form.reset({ name: label });
              setEditing(true);
            }}
            aria-label={t("rename", { stage: label })}
            title={t("rename", { stage: label })}
            data-testid="rename-stage"
          >
            <Pencil className="size-3.5" aria-hidden />
          </Button>
        )}
      </div>
    );

  const error = err(form.formState.errors.name?.message);
  const errId = `stage-name-err-${stage.id}`;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" onKeyDown={(e) => e.key === "Escape" && (e.preventDefault(), close())}>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          {...form.register("name")}
          autoFocus
          className="h-8 w-56 max-w-full py-1"
          aria-label={t("nameFor", { position })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errId : undefined}
          maxLength={60}
          data-testid="stage-name-input"
        />
        <Button type="submit" size="sm" loading={rename.isPending}>
          {tc("save")}
        </Button>
        <Button variant="ghost" size="sm" onClick={close}>
          {tc("cancel")}
        </Button>
      </div>
      {error && (
        <p id={errId} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
