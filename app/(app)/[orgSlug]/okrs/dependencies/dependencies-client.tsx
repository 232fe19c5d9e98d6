"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { AlertTriangle, ArrowRight } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { ZDecideDependencyInput } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

type Dependency = inferRouterOutputs<AppRouter>["dependency"]["list"][number];
type Decision = "accepted" | "declined" | "done";

const ALL = "all";
const STATUS_STYLES: Record<Dependency["status"], string> = {
  requested: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  accepted: "bg-brand-50 text-brand-700 dark:bg-brand-600/20 dark:text-brand-100",
  declined: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
  done: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
};
/** Open ones first (by date), then declined and delivered ones. */
const isOpen = (d: Dependency) => d.status === "requested" || d.status === "accepted";
const byOpenThenDate = (a: Dependency, b: Dependency) =>
  Number(isOpen(b)) - Number(isOpen(a)) || a.neededBy.localeCompare(b.neededBy);

/** Decision rules of the server (requested → accepted/declined, accepted → done/declined), plus its "decline needs a comment". */
const ZDecline = ZDecideDependencyInput.refine((v) => v.decision !== "declined" || v.comment.trim() !== "", {
  path: ["comment"],
  message: "e.commentRequired",
});

export function DependenciesClient({ myDepartmentIds }: { myDepartmentIds: string[] }) {
  const t = useTranslations("dependencies");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const pathname = usePathname();
  const sp = useSearchParams();
  const selectId = useId();
  const { data: deps } = useSuspenseQuery(trpc.dependency.list.queryOptions({ orgSlug: org.slug }));
  const { data: departments } = useSuspenseQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const mayDecide = useCan("dependency.decide");
  const decide = useMutation(trpc.dependency.decide.mutationOptions());
  const [declining, setDeclining] = useState<Dependency | null>(null);

  // ?dept=<id> or ?dept=all; without it, the first department I belong to (else all).
  const param = sp.get("dept");
  const fallback = departments.find((d) => myDepartmentIds.includes(d.id))?.id ?? ALL;
  const selected = param === ALL || departments.some((d) => d.id === param) ? param! : fallback;
  // The selection lives in the URL so the view can be shared; the list is filtered here, so the URL is
  // updated without a server round trip (Next keeps useSearchParams in sync with history.replaceState).
  const setSelected = (value: string) => {
    const p = new URLSearchParams(sp.toString());
    p.set("dept", value);
    window.history.replaceState(null, "", `${pathname}?${p.toString()}`);
  };
  useEffect(() => {
    if (sp.get("dept") === selected) return;
    const p = new URLSearchParams(sp.toString());
    p.set("dept", selected);
    window.history.replaceState(null, "", `${pathname}?${p.toString()}`);
  }, [sp, selected, pathname]);

  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  const nameOf = (id: string | null) =>
    id ? (deptName.get(id) ?? t("unknownDepartment")) : t("noDepartment");
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.dependency.list.pathKey() });

  const run = async (d: Dependency, decision: Decision) => {
    try {
      await decide.mutateAsync({
        orgSlug: org.slug,
        dependencyId: d.id,
        version: d.version,
        decision,
        comment: "",
      });
      toast.success(t(`decided.${decision}`, { what: d.what }));
    } catch (e) {
      showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
    } finally {
      await invalidate();
    }
  };
  const pending = decide.isPending ? decide.variables : undefined;
  const rowProps = {
    nameOf,
    mayDecide,
    pending: pending ? { id: pending.dependencyId, decision: pending.decision } : null,
    onDecide: (d: Dependency, decision: Decision) =>
      decision === "declined" ? setDeclining(d) : void run(d, decision),
  };

  const owe = deps.filter((d) => d.toDepartmentId === selected).sort(byOpenThenDate);
  const waitFor = deps.filter((d) => d.fromDepartmentId === selected).sort(byOpenThenDate);
  const all = [...deps].sort(byOpenThenDate);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        <div className="w-full space-y-1.5 sm:w-64">
          <label htmlFor={selectId} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            {t("department")}
          </label>
          <Select
            id={selectId}
            value={selected}
            onChange={(e) => setSelected(e.target.value)}
            data-testid="dependency-department"
          >
            <option value={ALL}>{t("allDepartments")}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </div>
      </div>

      {selected === ALL ? (
        <Section
          id="deps-all"
          title={t("allTitle")}
          rows={all}
          empty={t("emptyAll")}
          {...rowProps}
          showBoth
        />
      ) : (
        <>
          <Section
            id="deps-owe"
            title={t("oweTitle")}
            description={t("oweDescription", { department: nameOf(selected) })}
            rows={owe}
            empty={t("emptyOwe")}
            {...rowProps}
            counterpart="from"
          />
          <Section
            id="deps-wait"
            title={t("waitTitle")}
            description={t("waitDescription", { department: nameOf(selected) })}
            rows={waitFor}
            empty={t("emptyWait")}
            {...rowProps}
            counterpart="to"
          />
        </>
      )}

      {declining && (
        <DeclineDialog
          dep={declining}
          onClose={() => setDeclining(null)}
          onDone={async () => {
            setDeclining(null);
            await invalidate();
          }}
        />
      )}
    </div>
  );
}

type RowProps = {
  nameOf: (id: string | null) => string;
  mayDecide: boolean;
  pending: { id: string; decision: Decision } | null;
  onDecide: (d: Dependency, decision: Decision) => void;
};

function Section({
  id,
  title,
  description,
  rows,
  empty,
  counterpart,
  showBoth,
  ...rowProps
}: RowProps & {
  id: string;
  title: string;
  description?: string;
  rows: Dependency[];
  empty: string;
  counterpart?: "from" | "to";
  showBoth?: boolean;
}) {
  const t = useTranslations("dependencies");
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id={id} className="font-semibold">
          {title}
        </h2>
        <span className="text-xs text-zinc-500">
          {t("count", { count: rows.length })}
          {overdue > 0 && (
            <span className="font-medium text-red-600 dark:text-red-400">
              {" "}
              · {t("overdueCount", { count: overdue })}
            </span>
          )}
        </span>
      </div>
      {description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      {rows.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((d) => (
              <DependencyRow key={d.id} dep={d} counterpart={counterpart} showBoth={showBoth} {...rowProps} />
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}

function DependencyRow({
  dep,
  counterpart,
  showBoth,
  nameOf,
  mayDecide,
  pending,
  onDecide,
}: RowProps & { dep: Dependency; counterpart?: "from" | "to"; showBoth?: boolean }) {
  const t = useTranslations("dependencies");
  const format = useFormatter();
  const org = useOrg();
  const neededBy = format.dateTime(new Date(`${dep.neededBy}T00:00:00Z`), {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const actions: Decision[] = !mayDecide
    ? []
    : dep.status === "requested"
      ? ["accepted", "declined"]
      : dep.status === "accepted"
        ? ["done", "declined"]
        : [];
  const busy = pending?.id === dep.id;

  return (
    <li
      className={cn(
        "space-y-2 px-4 py-3",
        dep.overdue && "border-l-4 border-l-red-500 bg-red-50/70 dark:bg-red-950/25",
      )}
      data-testid={`dependency-${dep.id}`}
      data-overdue={dep.overdue ? "true" : "false"}
    >
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 space-y-1">
          <p className="font-medium break-words">{dep.what}</p>
          <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            {showBoth ? (
              <span className="inline-flex items-center gap-1">
                {nameOf(dep.fromDepartmentId)}
                <ArrowRight className="size-3" aria-hidden />
                <span className="sr-only">{t("asks")}</span>
                {nameOf(dep.toDepartmentId)}
              </span>
            ) : counterpart === "from" ? (
              <span>{t("forDepartment", { department: nameOf(dep.fromDepartmentId) })}</span>
            ) : (
              <span>{t("fromDepartment", { department: nameOf(dep.toDepartmentId) })}</span>
            )}
            <span aria-hidden>·</span>
            <span>
              {t.rich("keyResult", {
                title: dep.keyResultTitle,
                link: (chunks) => (
                  <Link
                    href={`/${org.slug}/okrs/o/${dep.objectiveId}`}
                    className="font-medium text-brand-700 hover:underline focus-visible:underline dark:text-brand-100"
                  >
                    {chunks}
                  </Link>
                ),
              })}
            </span>
            <span aria-hidden>·</span>
            <span>{t("requestedBy", { name: dep.requestedByName ?? t("unknownPerson") })}</span>
          </p>
          {dep.comment && (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              <span className="font-medium">{t("comment")}</span> {dep.comment}
            </p>
          )}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2 text-xs">
          <span
            className={cn(
              "tabular-nums",
              dep.overdue
                ? "font-semibold text-red-700 dark:text-red-300"
                : "text-zinc-600 dark:text-zinc-400",
            )}
          >
            {t("neededBy", { date: neededBy })}
          </span>
          {dep.overdue && (
            <Badge
              className="gap-1 bg-red-100 text-red-700 dark:bg-red-900/40 dark:text-red-300"
              data-testid="dependency-overdue"
            >
              <AlertTriangle className="size-3" aria-hidden />
              {t("overdue")}
            </Badge>
          )}
          <Badge className={STATUS_STYLES[dep.status]} data-testid="dependency-status">
            {t(`status.${dep.status}`)}
          </Badge>
        </div>
      </div>
      {actions.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {actions.map((a) => (
            <Button
              key={a}
              size="sm"
              variant={a === "declined" ? "secondary" : "primary"}
              loading={busy && pending?.decision === a}
              disabled={busy}
              onClick={() => onDecide(dep, a)}
            >
              {t(`action.${a}`)}
              <span className="sr-only">: {dep.what}</span>
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}

function DeclineDialog({
  dep,
  onClose,
  onDone,
}: {
  dep: Dependency;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTranslations("dependencies");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const form = useForm<z.input<typeof ZDecline>, unknown, z.output<typeof ZDecline>>({
    resolver: zodResolver(ZDecline),
    defaultValues: { dependencyId: dep.id, version: dep.version, decision: "declined", comment: "" },
  });
  const decide = useMutation(trpc.dependency.decide.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await decide.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("decided.declined", { what: dep.what }));
      onDone();
    } catch (e) {
      showServerError(e, {
        setError: form.setError,
        fields: ["comment"],
        onReload: onDone,
        reloadLabel: tc("reload"),
      });
    }
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={t("declineTitle")}
        description={t("declineDescription", { what: dep.what })}
        closeLabel={tc("close")}
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("declineComment")} error={err(form.formState.errors.comment?.message)}>
            {(p) => <Textarea {...p} rows={3} autoFocus maxLength={1000} {...form.register("comment")} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" variant="danger" loading={decide.isPending}>
              {t("action.declined")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
