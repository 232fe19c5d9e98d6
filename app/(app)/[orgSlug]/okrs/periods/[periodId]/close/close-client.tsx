"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowLeft, Lock } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { gradeBand, suggestedGrade } from "@/server/okrs/progress";
import { ZGradeInput } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorMessage, showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { formatKrValue } from "@/app/_components/okrs/format";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { LEVEL_STYLES, Pill } from "../../../tree/pill";
import { PERIOD_STATUS_STYLES, usePeriodDates } from "../../periods-client";

type Objective = inferRouterOutputs<AppRouter>["objective"]["list"][number];
type KeyResult = Objective["keyResults"][number];

const BAND_STYLES = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-900/30 dark:text-emerald-300 dark:ring-emerald-800",
  amber: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-900/30 dark:text-amber-300 dark:ring-amber-800",
  red: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-900/30 dark:text-red-300 dark:ring-red-800",
} as const;
const BAND_SWATCH = { green: "bg-emerald-500", amber: "bg-amber-500", red: "bg-red-500" } as const;

/** A grade that differs from the suggestion by more than this needs a reason (as on the server). */
const REASON_TOLERANCE = 0.05;

const isDone = (k: KeyResult) => k.grade != null || k.skipped;

export function CloseClient({ periodId }: { periodId: string }) {
  const t = useTranslations("periods.close");
  const tp = useTranslations("periods");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const dates = usePeriodDates();
  const { data: periods } = useSuspenseQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const { data: objectives } = useSuspenseQuery(trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId }));
  const period = periods.find((p) => p.id === periodId);
  const mayManage = useCan("period.manage");
  const mayGradeRole = useCan("okr.grade");
  const mayGrade = mayGradeRole && !!period && period.status !== "closed";
  const setStatus = useMutation(trpc.period.setStatus.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);
  const blockedId = useId();

  const live = useMemo(() => objectives.filter((o) => o.status !== "cancelled"), [objectives]);
  const cancelled = useMemo(() => objectives.filter((o) => o.status === "cancelled"), [objectives]);
  const liveKrs = live.flatMap((o) => o.keyResults);
  const ungraded = liveKrs.filter((k) => !isDone(k)).length;

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.period.list.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
    ]);

  if (!period) {
    return <EmptyState title={t("missingTitle")} action={<BackLink orgSlug={org.slug} />} />;
  }

  const closePeriod = async () => {
    setCloseError(null);
    try {
      await setStatus.mutateAsync({ orgSlug: org.slug, periodId: period.id, status: "closed", version: period.version });
      toast.success(t("closed", { name: period.name }));
      setConfirming(false);
    } catch (e) {
      setConfirming(false);
      setCloseError(errorMessage(e));
    } finally {
      await refresh();
    }
  };

  return (
    <div className="space-y-6">
      <BackLink orgSlug={org.slug} />

      <Card className="space-y-4 p-4 sm:p-5">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div>
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="text-lg font-semibold">{t(period.status === "closed" ? "headingClosed" : "heading", { name: period.name })}</h2>
              <Pill className={PERIOD_STATUS_STYLES[period.status]}>{tp(`status.${period.status}`)}</Pill>
            </div>
            <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{dates(period)}</p>
            <p className="mt-2 text-sm" data-testid="grading-count">
              {t("gradedCount", { done: liveKrs.length - ungraded, total: liveKrs.length })}
            </p>
          </div>
          {mayManage && period.status === "active" && (
            <div className="flex flex-col items-stretch gap-1.5 sm:items-end">
              <Button
                variant="danger"
                disabled={ungraded > 0}
                aria-describedby={ungraded > 0 ? blockedId : undefined}
                onClick={() => setConfirming(true)}
                data-testid="close-period"
              >
                <Lock className="size-4" aria-hidden /> {t("closeButton")}
              </Button>
              {ungraded > 0 && (
                <p id={blockedId} className="max-w-xs text-xs text-zinc-600 sm:text-right dark:text-zinc-400">
                  {t("blocked", { count: ungraded })}
                </p>
              )}
            </div>
          )}
        </div>

        {period.status === "planning" && <Notice>{mayManage ? t("planningManage") : t("planning")}</Notice>}
        {period.status === "closed" && <Notice>{t("closedNotice")}</Notice>}
        {period.status === "active" && !mayManage && mayGradeRole && <Notice>{t("gradeOnly")}</Notice>}
        {!mayGradeRole && !mayManage && period.status !== "closed" && <Notice>{t("readOnly")}</Notice>}

        {closeError && (
          <div
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
          >
            <p className="font-medium">{t("closeRefused")}</p>
            <p className="mt-0.5">{closeError}</p>
          </div>
        )}

        <Legend />
      </Card>

      {objectives.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Link href={`/${org.slug}/okrs?period=${period.id}`} className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              {t("goToObjectives")}
            </Link>
          }
        />
      ) : (
        <div className="space-y-4">
          {live.map((o) => (
            <ObjectiveCard key={o.id} objective={o} editable={mayGrade} />
          ))}
          {cancelled.length > 0 && (
            <section aria-labelledby="cancelled-heading" className="space-y-3">
              <h2 id="cancelled-heading" className="text-sm font-semibold text-zinc-600 dark:text-zinc-400">
                {t("cancelledHeading")}
              </h2>
              <p className="text-xs text-zinc-500">{t("cancelledBody")}</p>
              {cancelled.map((o) => (
                <ObjectiveCard key={o.id} objective={o} editable={false} />
              ))}
            </section>
          )}
        </div>
      )}

      <Dialog open={confirming} onOpenChange={setConfirming}>
        {confirming && (
          <DialogContent title={t("confirmTitle", { name: period.name })} description={t("confirmBody")} closeLabel={tc("close")}>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {tc("cancel")}
              </Button>
              <Button variant="danger" loading={setStatus.isPending} onClick={closePeriod}>
                {t("closeButton")}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </div>
  );
}

function BackLink({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("periods.close");
  return (
    <Link
      href={`/${orgSlug}/okrs/periods`}
      className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <ArrowLeft className="size-4" aria-hidden /> {t("back")}
    </Link>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p className="rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">{children}</p>
  );
}

function Legend() {
  const t = useTranslations("periods.close");
  return (
    <div className="space-y-1.5 border-t border-zinc-100 pt-3 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <p>
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{t("legendTitle")}</span> {t("legendExpectations")}
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {(["green", "amber", "red"] as const).map((b) => (
          <li key={b} className="flex items-center gap-1.5">
            <span className={cn("size-2.5 rounded-full", BAND_SWATCH[b])} aria-hidden />
            {t(`band.${b}`)} — {t(`bandRule.${b}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ObjectiveCard({ objective: o, editable }: { objective: Objective; editable: boolean }) {
  const t = useTranslations("periods.close");
  const ta = useTranslations("alignment");
  const format = useFormatter();
  const org = useOrg();
  const band = o.score != null ? gradeBand(o.score, o.commitment) : null;
  const headingId = useId();
  const done = o.keyResults.filter(isDone).length;

  return (
    <Card className={cn("overflow-hidden", o.status === "cancelled" && "opacity-75")} data-testid="grading-objective">
      <section aria-labelledby={headingId}>
        <div className="flex flex-col gap-3 border-b border-zinc-100 p-4 sm:flex-row sm:items-start sm:justify-between dark:border-zinc-800">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <Pill className={LEVEL_STYLES[o.level]}>{ta(`level.${o.level}`)}</Pill>
              <Badge>{t(`commitment.${o.commitment}`)}</Badge>
              {o.status === "cancelled" && <Badge>{ta("status.cancelled")}</Badge>}
            </div>
            <h3 id={headingId} className="mt-1.5 font-medium">
              <Link href={`/${org.slug}/okrs/o/${o.id}`} className="break-words hover:underline">
                {o.title}
              </Link>
            </h3>
            <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              {o.departmentName ?? ta("noDepartment")} · {o.ownerName} · {t("krDone", { done, total: o.keyResults.length })}
            </p>
            <ProgressBar className="mt-2 sm:w-64" value={o.progress} band={o.confidenceBand} label={ta("progressOf", { name: o.title })} />
          </div>
          <div
            className={cn(
              "flex shrink-0 items-center gap-3 rounded-lg px-3 py-2 ring-1 sm:flex-col sm:items-end sm:gap-0.5",
              band ? BAND_STYLES[band] : "bg-zinc-50 text-zinc-600 ring-zinc-200 dark:bg-zinc-800/60 dark:text-zinc-400 dark:ring-zinc-700",
            )}
            data-testid="objective-score"
            data-band={band ?? "none"}
          >
            <span className="text-xs font-medium">{t("score")}</span>
            <span className="text-xl font-semibold tabular-nums">
              {o.score != null ? format.number(o.score, { minimumFractionDigits: 1, maximumFractionDigits: 2 }) : "—"}
            </span>
            <span className="text-xs">
              {band ? t(`band.${band}`) : t("notScored")} · {t("expected", { value: o.commitment === "committed" ? "1.0" : "0.7" })}
            </span>
          </div>
        </div>
        {o.keyResults.length === 0 ? (
          <p className="p-4 text-sm text-zinc-500">{t("noKeyResults")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {o.keyResults.map((kr) => (
              <li key={`${kr.id}:${kr.version}`} className="p-4">
                {editable ? <GradeForm kr={kr} /> : <GradeView kr={kr} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Card>
  );
}

function KrSummary({ kr }: { kr: KeyResult }) {
  const t = useTranslations("periods.close");
  const locale = useLocale();
  const labels = { done: t("milestoneDone"), notDone: t("milestoneNotDone") };
  const target =
    kr.direction === "band" && kr.type !== "milestone"
      ? `${formatKrValue(kr.bandMin, kr, locale, labels)} – ${formatKrValue(kr.bandMax, kr, locale, labels)}`
      : formatKrValue(kr.targetValue, kr, locale, labels);
  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-center gap-2">
        <p className="break-words text-sm font-medium">{kr.title}</p>
        <StatusChip kr={kr} />
      </div>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        {kr.ownerName} · {t("values", { current: formatKrValue(kr.currentValue ?? kr.startValue, kr, locale, labels), target })}
      </p>
      <ProgressBar className="mt-1.5 sm:w-64" value={kr.progress} label={t("krProgress", { title: kr.title })} />
    </div>
  );
}

function StatusChip({ kr }: { kr: KeyResult }) {
  const t = useTranslations("periods.close");
  const format = useFormatter();
  if (kr.skipped) return <Badge data-testid="kr-status">{t("skipped")}</Badge>;
  if (kr.grade != null)
    return (
      <Pill className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300" data-testid="kr-status">
        {t("gradedAs", { grade: format.number(kr.grade, { minimumFractionDigits: 1, maximumFractionDigits: 2 }) })}
      </Pill>
    );
  return (
    <Pill className="bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-300" data-testid="kr-status">
      {t("notGraded")}
    </Pill>
  );
}

function GradeView({ kr }: { kr: KeyResult }) {
  const t = useTranslations("periods.close");
  const format = useFormatter();
  const suggested = suggestedGrade(kr.progress);
  const n = (v: number) => format.number(v, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,20rem)]">
      <KrSummary kr={kr} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-zinc-500">{t("suggested")}</dt>
        <dd className="tabular-nums">{n(suggested)}</dd>
        <dt className="text-zinc-500">{t("grade")}</dt>
        <dd className="tabular-nums">{kr.skipped ? t("skipped") : kr.grade != null ? n(kr.grade) : "—"}</dd>
        {kr.gradeReason && (
          <>
            <dt className="text-zinc-500">{t("reason")}</dt>
            <dd className="break-words">{kr.gradeReason}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

const ZGradeFields = ZGradeInput.pick({ grade: true, skipped: true, reason: true });

/** The server's grading rules (gradeKeyResult), checked before sending: same messages, same keys. */
function gradeSchema(suggested: number) {
  return ZGradeFields.superRefine((v, ctx) => {
    if (v.skipped) {
      if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "e.skipReasonRequired" });
      return;
    }
    if (v.grade == null) ctx.addIssue({ code: "custom", path: ["grade"], message: "v.required" });
    else if (Math.abs(v.grade - suggested) > REASON_TOLERANCE && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "e.gradeReasonRequired" });
    }
  });
}
type GradeSchema = ReturnType<typeof gradeSchema>;

function GradeForm({ kr }: { kr: KeyResult }) {
  const t = useTranslations("periods.close");
  const tc = useTranslations("common");
  const err = useErrorText();
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const suggested = suggestedGrade(kr.progress);
  const schema = useMemo(() => gradeSchema(suggested), [suggested]);
  const form = useForm<z.input<GradeSchema>, unknown, z.output<GradeSchema>>({
    resolver: zodResolver(schema),
    defaultValues: { grade: kr.grade ?? suggested, skipped: kr.skipped, reason: kr.gradeReason ?? "" },
  });
  const [grade, skipped] = useWatch({ control: form.control, name: ["grade", "skipped"] });
  const save = useMutation(trpc.keyResult.grade.mutationOptions());
  const ids = { grade: useId(), reason: useId(), skip: useId(), gradeErr: useId(), reasonErr: useId(), reasonHint: useId() };
  const differs = !skipped && typeof grade === "number" && Number.isFinite(grade) && Math.abs(grade - suggested) > REASON_TOLERANCE;
  const reasonRequired = skipped || differs;
  const graded = isDone(kr);
  const gradeError = err(form.formState.errors.grade?.message);
  const reasonError = err(form.formState.errors.reason?.message);
  const n = (v: number) => format.number(v, { minimumFractionDigits: 1, maximumFractionDigits: 2 });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await save.mutateAsync({
        orgSlug: org.slug,
        keyResultId: kr.id,
        version: kr.version,
        grade: v.skipped ? null : v.grade,
        skipped: v.skipped,
        reason: v.reason,
      });
      toast.success(v.skipped ? t("skippedSaved", { title: kr.title }) : t("gradeSaved", { title: kr.title }));
      await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
    } catch (e) {
      showServerError(e, {
        setError: form.setError,
        fields: ["grade", "reason", "skipped"],
        onReload: () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
        reloadLabel: tc("reload"),
      });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]" data-testid="grade-form">
      <KrSummary kr={kr} />
      <div className="space-y-2">
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor={ids.grade} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {t("grade")}
            </label>
            <Input
              id={ids.grade}
              type="number"
              inputMode="decimal"
              min={0}
              max={1}
              step={0.1}
              disabled={skipped}
              aria-invalid={gradeError ? true : undefined}
              aria-describedby={gradeError ? ids.gradeErr : undefined}
              className="w-24 tabular-nums"
              {...form.register("grade", { setValueAs: (v: unknown) => (v === "" || v == null ? null : Number(v)) })}
            />
          </div>
          <p className="pb-2 text-xs text-zinc-600 dark:text-zinc-400">
            {t("suggestedValue", { value: n(suggested) })}
            {!skipped && grade !== suggested && (
              <>
                {" "}
                <button
                  type="button"
                  className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                  onClick={() => form.setValue("grade", suggested, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
                >
                  {t("useSuggested")}
                </button>
              </>
            )}
          </p>
          <label htmlFor={ids.skip} className="flex items-center gap-2 pb-2 text-sm">
            <input
              id={ids.skip}
              type="checkbox"
              role="switch"
              aria-checked={!!skipped}
              className="size-4 rounded border-zinc-300 accent-brand-600 dark:border-zinc-600"
              {...form.register("skipped")}
            />
            {t("skip")}
          </label>
        </div>
        {gradeError && (
          <p id={ids.gradeErr} className="text-xs font-medium text-red-600 dark:text-red-400">
            {gradeError}
          </p>
        )}
        <div className="space-y-1">
          <label htmlFor={ids.reason} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            {t("reason")}
            {reasonRequired && <span className="ml-1 text-zinc-500">({t("required")})</span>}
          </label>
          <Input
            id={ids.reason}
            maxLength={1000}
            aria-invalid={reasonError ? true : undefined}
            aria-required={reasonRequired}
            aria-describedby={reasonError ? ids.reasonErr : reasonRequired ? ids.reasonHint : undefined}
            placeholder={reasonRequired ? undefined : t("reasonOptional")}
            {...form.register("reason")}
          />
          {reasonError ? (
            <p id={ids.reasonErr} className="text-xs font-medium text-red-600 dark:text-red-400">
              {reasonError}
            </p>
          ) : (
            reasonRequired && (
              <p id={ids.reasonHint} className="text-xs text-zinc-500">
                {skipped ? t("reasonForSkip") : t("reasonForDifference")}
              </p>
            )
          )}
        </div>
        <div className="flex justify-end">
          <Button type="submit" size="sm" loading={save.isPending} disabled={graded && !form.formState.isDirty}>
            {graded ? tc("save") : skipped ? t("saveSkip") : t("saveGrade")}
            <span className="sr-only"> – {kr.title}</span>
          </Button>
        </div>
      </div>
    </form>
  );
}
