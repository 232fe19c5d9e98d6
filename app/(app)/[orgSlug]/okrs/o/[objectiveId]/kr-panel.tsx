"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, Pencil, Trash2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { idealValueAt } from "@/server/okrs/progress";
import { can, type ScopeActor } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, Skeleton } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { ConfidenceBadge } from "@/app/_components/okrs/confidence-badge";
import { formatKrValue } from "@/app/_components/okrs/format";
import { confidenceBand } from "@/server/okrs/progress";
import { KeyResultFormDialog, type KeyResultFormValue } from "../../_components/key-result-form";
import type { ChartPoint } from "./kr-chart";

const KrChart = dynamic(() => import("./kr-chart"), { ssr: false, loading: () => <Skeleton className="h-[200px] w-full" /> });

type Kr = KeyResultFormValue & { ownerName: string; progress: number; currentValue: number | null; confidence: number | null; grade: number | null; skipped: boolean };
type Objective = { id: string; departmentId: string | null; ownerId: string; periodStartsOn: string; periodEndsOn: string; periodStatus: string; status: string };
type CheckIn = { id: string; value: number; confidence: number; note: string; source: string; authorName: string | null; createdAt: Date };
type Initiative = { id: string; title: string; ownerId: string | null; ownerName: string | null; dueOn: string | null; status: "todo" | "doing" | "done" | "blocked"; version: number };
type Dependency = { id: string; what: string; neededBy: string; status: string; comment: string; toDepartmentName: string };

export function KrPanel({
  kr,
  objective,
  actor,
  checkIns,
  initiatives,
  dependencies,
}: {
  kr: Kr;
  objective: Objective;
  actor: ScopeActor;
  checkIns: CheckIn[];
  initiatives: Initiative[];
  dependencies: Dependency[];
}) {
  const t = useTranslations("okrs.kr");
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const open = objective.periodStatus !== "closed" && objective.status !== "closed" && objective.status !== "cancelled";
  const subjects = [
    { departmentId: objective.departmentId, ownerId: objective.ownerId },
    { departmentId: objective.departmentId, ownerId: kr.ownerId },
  ];
  const mayCheckIn = open && subjects.some((s) => can(actor, "checkIn.create", s));
  // Pending objectives are locked; approved/active ones keep their approved targets (edit still renames/reassigns).
  const mayManage =
    objective.periodStatus !== "closed" && objective.status !== "pending_approval" && subjects.some((s) => can(actor, "keyResult.manage", s));
  const mayInitiative = objective.periodStatus !== "closed" && subjects.some((s) => can(actor, "initiative.manage", s));
  const mayDepend = objective.periodStatus !== "closed" && subjects.some((s) => can(actor, "dependency.request", s));
  const [checkingIn, setCheckingIn] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [asking, setAsking] = useState(false);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
  const labels = { done: t("milestoneDone"), notDone: t("milestoneNotDone") };
  const fmt = (v: number | null | undefined) => formatKrValue(v, kr, locale, labels);
  const del = useMutation(trpc.keyResult.delete.mutationOptions());

  const points: ChartPoint[] = (() => {
    const start = Date.parse(`${objective.periodStartsOn}T00:00:00Z`);
    const end = Date.parse(`${objective.periodEndsOn}T23:59:59Z`);
    const pts: ChartPoint[] = [
      { t: start, ideal: kr.startValue, actual: kr.startValue },
      ...checkIns.map((c) => ({
        t: c.createdAt.getTime(),
        actual: c.value,
        confidence: c.confidence,
        ideal: idealValueAt(kr, objective.periodStartsOn, objective.periodEndsOn, c.createdAt),
      })),
      { t: end, ideal: kr.targetValue },
    ];
    return pts.sort((a, b) => a.t - b.t);
  })();

  return (
    <Card className="p-4" data-testid="kr-panel">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-medium">{kr.title}</h3>
          <p className="text-xs text-zinc-500">
            {kr.ownerName} ·{" "}
            {kr.type === "milestone"
              ? fmt(kr.currentValue ?? 0)
              : t("currentOfTarget", { current: fmt(kr.currentValue ?? kr.startValue), target: kr.direction === "band" ? `${fmt(kr.bandMin)} – ${fmt(kr.bandMax)}` : fmt(kr.targetValue) })}
            {kr.weight !== 1 && ` · ${t("weight", { weight: kr.weight })}`}
            {kr.kpiId && ` · ${t("tracksKpi")}`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          <ConfidenceBadge confidence={kr.confidence} />
          {kr.skipped && <Badge>{t("skipped")}</Badge>}
          {kr.grade != null && <Badge>{t("grade", { grade: kr.grade.toFixed(1) })}</Badge>}
          {mayCheckIn && (
            <Button size="sm" onClick={() => setCheckingIn((v) => !v)} aria-expanded={checkingIn} data-testid="check-in-toggle">
              {t("checkIn")}
            </Button>
          )}
          {mayManage && (
            <>
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={t("editNamed", { title: kr.title })}>
                <Pencil className="size-4" aria-hidden />
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDeleting(true)} aria-label={t("deleteNamed", { title: kr.title })}>
                <Trash2 className="size-4 text-red-600" aria-hidden />
              </Button>
            </>
          )}
        </div>
      </div>
      <ProgressBar className="mt-3" value={kr.progress} band={confidenceBand(kr.confidence)} label={t("progressOf", { title: kr.title })} />

      {checkingIn && <CheckInForm kr={kr} onDone={() => setCheckingIn(false)} />}

      <button
        type="button"
        className="mt-3 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
        aria-expanded={showHistory}
        onClick={() => setShowHistory((v) => !v)}
      >
        <ChevronDown className={`size-4 transition-transform ${showHistory ? "rotate-180" : ""}`} aria-hidden />
        {t("historyToggle", { count: checkIns.length })}
      </button>
      {showHistory && (
        <div className="mt-3 space-y-3">
          <figure>
            <KrChart points={points} labels={{ actual: t("actual"), ideal: t("ideal"), confidence: t("confidence") }} locale={locale} />
            <figcaption className="sr-only">{t("chartCaption")}</figcaption>
          </figure>
          {checkIns.length === 0 ? (
            <p className="text-sm text-zinc-500">{t("noCheckIns")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-xs text-zinc-500">
                  <tr>
                    <th className="py-1 pr-3 font-medium">{t("when")}</th>
                    <th className="py-1 pr-3 font-medium">{t("value")}</th>
                    <th className="py-1 pr-3 font-medium">{t("confidence")}</th>
                    <th className="py-1 pr-3 font-medium">{t("note")}</th>
                    <th className="py-1 font-medium">{t("by")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {[...checkIns].reverse().map((c) => (
                    <tr key={c.id}>
                      <td className="py-1.5 pr-3 whitespace-nowrap">{format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                      <td className="py-1.5 pr-3 tabular-nums">{fmt(c.value)}</td>
                      <td className="py-1.5 pr-3 tabular-nums">{c.confidence}/10</td>
                      <td className="py-1.5 pr-3">{c.note}</td>
                      <td className="py-1.5 whitespace-nowrap text-zinc-500">
                        {c.source === "manual" ? c.authorName : t(`source.${c.source === "kpi" ? "kpi" : "other"}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}

      <Initiatives krId={kr.id} items={initiatives} editable={mayInitiative} />

      {(dependencies.length > 0 || mayDepend) && (
        <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          <div className="mb-1 flex items-center justify-between">
            <h4 className="text-sm font-medium">{t("dependencies")}</h4>
            {mayDepend && (
              <Button size="sm" variant="ghost" onClick={() => setAsking(true)}>
                {t("askDepartment")}
              </Button>
            )}
          </div>
          <ul className="space-y-1 text-sm">
            {dependencies.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2">
                <Badge>{t(`depStatus.${d.status}`)}</Badge>
                <span>{d.what}</span>
                <span className="text-xs text-zinc-500">
                  {d.toDepartmentName} · {t("neededBy", { date: format.dateTime(new Date(`${d.neededBy}T00:00:00Z`), { dateStyle: "medium" }) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {editing && <KeyResultFormDialog objectiveId={objective.id} keyResult={kr} defaultOwnerId={kr.ownerId} onClose={() => setEditing(false)} />}
      {asking && <DependencyDialog krId={kr.id} ownDepartmentId={objective.departmentId} onClose={() => setAsking(false)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("deleteTitle", { title: kr.title })}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={async () => {
          try {
            await del.mutateAsync({ orgSlug: org.slug, keyResultId: kr.id });
            setDeleting(false);
          } catch (e) {
            showServerError(e);
          } finally {
            await invalidate();
          }
        }}
      />
    </Card>
  );
}

function CheckInForm({ kr, onDone }: { kr: Kr; onDone: () => void }) {
  const t = useTranslations("okrs.kr");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [value, setValue] = useState(String(kr.currentValue ?? (kr.type === "milestone" ? 0 : kr.startValue)));
  const [confidence, setConfidence] = useState(String(kr.confidence ?? 7));
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.keyResult.checkIn.mutationOptions());
  return (
    <form
      className="mt-3 grid gap-3 rounded-md bg-zinc-50 p-3 sm:grid-cols-[10rem_10rem_1fr_auto] sm:items-end dark:bg-zinc-800/50"
      onSubmit={async (e) => {
        e.preventDefault();
        const n = Number(value);
        if (value.trim() === "" || !Number.isFinite(n)) {
          setError(t("valueInvalid"));
          return;
        }
        setError(null);
        try {
          await save.mutateAsync({ orgSlug: org.slug, keyResultId: kr.id, value: n, confidence: Number(confidence), note });
          toast.success(t("checkedIn"));
          await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
          await qc.invalidateQueries({ queryKey: trpc.keyResult.pathKey() });
          onDone();
        } catch (err) {
          showServerError(err);
        }
      }}
    >
      <Field label={t("newValue")} error={error ?? undefined}>
        {(p) =>
          kr.type === "milestone" ? (
            <Select {...p} value={value} onChange={(e) => setValue(e.target.value)} aria-label={t("newValueFor", { title: kr.title })}>
              <option value="0">{t("milestoneNotDone")}</option>
              <option value="1">{t("milestoneDone")}</option>
            </Select>
          ) : (
            <Input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-label={t("newValueFor", { title: kr.title })} autoFocus />
          )
        }
      </Field>
      <Field label={t("confidence")}>
        {(p) => (
          <Select {...p} value={confidence} onChange={(e) => setConfidence(e.target.value)} aria-label={t("confidenceFor", { title: kr.title })}>
            {Array.from({ length: 11 }, (_, i) => 10 - i).map((c) => (
              <option key={c} value={c}>
                {c} – {t(`confidenceLevel.${c >= 7 ? "on_track" : c >= 4 ? "at_risk" : "off_track"}`)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("note")}>{(p) => <Input {...p} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />}</Field>
      <Button type="submit" loading={save.isPending}>{t("saveCheckIn")}</Button>
    </form>
  );
}

function Initiatives({ krId, items, editable }: { krId: string; items: Initiative[]; editable: boolean }) {
  const t = useTranslations("okrs.kr");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.initiative.create.mutationOptions());
  const update = useMutation(trpc.initiative.update.mutationOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
  if (!items.length && !editable) return null;
  return (
    <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
      <h4 className="mb-1 text-sm font-medium">{t("initiatives")}</h4>
      <ul className="space-y-1 text-sm">
        {items.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-2">
            {editable ? (
              <select
                className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
                value={i.status}
                aria-label={t("statusOf", { title: i.title })}
                onChange={async (e) => {
                  try {
                    await update.mutateAsync({ orgSlug: org.slug, initiativeId: i.id, version: i.version, title: i.title, ownerId: i.ownerId, dueOn: i.dueOn, status: e.target.value as Initiative["status"] });
                  } catch (err) {
                    showServerError(err, { onReload: invalidate });
                  } finally {
                    await invalidate();
                  }
                }}
              >
                {(["todo", "doing", "done", "blocked"] as const).map((s) => (
                  <option key={s} value={s}>{t(`initiativeStatus.${s}`)}</option>
                ))}
              </select>
            ) : (
              <Badge>{t(`initiativeStatus.${i.status}`)}</Badge>
            )}
            <span className={i.status === "done" ? "text-zinc-500 line-through" : ""}>{i.title}</span>
            <span className="text-xs text-zinc-500">
              {[i.ownerName, i.dueOn && t("due", { date: format.dateTime(new Date(`${i.dueOn}T00:00:00Z`), { dateStyle: "medium" }) })].filter(Boolean).join(" · ")}
            </span>
          </li>
        ))}
      </ul>
      {editable && (
        <form
          className="mt-2 flex flex-wrap items-start gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!title.trim()) {
              setError(t("initiativeTitleRequired"));
              return;
            }
            setError(null);
            try {
              await create.mutateAsync({ orgSlug: org.slug, keyResultId: krId, title: title.trim(), dueOn: due || null, ownerId: null, status: "todo" });
              setTitle("");
              setDue("");
              await invalidate();
            } catch (err) {
              showServerError(err);
            }
          }}
        >
          <div className="min-w-48 flex-1">
            <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t("newInitiative")} aria-label={t("newInitiative")} maxLength={200} aria-invalid={!!error} />
            {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
          </div>
          <Input type="date" value={due} onChange={(e) => setDue(e.target.value)} aria-label={t("dueDate")} className="w-auto!" />
          <Button type="submit" size="md" variant="secondary" loading={create.isPending}>{t("addInitiative")}</Button>
        </form>
      )}
    </div>
  );
}

function DependencyDialog({ krId, ownDepartmentId, onClose }: { krId: string; ownDepartmentId: string | null; onClose: () => void }) {
  const t = useTranslations("okrs.kr");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const [dept, setDept] = useState("");
  const [what, setWhat] = useState("");
  const [by, setBy] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(trpc.dependency.request.mutationOptions());
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("askDepartment")} description={t("askHint")} closeLabel={tc("close")}>
        <form
          className="space-y-4"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const errs: Record<string, string> = {};
            if (!dept) errs.toDepartmentId = t("required");
            if (!what.trim()) errs.what = t("required");
            if (!by) errs.neededBy = t("required");
            setErrors(errs);
            if (Object.keys(errs).length) return;
            try {
              await save.mutateAsync({ orgSlug: org.slug, keyResultId: krId, initiativeId: null, toDepartmentId: dept, what: what.trim(), neededBy: by });
              toast.success(t("asked"));
              await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
              await qc.invalidateQueries({ queryKey: trpc.dependency.pathKey() });
              onClose();
            } catch (err) {
              showServerError(err);
            }
          }}
        >
          <Field label={t("department")} error={errors.toDepartmentId}>
            {(p) => (
              <Select {...p} value={dept} onChange={(e) => setDept(e.target.value)}>
                <option value="">—</option>
                {departments.data?.filter((d) => d.id !== ownDepartmentId).map((d) => (
                  <option key={d.id} value={d.id}>{d.name}</option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("what")} error={errors.what}>
            {(p) => <Input {...p} value={what} maxLength={500} onChange={(e) => setWhat(e.target.value)} />}
          </Field>
          <Field label={t("neededByLabel")} error={errors.neededBy}>
            {(p) => <Input {...p} type="date" value={by} onChange={(e) => setBy(e.target.value)} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
            <Button type="submit" loading={save.isPending}>{t("send")}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
