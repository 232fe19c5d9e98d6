"use client";

import { useSuspenseQuery, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Select } from "@/app/_components/ui/field";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { ConfidenceBadge } from "@/app/_components/okrs/confidence-badge";
import { FILTER_OPTIONS, parseObjectiveFilters } from "./filters";
import dynamic from "next/dynamic";

// The form (react-hook-form + zod) loads when the dialog opens, not with the page.
const ObjectiveFormDialog = dynamic(() => import("./_components/objective-form").then((m) => m.ObjectiveFormDialog));
import { StatusBadge } from "./_components/status-badge";
import { ApprovalBar } from "./_components/approval-bar";

export function ObjectivesClient({
  periods,
  period,
  myUserId,
  myDepartmentId,
  myDepartmentIds,
}: {
  periods: { id: string; name: string; status: string }[];
  period: { id: string; name: string; status: string };
  myUserId: string;
  myDepartmentId?: string;
  myDepartmentIds: string[];
}) {
  const t = useTranslations("okrs.list");
  const tl = useTranslations("okrs.level");
  const ts = useTranslations("okrs.status");
  const tconf = useTranslations("okrs.confidence");
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const filters = parseObjectiveFilters(new URLSearchParams(sp.toString()));
  const { data: objectives } = useSuspenseQuery(trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: period.id, ...filters }));
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const mayCreate = useCan("objective.create");
  const [creating, setCreating] = useState(false);

  const setParam = (key: string, value: string) => {
    const p = new URLSearchParams(sp.toString());
    if (value) p.set(key, value);
    else p.delete(key);
    if (key === "period") ["dept", "owner", "level", "status", "confidence"].forEach((k) => p.delete(k));
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const anyFilter = ["dept", "owner", "level", "status", "confidence"].some((k) => sp.get(k));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Select aria-label={t("period")} value={period.id} onChange={(e) => setParam("period", e.target.value)} className="w-auto! font-medium">
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · {t(`periodStatus.${p.status}`)}
            </option>
          ))}
        </Select>
        <Select aria-label={t("filterDepartment")} value={sp.get("dept") ?? ""} onChange={(e) => setParam("dept", e.target.value)} className="w-auto!">
          <option value="">{t("allDepartments")}</option>
          {departments.data?.map((d) => (
            <option key={d.id} value={d.id}>{d.name}</option>
          ))}
        </Select>
        <Select aria-label={t("filterOwner")} value={sp.get("owner") ?? ""} onChange={(e) => setParam("owner", e.target.value)} className="w-auto!">
          <option value="">{t("anyOwner")}</option>
          {members.data?.items.map((m) => (
            <option key={m.userId} value={m.userId}>{m.name}</option>
          ))}
        </Select>
        <Select aria-label={t("filterLevel")} value={sp.get("level") ?? ""} onChange={(e) => setParam("level", e.target.value)} className="w-auto!">
          <option value="">{t("anyLevel")}</option>
          {FILTER_OPTIONS.LEVELS.map((l) => (
            <option key={l} value={l}>{tl(l)}</option>
          ))}
        </Select>
        <Select aria-label={t("filterStatus")} value={sp.get("status") ?? ""} onChange={(e) => setParam("status", e.target.value)} className="w-auto!">
          <option value="">{t("anyStatus")}</option>
          {FILTER_OPTIONS.STATUSES.map((s) => (
            <option key={s} value={s}>{ts(s)}</option>
          ))}
        </Select>
        <Select aria-label={t("filterConfidence")} value={sp.get("confidence") ?? ""} onChange={(e) => setParam("confidence", e.target.value)} className="w-auto!">
          <option value="">{t("anyConfidence")}</option>
          {FILTER_OPTIONS.CONFIDENCE.map((c) => (
            <option key={c} value={c}>{tconf(c)}</option>
          ))}
        </Select>
        {anyFilter && (
          <Link href={`${pathname}?period=${period.id}`} className="text-sm text-brand-600 hover:underline">
            {t("clearFilters")}
          </Link>
        )}
        {mayCreate && period.status !== "closed" && (
          <Button className="ml-auto" onClick={() => setCreating(true)} data-testid="new-objective">
            <Plus className="size-4" aria-hidden /> {t("newObjective")}
          </Button>
        )}
      </div>

      <ApprovalBar periodId={period.id} periodOpen={period.status !== "closed"} myDepartmentIds={myDepartmentIds} />

      {objectives.length === 0 ? (
        <EmptyState
          title={anyFilter ? t("emptyFilteredTitle") : t("emptyTitle", { period: period.name })}
          description={anyFilter ? t("emptyFilteredBody") : t("emptyBody")}
          action={mayCreate && !anyFilter && period.status !== "closed" && <Button onClick={() => setCreating(true)}>{t("newObjective")}</Button>}
        />
      ) : (
        <ul className="space-y-3">
          {objectives.map((o) => (
            <li key={o.id}>
              <Card className="p-4" data-testid="objective-card">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="mb-1 flex flex-wrap items-center gap-1.5">
                      <Badge>{tl(o.level)}</Badge>
                      <StatusBadge status={o.status} />
                      {o.commitment === "aspirational" && <Badge className="bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300">{t("aspirational")}</Badge>}
                    </div>
                    <Link href={`/${org.slug}/okrs/o/${o.id}`} className="font-semibold hover:text-brand-700 hover:underline">
                      {o.title}
                    </Link>
                    <p className="text-xs text-zinc-500">
                      {[o.departmentName, o.ownerName].filter(Boolean).join(" · ")}
                      {o.parentIds.length > 0 && ` · ${t("supportsCount", { count: o.parentIds.length })}`}
                    </p>
                  </div>
                  <div className="flex items-center gap-2">
                    <ConfidenceBadge confidence={o.confidence} />
                  </div>
                </div>
                <ProgressBar className="mt-3" value={o.progress} band={o.confidenceBand} label={t("progressOf", { title: o.title })} />
                {o.keyResults.length > 0 ? (
                  <ul className="mt-3 space-y-1.5 border-t border-zinc-100 pt-3 dark:border-zinc-800">
                    {o.keyResults.map((kr) => (
                      <li key={kr.id} className="grid grid-cols-[1fr_10rem] items-center gap-3 text-sm">
                        <span className="truncate text-zinc-700 dark:text-zinc-300" title={kr.title}>{kr.title}</span>
                        <ProgressBar value={kr.progress} label={t("progressOf", { title: kr.title })} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-3 text-xs text-zinc-500">{t("noKeyResults")}</p>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <ObjectiveFormDialog periodId={period.id} myUserId={myUserId} myDepartmentId={myDepartmentId} onClose={() => setCreating(false)} />
      )}
    </div>
  );
}
