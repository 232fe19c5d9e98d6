"use client";

import { AlertTriangle, ArrowRight } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { Badge, Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { formatKrValue } from "@/app/_components/okrs/format";
import { useOrg } from "@/app/_components/app/org-context";

/** The frozen OKR set of an "objective_set" request (server/okrs/approval.ts describe()). */
interface SnapshotKr {
  id: string;
  title: string;
  type: string;
  unit: string;
  direction: string;
  startValue: number;
  targetValue: number;
  bandMin: number | null;
  bandMax: number | null;
  weight: number;
}
interface SnapshotObjective {
  id: string;
  title: string;
  level: string;
  commitment: string;
  keyResults: SnapshotKr[];
}
export interface ObjectiveSetSnapshot {
  kind: "objective_set";
  period: { id?: string; name: string };
  department: { id?: string; name: string };
  objectives: SnapshotObjective[];
}
/** The same objectives now (server/okrs/approval.ts currentObjectiveSet()). */
export interface CurrentObjective {
  id: string;
  title: string;
  status: string;
  keyResults: { id: string; title: string; startValue: number; targetValue: number; bandMin: number | null; bandMax: number | null; weight: number }[];
}

export function isObjectiveSet(snapshot: unknown): snapshot is ObjectiveSetSnapshot {
  const s = snapshot as Partial<ObjectiveSetSnapshot> | null;
  return !!s && s.kind === "objective_set" && Array.isArray(s.objectives);
}

type Num = number | null;
type KrField = "title" | "start" | "target" | "band" | "weight";
export type KrChange =
  | { field: "title"; from: string; to: string }
  | { field: "start" | "target" | "weight"; from: Num; to: Num }
  | { field: "band"; from: [Num, Num]; to: [Num, Num] };
export interface KrDiff {
  id: string;
  title: string;
  state: "added" | "removed" | "changed";
  /** Type and unit to format values (from the snapshot; plain numbers for added KRs). */
  format: { type: string; unit: string };
  changes: KrChange[];
  /** For added KRs: the new values. */
  now?: { startValue: number; targetValue: number; bandMin: Num; bandMax: Num; weight: number };
}
export interface ObjectiveDiff {
  id: string;
  title: string;
  removed: boolean;
  titleChange?: { from: string; to: string };
  /** Set when the objective's status is not what the request's outcome implies. */
  statusNow?: string;
  krs: KrDiff[];
}

/** Statuses the submitted objectives are expected to have, given the request's status. */
function expectedStatuses(requestStatus: string): string[] {
  if (requestStatus === "pending") return ["pending_approval"];
  if (requestStatus === "approved") return ["approved", "active", "closed"];
  return ["draft"];
}

/** What differs between the submitted OKR set and the objectives as they are now. */
export function diffObjectiveSet(snapshot: ObjectiveSetSnapshot, current: CurrentObjective[], requestStatus: string): ObjectiveDiff[] {
  const now = new Map(current.map((o) => [o.id, o]));
  const out: ObjectiveDiff[] = [];
  for (const o of snapshot.objectives) {
    const c = now.get(o.id);
    if (!c) {
      out.push({ id: o.id, title: o.title, removed: true, krs: [] });
      continue;
    }
    const krs: KrDiff[] = [];
    const currentKrs = new Map(c.keyResults.map((k) => [k.id, k]));
    for (const k of o.keyResults) {
      const ck = currentKrs.get(k.id);
      const format = { type: k.type, unit: k.unit };
      if (!ck) {
        krs.push({ id: k.id, title: k.title, state: "removed", format, changes: [] });
        continue;
      }
      const changes: KrChange[] = [];
      if (ck.title !== k.title) changes.push({ field: "title", from: k.title, to: ck.title });
      if (ck.startValue !== k.startValue) changes.push({ field: "start", from: k.startValue, to: ck.startValue });
      if (ck.targetValue !== k.targetValue) changes.push({ field: "target", from: k.targetValue, to: ck.targetValue });
      if ((ck.bandMin ?? null) !== (k.bandMin ?? null) || (ck.bandMax ?? null) !== (k.bandMax ?? null)) {
        changes.push({ field: "band", from: [k.bandMin ?? null, k.bandMax ?? null], to: [ck.bandMin ?? null, ck.bandMax ?? null] });
      }
      if (ck.weight !== k.weight) changes.push({ field: "weight", from: k.weight, to: ck.weight });
      if (changes.length) krs.push({ id: k.id, title: ck.title, state: "changed", format, changes });
    }
    const submitted = new Set(o.keyResults.map((k) => k.id));
    for (const ck of c.keyResults) {
      if (!submitted.has(ck.id)) {
        krs.push({ id: ck.id, title: ck.title, state: "added", format: { type: "number", unit: "" }, changes: [], now: ck });
      }
    }
    const statusNow = expectedStatuses(requestStatus).includes(c.status) ? undefined : c.status;
    const titleChange = c.title !== o.title ? { from: o.title, to: c.title } : undefined;
    if (titleChange || statusNow || krs.length) out.push({ id: o.id, title: c.title, removed: false, titleChange, statusNow, krs });
  }
  return out;
}

function useKrFormat() {
  const t = useTranslations("approvals.snapshot");
  const locale = useLocale();
  const labels = { done: t("milestoneDone"), notDone: t("milestoneNotDone") };
  return {
    value: (v: Num, kr: { type: string; unit: string }) => formatKrValue(v, kr, locale, labels),
    weight: (w: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(w),
  };
}

/** "start → target", or "min – max" for a band. */
function KrTarget({ kr }: { kr: SnapshotKr }) {
  const t = useTranslations("approvals.snapshot");
  const f = useKrFormat();
  if (kr.direction === "band" && kr.type !== "milestone") {
    return (
      <span>
        {t("band", { min: f.value(kr.bandMin, kr), max: f.value(kr.bandMax, kr) })}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {f.value(kr.startValue, kr)}
      <ArrowRight className="size-3 text-zinc-400" aria-hidden />
      <span className="sr-only">{t("to")}</span>
      {f.value(kr.targetValue, kr)}
    </span>
  );
}

/** The submitted objectives, each with a table of its key results; rows changed since are marked. */
export function ObjectiveSetView({ snapshot, diff }: { snapshot: ObjectiveSetSnapshot; diff: ObjectiveDiff[] }) {
  const t = useTranslations("approvals.snapshot");
  const tl = useTranslations("okrs.level");
  const f = useKrFormat();
  const org = useOrg();
  const changed = new Map(diff.map((d) => [d.id, d]));
  return (
    <section aria-labelledby="snapshot-heading" className="space-y-3">
      <div>
        <h2 id="snapshot-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t("summary", { period: snapshot.period.name, department: snapshot.department.name, count: snapshot.objectives.length })}
        </p>
      </div>
      {snapshot.objectives.map((o) => {
        const d = changed.get(o.id);
        const krChanges = new Map(d?.krs.map((k) => [k.id, k]) ?? []);
        return (
          <Card key={o.id} className={cn("overflow-hidden", d && "border-amber-300 dark:border-amber-700")} data-testid="snapshot-objective">
            <div className="p-4">
              <div className="mb-1 flex flex-wrap items-center gap-1.5">
                <Badge>{tl.has(o.level) ? tl(o.level) : o.level}</Badge>
                <Badge
                  className={o.commitment === "aspirational" ? "bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300" : undefined}
                >
                  {o.commitment === "aspirational" ? t("aspirational") : t("committed")}
                </Badge>
                {d && <ChangedBadge removed={d.removed} />}
              </div>
              {d?.removed ? (
                <h3 className="font-semibold">{o.title}</h3>
              ) : (
                <h3 className="font-semibold">
                  <Link href={`/${org.slug}/okrs/o/${o.id}`} className="hover:text-brand-700 hover:underline">
                    {o.title}
                  </Link>
                </h3>
              )}
            </div>
            {o.keyResults.length === 0 ? (
              <p className="border-t border-zinc-100 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">{t("noKeyResults")}</p>
            ) : (
              <div className="overflow-x-auto border-t border-zinc-100 dark:border-zinc-800">
                <table className="w-full text-sm">
                  <caption className="sr-only">{t("krCaption", { title: o.title })}</caption>
                  <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
                    <tr>
                      <th scope="col" className="px-4 py-2 font-medium">{t("keyResult")}</th>
                      <th scope="col" className="px-4 py-2 font-medium">{t("target")}</th>
                      <th scope="col" className="px-4 py-2 text-right font-medium">{t("weight")}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                    {o.keyResults.map((kr) => {
                      const kd = krChanges.get(kr.id);
                      return (
                        <tr key={kr.id} className={cn(kd && "bg-amber-50/70 dark:bg-amber-950/20")}>
                          <td className="px-4 py-2">
                            <span className={cn(kd?.state === "removed" && "line-through")}>{kr.title}</span>
                            {kd && <ChangedBadge removed={kd.state === "removed"} className="ml-1.5" />}
                            {kr.unit && kr.type !== "percentage" && kr.type !== "milestone" && (
                              <span className="block text-xs text-zinc-500">{t("unit", { unit: kr.unit })}</span>
                            )}
                          </td>
                          <td className="px-4 py-2 tabular-nums">
                            <KrTarget kr={kr} />
                          </td>
                          <td className="px-4 py-2 text-right tabular-nums">{f.weight(kr.weight)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        );
      })}
    </section>
  );
}

function ChangedBadge({ removed, className }: { removed?: boolean; className?: string }) {
  const t = useTranslations("approvals.diff");
  return (
    <Badge className={cn(removed ? "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300" : "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-200", className)}>
      {removed ? t("removed") : t("changed")}
    </Badge>
  );
}

function Was({ children }: { children: React.ReactNode }) {
  const t = useTranslations("approvals.diff");
  return (
    <del className="rounded bg-red-50 px-1 text-red-700 decoration-red-400 dark:bg-red-950/40 dark:text-red-300">
      <span className="sr-only">{t("was")} </span>
      {children}
    </del>
  );
}

function Now({ children }: { children: React.ReactNode }) {
  const t = useTranslations("approvals.diff");
  return (
    <ins className="rounded bg-emerald-50 px-1 font-medium text-emerald-800 no-underline dark:bg-emerald-950/40 dark:text-emerald-200">
      <span className="sr-only">{t("now")} </span>
      {children}
    </ins>
  );
}

function FromTo({ from, to }: { from: React.ReactNode; to: React.ReactNode }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Was>{from}</Was>
      <ArrowRight className="size-3 text-zinc-400" aria-hidden />
      <Now>{to}</Now>
    </span>
  );
}

/** "Changed since the request": each difference as old → new. */
export function ChangesCard({ diff, pending }: { diff: ObjectiveDiff[]; pending: boolean }) {
  const t = useTranslations("approvals.diff");
  const ts = useTranslations("okrs.status");
  const f = useKrFormat();
  const fieldLabel = (field: KrField) => t(`field.${field}`);
  const show = (c: KrChange, fmt: { type: string; unit: string }) => {
    if (c.field === "title") return <FromTo from={c.from} to={c.to} />;
    if (c.field === "weight") return <FromTo from={c.from == null ? "—" : f.weight(c.from)} to={c.to == null ? "—" : f.weight(c.to)} />;
    if (c.field === "band") {
      const b = (v: [Num, Num]) => (v[0] == null && v[1] == null ? t("noBand") : `${f.value(v[0], fmt)} – ${f.value(v[1], fmt)}`);
      return <FromTo from={b(c.from)} to={b(c.to)} />;
    }
    return <FromTo from={f.value(c.from, fmt)} to={f.value(c.to, fmt)} />;
  };
  return (
    <section
      aria-labelledby="changes-heading"
      className="rounded-lg border border-amber-300 bg-amber-50/60 p-4 dark:border-amber-700 dark:bg-amber-950/20"
      data-testid="changes-since-request"
    >
      <h2 id="changes-heading" className="flex items-center gap-2 font-semibold text-amber-900 dark:text-amber-200">
        <AlertTriangle className="size-4" aria-hidden /> {t("heading")}
      </h2>
      <p className="mt-1 text-sm text-amber-900/80 dark:text-amber-200/80">{pending ? t("pendingBody") : t("decidedBody")}</p>
      <ul className="mt-3 space-y-3 text-sm">
        {diff.map((o) => (
          <li key={o.id} className="rounded-md border border-amber-200 bg-white p-3 dark:border-amber-800 dark:bg-zinc-900">
            <div className="flex flex-wrap items-center gap-1.5 font-medium">
              {o.title}
              {o.removed && <Badge className="bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300">{t("objectiveRemoved")}</Badge>}
              {o.statusNow && (
                <Badge className="bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-200">
                  {t("statusNow", { status: ts.has(o.statusNow) ? ts(o.statusNow) : o.statusNow })}
                </Badge>
              )}
            </div>
            {(o.titleChange || o.krs.length > 0) && (
              <ul className="mt-2 space-y-1.5">
                {o.titleChange && (
                  <li>
                    <span className="text-zinc-500">{t("objectiveTitle")}: </span>
                    <FromTo from={o.titleChange.from} to={o.titleChange.to} />
                  </li>
                )}
                {o.krs.map((k) => (
                  <li key={k.id}>
                    <span className="font-medium">{t("kr", { title: k.title })}</span>{" "}
                    {k.state === "added" && k.now ? (
                      <>
                        <Badge className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300">{t("krAdded")}</Badge>{" "}
                        <Now>
                          {k.now.bandMin != null && k.now.bandMax != null
                            ? `${f.value(k.now.bandMin, k.format)} – ${f.value(k.now.bandMax, k.format)}`
                            : `${f.value(k.now.startValue, k.format)} → ${f.value(k.now.targetValue, k.format)}`}
                          {" · "}
                          {t("weightValue", { weight: f.weight(k.now.weight) })}
                        </Now>
                      </>
                    ) : k.state === "removed" ? (
                      <Badge className="bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300">{t("krRemoved")}</Badge>
                    ) : (
                      <ul className="mt-1 space-y-1 pl-4">
                        {k.changes.map((c) => (
                          <li key={c.field} className="flex flex-wrap items-center gap-1.5">
                            <span className="text-zinc-500">{fieldLabel(c.field)}:</span>
                            {show(c, k.format)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
