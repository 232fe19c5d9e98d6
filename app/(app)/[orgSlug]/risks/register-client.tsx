"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { SortingState } from "@tanstack/react-table";
import { Download, Plus, Search, Settings2, Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { RISK_LEVEL_VALUES, RISK_STATUSES } from "@/server/risks/constants";
import { useTRPC, useTRPCClient } from "@/app/_trpc/react";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Input, Select } from "@/app/_components/ui/field";
import { cn } from "@/app/_components/ui/cn";
import { lazyPart } from "@/app/_components/ui/lazy-part";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { HeatMap, LevelLegend } from "@/app/_components/risks/heat-map";
import { useRiskLabels } from "@/app/_components/risks/risk-ui";
import { downloadText } from "../okrs/periods/download";
import { FILTER_KEYS, parseRiskFilters, parseSort } from "./filters";
import { Movement } from "./movement";
import { RiskTable } from "./risk-table";

// Forms load when their dialog opens, not with the page.
const RiskFormDialog = lazyPart(() => import("./risk-form").then((m) => m.RiskFormDialog));
const ImportRisksDialog = lazyPart(() => import("./import-dialog").then((m) => m.ImportRisksDialog));

export interface Me {
  userId: string;
  departmentIds: string[];
  managedDepartmentIds: string[];
}

/**
 * The register's URL parameters. Changes show at once (local state) and go to the address bar without
 * a server round trip; navigation (back, links) brings the URL's own values back.
 */
export function useUrlParams() {
  const pathname = usePathname();
  const fromUrl = useSearchParams().toString();
  const [local, setLocal] = useState(fromUrl);
  const [seen, setSeen] = useState(fromUrl);
  if (fromUrl !== seen) {
    setSeen(fromUrl);
    setLocal(fromUrl);
  }
  const sp = useMemo(() => new URLSearchParams(local), [local]);
  // Debounced callers (the search box) must build on the latest parameters, not their render's.
  const latest = useRef(local);
  useEffect(() => {
    latest.current = local;
  }, [local]);
  const set = (patch: Record<string, string | null>) => {
    const p = new URLSearchParams(latest.current);
    for (const [k, v] of Object.entries(patch)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    const qs = p.toString();
    latest.current = qs;
    setLocal(qs);
    window.history.replaceState(window.history.state, "", qs ? `${pathname}?${qs}` : pathname);
  };
  return { sp, set, pathname };
}

export function RegisterClient({ today, me }: { today: string; me: Me }) {
  const t = useTranslations("risks");
  const org = useOrg();
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const { sp, set, pathname } = useUrlParams();
  const filters = parseRiskFilters(sp);
  const sorting = parseSort(sp);
  const list = useQuery(trpc.risk.list.queryOptions({ orgSlug: org.slug, ...filters }, { placeholderData: keepPreviousData }));
  const heat = useQuery(trpc.risk.heatMap.queryOptions({ orgSlug: org.slug }));
  const settings = useQuery(trpc.risk.settings.queryOptions({ orgSlug: org.slug }));
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const labels = useRiskLabels(heat.data?.scales);
  const mayCreate = useCan("risk.create");
  const mayImport = useCan("risk.import");
  const maySettings = useCan("risk.settings");
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  // The search box updates the URL after a short pause in typing.
  const urlSearch = sp.get("q") ?? "";
  const [search, setSearch] = useState(urlSearch);
  const [lastUrlSearch, setLastUrlSearch] = useState(urlSearch);
  if (urlSearch !== lastUrlSearch) {
    setLastUrlSearch(urlSearch);
    setSearch(urlSearch);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onSearch = (v: string) => {
    setSearch(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ q: v.trim() || null }), 300);
  };

  const basis = filters.basis;
  const cell = filters.likelihood && filters.impact ? { likelihood: filters.likelihood, impact: filters.impact } : null;
  const anyFilter = FILTER_KEYS.some((k) => sp.get(k));
  const items = list.data?.items ?? [];
  const categories = [...new Set([...(settings.data?.categories ?? list.data?.categories ?? []), ...(filters.category ? [filters.category] : [])])];

  const exportCsv = async () => {
    setExporting(true);
    try {
      const res = await trpcClient.risk.exportCsv.query({ orgSlug: org.slug, ...filters });
      downloadText(res.filename, res.csv);
    } catch (e) {
      showServerError(e);
    } finally {
      setExporting(false);
    }
  };

  const onSortingChange = (s: SortingState) => {
    const first = s[0];
    set({ sort: first ? `${first.desc ? "-" : ""}${first.id}` : null });
  };

  const filterSelect = "w-auto! min-w-0 max-w-full";

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {maySettings && (
              <Link
                href={`/${org.slug}/settings/risks`}
                className="inline-flex h-10 items-center gap-1.5 rounded-md px-3 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <Settings2 className="size-4" aria-hidden /> {t("settingsLink")}
              </Link>
            )}
            <Button variant="secondary" onClick={exportCsv} loading={exporting} data-testid="risk-export">
              <Download className="size-4" aria-hidden /> {t("exportCsv")}
            </Button>
            {mayImport && (
              <Button variant="secondary" onClick={() => setImporting(true)} data-testid="risk-import">
                <Upload className="size-4" aria-hidden /> {t("importCsv")}
              </Button>
            )}
            {mayCreate && (
              <Button onClick={() => setCreating(true)} data-testid="new-risk">
                <Plus className="size-4" aria-hidden /> {t("newRisk")}
              </Button>
            )}
          </div>
        }
      />

      <div className="space-y-4">
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
          <Card className="p-4" aria-labelledby="heat-title">
            <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
              <h2 id="heat-title" className="font-semibold">
                {t("heat.title")}
              </h2>
              <div role="group" aria-label={t("heat.basis")} data-testid="heat-basis" data-basis={basis} className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
                {(["residual", "inherent"] as const).map((b) => (
                  <button
                    key={b}
                    type="button"
                    aria-pressed={basis === b}
                    data-basis={b}
                    onClick={() => set({ basis: b === "residual" ? null : b })}
                    className={cn(
                      "rounded px-2.5 py-1 text-xs font-medium",
                      basis === b ? "bg-brand-600 text-white" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                    )}
                  >
                    {t(`heat.${b}`)}
                  </button>
                ))}
              </div>
            </div>
            {heat.data ? (
              <>
                <HeatMap
                  counts={basis === "inherent" ? heat.data.inherent : heat.data.residual}
                  warnings={basis === "inherent" ? heat.data.warnings.inherent : heat.data.warnings.residual}
                  matrix={heat.data.matrix}
                  scales={heat.data.scales}
                  selected={cell}
                  onSelect={(c) => set({ l: c ? String(c.likelihood) : null, i: c ? String(c.impact) : null })}
                />
                <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
                  <LevelLegend />
                  {heat.data.unassessed > 0 && <p className="text-xs text-zinc-500">{t("heat.unassessed", { count: heat.data.unassessed })}</p>}
                </div>
                <p className="mt-2 text-xs text-zinc-500">{t("heat.hint")}</p>
              </>
            ) : (
              <div className="aspect-square w-full animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-hidden />
            )}
          </Card>
          <Movement today={today} sp={sp} set={set} />
        </div>

        <div className="flex flex-wrap items-center gap-2" role="search" aria-label={t("filter.label")}>
          <div className="relative w-full sm:w-56">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
            <Input
              type="search"
              value={search}
              onChange={(e) => onSearch(e.target.value)}
              placeholder={t("filter.search")}
              aria-label={t("filter.search")}
              className="pl-8"
              data-testid="risk-search"
              maxLength={100}
            />
          </div>
          <Select aria-label={t("filter.category")} value={sp.get("category") ?? ""} onChange={(e) => set({ category: e.target.value || null })} className={filterSelect}>
            <option value="">{t("filter.anyCategory")}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {labels.category(c)}
              </option>
            ))}
          </Select>
          <Select aria-label={t("filter.level")} value={sp.get("level") ?? ""} onChange={(e) => set({ level: e.target.value || null })} className={filterSelect}>
            <option value="">{t("filter.anyLevel")}</option>
            {RISK_LEVEL_VALUES.map((l) => (
              <option key={l} value={l}>
                {labels.level(l)}
              </option>
            ))}
          </Select>
          <Select aria-label={t("filter.status")} value={sp.get("status") ?? ""} onChange={(e) => set({ status: e.target.value || null })} className={filterSelect} data-testid="risk-filter-status">
            <option value="">{t("filter.openStatuses")}</option>
            {RISK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {labels.status(s)}
              </option>
            ))}
          </Select>
          <Select aria-label={t("filter.owner")} value={sp.get("owner") ?? ""} onChange={(e) => set({ owner: e.target.value || null })} className={filterSelect}>
            <option value="">{t("filter.anyOwner")}</option>
            {members.data?.items.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
          <Select aria-label={t("filter.department")} value={sp.get("dept") ?? ""} onChange={(e) => set({ dept: e.target.value || null })} className={filterSelect}>
            <option value="">{t("filter.allDepartments")}</option>
            {departments.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
          <Toggle label={t("filter.overdue")} checked={sp.get("overdue") === "1"} onChange={(v) => set({ overdue: v ? "1" : null })} testId="risk-filter-overdue" />
          <Toggle label={t("filter.warning")} checked={sp.get("warning") === "1"} onChange={(v) => set({ warning: v ? "1" : null })} testId="risk-filter-warning" />
          <Toggle label={t("filter.aboveAppetite")} checked={sp.get("appetite") === "above"} onChange={(v) => set({ appetite: v ? "above" : null })} testId="risk-filter-appetite" />
          {anyFilter && (
            <Link href={pathname} className="text-sm text-brand-600 hover:underline" onClick={() => setSearch("")}>
              {t("filter.clear")}
            </Link>
          )}
        </div>

        {cell && (
          <div className="flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm dark:border-brand-700 dark:bg-brand-700/20" data-testid="heat-filter">
            <span>
              {t("heat.filtered", {
                likelihood: cell.likelihood,
                impact: cell.impact,
                basis: t(`heat.basisWord.${basis}`),
              })}
            </span>
            <button type="button" className="font-medium text-brand-700 hover:underline dark:text-brand-100" onClick={() => set({ l: null, i: null })}>
              {t("heat.clearCell")}
            </button>
          </div>
        )}

        {list.isError ? (
          <EmptyState title={t("loadFailed")} description={list.error.message} action={<Button onClick={() => void list.refetch()}>{t("retry")}</Button>} />
        ) : !list.data ? (
          <div className="h-40 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" aria-hidden />
        ) : items.length === 0 ? (
          <EmptyState
            title={anyFilter ? t("emptyFilteredTitle") : t("emptyTitle")}
            description={anyFilter ? t("emptyFilteredBody") : t("emptyBody")}
            action={
              anyFilter ? (
                <Link href={pathname} className="text-sm font-medium text-brand-600 hover:underline" onClick={() => setSearch("")}>
                  {t("filter.clear")}
                </Link>
              ) : (
                mayCreate && <Button onClick={() => setCreating(true)}>{t("newRisk")}</Button>
              )
            }
          />
        ) : (
          <div className={cn(list.isPlaceholderData && "opacity-60 transition-opacity")} aria-busy={list.isPlaceholderData || undefined}>
            <RiskTable items={items} sorting={sorting} onSortingChange={onSortingChange} />
            {list.data.truncated && <p className="mt-2 text-xs text-zinc-500">{t("truncated")}</p>}
          </div>
        )}
      </div>

      {creating && <RiskFormDialog me={me} onClose={() => setCreating(false)} />}
      {importing && <ImportRisksDialog onClose={() => setImporting(false)} />}
    </div>
  );
}

function Toggle({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange: (v: boolean) => void; testId: string }) {
  return (
    <label className="inline-flex h-10 cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm dark:border-zinc-700">
      <input type="checkbox" className="size-4" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {label}
    </label>
  );
}
