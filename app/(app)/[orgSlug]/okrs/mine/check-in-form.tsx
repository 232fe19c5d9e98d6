"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { confidenceBand } from "@/server/okrs/progress";
import { ZCheckInInput } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import type { MyKr } from "./my-krs-client";

type In = z.input<typeof ZCheckInInput>;
type Out = z.output<typeof ZCheckInInput>;

const CONFIDENCES = Array.from({ length: 11 }, (_, i) => i);
const toNumber = (v: unknown) => (v === "" || v == null ? undefined : typeof v === "number" ? v : Number(v));

/** The inline weekly check-in of one key result: new value, confidence 0–10 and an optional note. */
export function CheckInForm({ kr }: { kr: MyKr }) {
  const t = useTranslations("myKrs");
  const tcf = useTranslations("okrs.confidence");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const milestone = kr.type === "milestone";
  const form = useForm<In, unknown, Out>({
    resolver: zodResolver(ZCheckInInput),
    defaultValues: {
      keyResultId: kr.id,
      value: milestone ? ((kr.currentValue ?? 0) >= 1 ? 1 : 0) : (kr.currentValue ?? undefined),
      confidence: kr.confidence ?? 5,
      note: "",
    },
  });
  const checkIn = useMutation(trpc.keyResult.checkIn.mutationOptions());
  const e = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await checkIn.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("checkedIn", { title: kr.title }));
      form.reset({ keyResultId: kr.id, value: v.value, confidence: v.confidence, note: "" });
      await Promise.all([
        qc.invalidateQueries({ queryKey: trpc.keyResult.mine.pathKey() }),
        qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
      ]);
    } catch (x) {
      showServerError(x, { setError: form.setError, fields: ["value", "confidence", "note"] });
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t("checkInFor", { title: kr.title })}
      className="flex flex-wrap items-start gap-3"
    >
      <Field label={t("newValue")} error={err(e.value?.message)} className="w-full sm:w-36">
        {(p) =>
          milestone ? (
            <Select
              {...p}
              aria-label={t("newValueFor", { title: kr.title })}
              {...form.register("value", { setValueAs: toNumber })}
            >
              <option value="0">{t("notDone")}</option>
              <option value="1">{t("done")}</option>
            </Select>
          ) : (
            <Input
              {...p}
              type="number"
              step="any"
              inputMode="decimal"
              aria-label={t("newValueFor", { title: kr.title })}
              placeholder={kr.unit || undefined}
              {...form.register("value", { setValueAs: toNumber })}
            />
          )
        }
      </Field>
      <Field label={t("confidence")} error={err(e.confidence?.message)} className="w-full sm:w-44">
        {(p) => (
          <Select
            {...p}
            aria-label={t("confidenceFor", { title: kr.title })}
            {...form.register("confidence", { setValueAs: toNumber })}
          >
            {CONFIDENCES.map((c) => (
              <option key={c} value={c}>
                {t("confidenceOption", { value: c, band: tcf(confidenceBand(c) ?? "none") })}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label={t("note")}
        hint={t("noteHint")}
        error={err(e.note?.message)}
        className="w-full min-w-48 sm:flex-1"
      >
        {(p) => (
          <Input
            {...p}
            aria-label={t("noteFor", { title: kr.title })}
            maxLength={2000}
            {...form.register("note")}
          />
        )}
      </Field>
      <div className="w-full sm:w-auto sm:pt-[1.625rem]">
        <Button type="submit" loading={checkIn.isPending} className="w-full sm:w-auto">
          {t("submit")}
          <span className="sr-only"> {t("submitFor", { title: kr.title })}</span>
        </Button>
      </div>
    </form>
  );
}
