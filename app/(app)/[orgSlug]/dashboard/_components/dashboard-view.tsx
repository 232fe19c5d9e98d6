"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { AlertTriangle, BarChart3, ChevronRight, Table2 } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { lazy, startTransition, Suspense, useEffect, useId, useRef, useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { Card, Skeleton } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { useStageLabel } from "@/app/(app)/[orgSlug]/products/shared";
import { mayListAll } from "../../approvals/filters";
import type { BarDatum, default as DashboardBarChart } from "./charts";

type Dashboard = inferRouterOutputs<AppRouter>["dashboard"]["org"];

const LazyBarChart = lazy(() => import("./charts"));

/**
 * A chart whose height is reserved (a skeleton of the same height) until it scrolls near the viewport:
 * only then is its code (recharts) loaded and the chart drawn, so the dashboard does not parse and draw
 * every chart at once on load, and nothing below it shifts. The rendering is a transition (interruptible),
 * so a click or a key press during it is not blocked. The table beside each chart is there from the start.
 */
function BarChart(props: React.ComponentProps<typeof DashboardBarChart>) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") {
      startTransition(() => setNear(true));
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          startTransition(() => setNear(true));
        }
      },
      { rootMargin: "200px 0px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <div ref={ref} style={{ height: props.height ?? 240 }}>
      {near ? (
        <Suspense fallback={<Skeleton className="h-full w-full" />}>
          <LazyBarChart {...props} />
        </Suspense>
      ) : (
        <Skeleton className="h-full w-full" />
      )}
    </div>
  );
}

const COLORS = { brand: "#6366f1", green: "#16a34a", amber: "#f59e0b", red: "#dc2626", grey: "#a1a1aa", blue: "#0ea5e9" };

/** A query string from the non-empty values. */
function qs(params: Record<string, string | number | null | undefined>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

const th = "px-2 py-1.5 text-left font-medium text-zinc-600 dark:text-zinc-400";
const td = "px-2 py-1.5 tabular-nums";

/**
 * A chart card: title, a link to the list behind it, and a "show as table" toggle. The table is the
 * same data as the chart, a real <table>; printing always shows the table (charts do not print well).
 */
function ChartPanel({
  title,
  subtitle,
  href,
  testId,
  chart,
  table,
  empty,
  className,
  children,
}: {
  title: string;
  subtitle?: React.ReactNode;
  href: string;
  testId: string;
  chart?: React.ReactNode;
  table?: React.ReactNode;
  empty?: boolean;
  className?: string;
  children?: React.ReactNode;
}) {
  const t = useTranslations("orgDashboard.chart");
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <Card className={cn("flex flex-col p-4 break-inside-avoid print:shadow-none", className)} data-testid={testId}>
      <section aria-labelledby={id} className="flex flex-1 flex-col">
        <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 id={id} className="font-semibold">
              <Link href={href} className="hover:underline" data-testid={`${testId}-link`}>
                {title}
              </Link>
            </h2>
            {subtitle && <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{subtitle}</p>}
          </div>
          <div className="no-print flex items-center gap-1">
            {chart && table && !empty && (
              <button
                type="button"
                onClick={() => setAsTable((v) => !v)}
                aria-pressed={asTable}
                className="inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                data-testid={`${testId}-toggle`}
              >
                {asTable ? <BarChart3 className="size-3.5" aria-hidden /> : <Table2 className="size-3.5" aria-hidden />}
                {asTable ? t("showChart") : t("showTable")}
              </button>
            )}
            <Link href={href} className="inline-flex h-7 items-center gap-0.5 rounded-md px-2 text-xs text-brand-600 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              {t("viewList")} <ChevronRight className="size-3.5" aria-hidden />
            </Link>
          </div>
        </div>
        {empty ? (
          <p className="text-sm text-zinc-500">{t("empty")}</p>
        ) : (
          <>
            {chart && !asTable && (
              <div className="print:hidden" aria-hidden>
                {chart}
              </div>
            )}
            {/* In chart mode the table stays for screen readers (the chart itself is hidden from them) and for print. */}
            {table && <div className={cn("overflow-x-auto", !!chart && !asTable && "sr-only print:not-sr-only")} data-table-mode={asTable || !chart ? "shown" : "assistive"}>{table}</div>}
          </>
        )}
        {children}
      </section>
    </Card>
  );
}

/**
 * `currencyDigits`: the minor-unit digits of the base currency (server/campaigns/money.ts's minorDigits, computed
 * by the page, so this client component does not carry the money module).
 */
export function DashboardView({ data, currencyDigits, compliance }: { data: Dashboard; currencyDigits: number; compliance?: React.ReactNode }) {
  const t = useTranslations("orgDashboard");
  const tc = useTranslations("campaigns");
  const format = useFormatter();
  const locale = useLocale();
  const org = useOrg();
  const router = useRouter();
  const stageLabel = useStageLabel();
  const base = `/${org.slug}`;
  const dept = data.department?.id;
  const period = data.period;
  const pct = (x: number | null | undefined, digits = 0) => (x == null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: digits }));
  const num = (x: number | null | undefined, digits = 1) => (x == null ? "—" : format.number(x, { maximumFractionDigits: digits }));
  const deptName = (name: string | null) => name ?? t("noDepartment");
  const channelLabel = (c: string) => (tc.has(`channel.${c}`) ? tc(`channel.${c}`) : c);
  const currency = data.campaigns.baseCurrency;
  // Minor units in the currency's own digits, as on the campaign pages. minor / 10^digits is the double
  // nearest the exact major amount (IEEE division rounds correctly), the same number as Number(formatMinor(...)).
  const moneyFormat = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: currencyDigits, maximumFractionDigits: currencyDigits });
  const major = (minor: number) => minor / 10 ** currencyDigits;
  const money = (minor: number) => moneyFormat.format(major(minor));
  const compactMoney = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });

  // ---- links to the filtered lists --------------------------------------------------------------
  const okrsHref = (departmentId?: string | null, extra: Record<string, string> = {}) => `${base}/okrs${qs({ period: period?.id, dept: departmentId ?? undefined, ...extra })}`;
  const campaignsHref = (channel?: string) => `${base}/campaigns${qs({ channel, from: period?.startsOn, to: period?.endsOn, dept })}`;
  const productsHref = `${base}/products${qs({ department: dept })}`;
  const risksHref = (extra: Record<string, string | number>) => `${base}/risks${qs({ ...extra, dept })}`;
  const approvalsHref = `${base}/approvals${qs({ box: mayListAll(org.role) ? "all" : "mine", status: "pending", dept })}`;
  const retrosHref = `${base}/retros${qs({ period: period?.id, dept })}`;

  // ---- OKRs ------------------------------------------------------------------------------------
  const okrRows = data.okrs.byDepartment;
  const okrData: BarDatum[] = okrRows.map((r) => ({
    label: deptName(r.departmentName),
    href: okrsHref(r.departmentId),
    progress: Math.round(r.progress),
    onTrack: r.onTrack,
    atRisk: r.atRisk,
    offTrack: r.offTrack,
    noCheckIn: r.noCheckIn,
  }));

  // ---- campaigns -------------------------------------------------------------------------------
  const channelData: BarDatum[] = data.campaigns.byChannel.map((c) => ({
    label: channelLabel(c.channel),
    href: campaignsHref(c.channel),
    budget: major(c.budgetMinor),
    spend: major(c.spendMinor),
  }));

  // ---- products --------------------------------------------------------------------------------
  const funnelData: BarDatum[] = data.products.map((s) => ({ label: stageLabel(s), href: productsHref, products: s.products }));

  // ---- risks -----------------------------------------------------------------------------------
  const cell = (l: number, i: number) => data.risks.heatMap.find((c) => c.likelihood === l && c.impact === i)?.n ?? 0;
  const heatColor = (score: number, n: number) =>
    n === 0
      ? "bg-zinc-50 text-zinc-400 dark:bg-zinc-900 dark:text-zinc-600"
      : score >= 15
        ? "bg-red-600 text-white"
        : score >= 8
          ? "bg-amber-500 text-white"
          : score >= 4
            ? "bg-yellow-200 text-yellow-900"
            : "bg-green-200 text-green-900";

  // ---- approvals -------------------------------------------------------------------------------
  const ageData: BarDatum[] = data.approvals.ages.map((a) => ({ label: t(`approvals.bucket.${a.bucket}`), href: approvalsHref, requests: a.n }));

  // ---- retros ----------------------------------------------------------------------------------
  const r = data.retros;

  return (
    <div className="grid gap-4 lg:grid-cols-2 print:block print:space-y-4" data-testid="org-dashboard">
      {compliance && <div className="lg:col-span-2">{compliance}</div>}

      {/* OKR progress and confidence by department */}
      <ChartPanel
        title={t("okrs.title")}
        subtitle={period?.name}
        href={okrsHref(dept)}
        testId="dash-okrs"
        empty={!okrRows.length}
        className="lg:col-span-2"
        chart={
          <div className="grid gap-4 md:grid-cols-2">
            <BarChart data={okrData} series={[{ key: "progress", label: t("okrs.progressSeries"), color: COLORS.brand }]} onNavigate={router.push} format={(v) => `${v}%`} domainMax={100} layout="vertical" height={Math.max(160, okrData.length * 44)} />
            <BarChart
              data={okrData}
              layout="vertical"
              integer
              height={Math.max(160, okrData.length * 44)}
              onNavigate={router.push}
              series={[
                { key: "onTrack", label: t("okrs.onTrack"), color: COLORS.green, stack: "c" },
                { key: "atRisk", label: t("okrs.atRisk"), color: COLORS.amber, stack: "c" },
                { key: "offTrack", label: t("okrs.offTrack"), color: COLORS.red, stack: "c" },
                { key: "noCheckIn", label: t("okrs.noCheckIn"), color: COLORS.grey, stack: "c" },
              ]}
            />
          </div>
        }
        table={
          <table className="w-full text-sm" data-testid="dash-okrs-table">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className={th}>{t("okrs.department")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.objectives")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.progress")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.keyResults")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.confidence")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.onTrack")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.atRisk")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.offTrack")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("okrs.noCheckIn")}</th>
              </tr>
            </thead>
            <tbody>
              {okrRows.map((row) => (
                <tr key={row.departmentId ?? "none"} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    <Link href={okrsHref(row.departmentId)} className="hover:underline">{deptName(row.departmentName)}</Link>
                  </th>
                  <td className={cn(td, "text-right")}>{row.objectives}</td>
                  <td className={cn(td, "text-right")}>{pct(row.progress / 100)}</td>
                  <td className={cn(td, "text-right")}>{row.keyResults}</td>
                  <td className={cn(td, "text-right")}>{num(row.confidence)}</td>
                  <td className={cn(td, "text-right")}>{row.onTrack}</td>
                  <td className={cn(td, "text-right")}>{row.atRisk}</td>
                  <td className={cn(td, "text-right")}>{row.offTrack}</td>
                  <td className={cn(td, "text-right")}>{row.noCheckIn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      {/* KRs at risk */}
      <ChartPanel title={t("krsAtRisk.title")} subtitle={t("krsAtRisk.hint")} href={okrsHref(dept, { confidence: "attention" })} testId="dash-krs-at-risk">
        <p className="text-3xl font-semibold tabular-nums" data-testid="dash-krs-at-risk-count">{data.okrs.atRisk.count}</p>
        {data.okrs.atRisk.items.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">{t("krsAtRisk.none")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {data.okrs.atRisk.items.map((k) => (
              <li key={k.id} className="py-1.5">
                <Link href={`${base}/okrs/o/${k.objectiveId}`} className="hover:underline">
                  {t("krsAtRisk.item", { title: k.title, owner: k.ownerName, confidence: k.confidence ?? 0 })}
                </Link>
              </li>
            ))}
            {data.okrs.atRisk.count > data.okrs.atRisk.items.length && (
              <li className="py-1.5 text-zinc-500">{t("krsAtRisk.more", { count: data.okrs.atRisk.count - data.okrs.atRisk.items.length })}</li>
            )}
          </ul>
        )}
      </ChartPanel>

      {/* Retro action completion */}
      <ChartPanel title={t("retros.title")} subtitle={period?.name} href={retrosHref} testId="dash-retros">
        {r.total === 0 ? (
          <p className="text-sm text-zinc-500">{t("retros.noActions")}</p>
        ) : (
          <>
            <p className="text-3xl font-semibold tabular-nums" data-testid="dash-retro-rate">{t("retros.rate", { rate: pct(r.completionRate) })}</p>
            <div className="mt-2 flex h-2 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
              <div className="bg-green-600" style={{ width: `${(r.done / r.total) * 100}%` }} />
              <div className="bg-brand-500" style={{ width: `${(r.inProgress / r.total) * 100}%` }} />
              <div className="bg-zinc-400" style={{ width: `${(r.open / r.total) * 100}%` }} />
            </div>
            <table className="mt-3 w-full text-sm">
              <thead className="sr-only">
                <tr>
                  <th scope="col">{t("retros.status")}</th>
                  <th scope="col">{t("retros.count")}</th>
                </tr>
              </thead>
              <tbody>
                {(["done", "inProgress", "open", "dropped"] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row" className="py-0.5 text-left font-normal text-zinc-600 dark:text-zinc-400">{t(`retros.${k}`)}</th>
                    <td className="py-0.5 text-right tabular-nums">{r[k]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </ChartPanel>

      {/* Campaign spend vs budget and ROI by channel */}
      <ChartPanel
        title={t("campaigns.title")}
        subtitle={t("campaigns.subtitle", { count: data.campaigns.campaigns, currency })}
        href={campaignsHref()}
        testId="dash-campaigns"
        empty={!channelData.length}
        className="lg:col-span-2"
        chart={
          <BarChart
            data={channelData}
            onNavigate={router.push}
            format={(v) => compactMoney.format(v)}
            series={[
              { key: "budget", label: t("campaigns.budget"), color: COLORS.grey },
              { key: "spend", label: t("campaigns.spend"), color: COLORS.brand },
            ]}
          />
        }
        table={
          <table className="w-full text-sm" data-testid="dash-campaigns-table">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className={th}>{t("campaigns.channel")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("campaigns.budget")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("campaigns.spend")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("campaigns.revenue")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("campaigns.roi")}</th>
              </tr>
            </thead>
            <tbody>
              {data.campaigns.byChannel.map((c) => (
                <tr key={c.channel} className="border-b border-zinc-100 dark:border-zinc-800/60">
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    <Link href={campaignsHref(c.channel)} className="hover:underline">{channelLabel(c.channel)}</Link>
                  </th>
                  <td className={cn(td, "text-right")}>{money(c.budgetMinor)}</td>
                  <td className={cn(td, "text-right", c.spendMinor > c.budgetMinor && "text-red-700 dark:text-red-400")}>{money(c.spendMinor)}</td>
                  <td className={cn(td, "text-right")}>{money(c.revenueMinor)}</td>
                  <td className={cn(td, "text-right")}>{pct(c.roi)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-semibold">
                <th scope="row" className="px-2 py-1.5 text-left">{t("campaigns.total")}</th>
                <td className={cn(td, "text-right")}>{money(data.campaigns.total.budgetMinor)}</td>
                <td className={cn(td, "text-right")}>{money(data.campaigns.total.spendMinor)}</td>
                <td className={cn(td, "text-right")}>{money(data.campaigns.total.revenueMinor)}</td>
                <td className={cn(td, "text-right")}>{pct(data.campaigns.total.roi)}</td>
              </tr>
            </tfoot>
          </table>
        }
      >
        <div className="mt-2 space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          {data.campaigns.overBudget > 0 && (
            <p className="flex items-center gap-1 text-red-700 dark:text-red-400">
              <AlertTriangle className="size-3.5" aria-hidden /> {t("campaigns.overBudget", { count: data.campaigns.overBudget })}
            </p>
          )}
          <p>{t("campaigns.roiNote")}</p>
          {data.campaigns.unconverted.length > 0 && <p>{t("campaigns.unconverted", { base: currency, currencies: data.campaigns.unconverted.join(", ") })}</p>}
        </div>
      </ChartPanel>

      {/* Product funnel */}
      <ChartPanel
        title={t("products.title")}
        href={productsHref}
        testId="dash-products"
        empty={!funnelData.length}
        chart={<BarChart data={funnelData} onNavigate={router.push} integer layout="vertical" height={Math.max(180, funnelData.length * 30)} series={[{ key: "products", label: t("products.products"), color: COLORS.blue }]} />}
        table={
          <table className="w-full text-sm" data-testid="dash-products-table">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className={th}>{t("products.stage")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("products.products")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("products.median")}</th>
              </tr>
            </thead>
            <tbody>
              {data.products.map((s) => (
                <tr key={s.stageId} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    <Link href={productsHref} className="hover:underline">{stageLabel(s)}</Link>
                  </th>
                  <td className={cn(td, "text-right")}>{s.products}</td>
                  <td className={cn(td, "text-right")}>{s.medianDays == null ? t("products.noMedian") : num(s.medianDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      {/* Open approvals and their age */}
      <ChartPanel
        title={t("approvals.title")}
        subtitle={
          <>
            {t("approvals.summary", { count: data.approvals.open, overdue: data.approvals.overdue })}
            {data.approvals.oldestDays != null && <> · {t("approvals.oldest", { days: data.approvals.oldestDays })}</>}
          </>
        }
        href={approvalsHref}
        testId="dash-approvals"
        chart={<BarChart data={ageData} onNavigate={router.push} integer series={[{ key: "requests", label: t("approvals.requests"), color: COLORS.amber }]} height={180} />}
        table={
          <table className="w-full text-sm" data-testid="dash-approvals-table">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className={th}>{t("approvals.age")}</th>
                <th scope="col" className={cn(th, "text-right")}>{t("approvals.requests")}</th>
              </tr>
            </thead>
            <tbody>
              {data.approvals.ages.map((a) => (
                <tr key={a.bucket} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">{t(`approvals.bucket.${a.bucket}`)}</th>
                  <td className={cn(td, "text-right")}>{a.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      {/* Risk heat map: the grid is itself a table (likelihood rows, impact columns); each cell links to its risks. */}
      <ChartPanel title={t("risks.heatTitle")} subtitle={t("risks.open", { count: data.risks.open })} href={risksHref({})} testId="dash-heatmap">
        <table className="w-full table-fixed border-separate border-spacing-1 text-sm" data-testid="dash-heatmap-table">
          <caption className="sr-only">{t("risks.heatCaption")}</caption>
          <thead>
            <tr>
              <th scope="col" className="w-16 text-left text-xs font-normal text-zinc-500">
                {t("risks.likelihood")} ↓
              </th>
              {[1, 2, 3, 4, 5].map((i) => (
                <th key={i} scope="col" className="text-center text-xs font-normal text-zinc-500">
                  {i}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[5, 4, 3, 2, 1].map((l) => (
              <tr key={l}>
                <th scope="row" className="text-left text-xs font-normal text-zinc-500">{l}</th>
                {[1, 2, 3, 4, 5].map((i) => {
                  const n = cell(l, i);
                  const label = t("risks.cell", { likelihood: l, impact: i, count: n });
                  return (
                    <td key={i} className="p-0">
                      {n > 0 ? (
                        <Link
                          href={risksHref({ l, i })}
                          aria-label={label}
                          title={label}
                          className={cn("flex h-10 items-center justify-center rounded font-semibold tabular-nums hover:ring-2 hover:ring-brand-500", heatColor(l * i, n))}
                          data-testid={`heat-${l}-${i}`}
                        >
                          {n}
                        </Link>
                      ) : (
                        <span className={cn("flex h-10 items-center justify-center rounded", heatColor(l * i, 0))} title={label}>
                          <span className="sr-only">{label}</span>
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td />
              <td colSpan={5} className="text-center text-xs text-zinc-500">
                {t("risks.impact")} →
              </td>
            </tr>
          </tfoot>
        </table>
      </ChartPanel>

      {/* Risks above appetite and KRI warnings */}
      <div className="grid gap-4 print:block print:space-y-4">
        <ChartPanel title={t("risks.aboveTitle")} href={risksHref({ appetite: "above" })} testId="dash-above-appetite">
          <p className="text-3xl font-semibold tabular-nums">{data.risks.aboveAppetite.count}</p>
          {data.risks.aboveAppetite.top.length === 0 ? (
            <p className="mt-1 text-sm text-zinc-500">{t("risks.aboveNone")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {data.risks.aboveAppetite.top.map((x) => (
                <li key={x.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
                  <Link href={`${base}/risks/${x.id}`} className="font-medium hover:underline">{x.title}</Link>
                  <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{t("risks.aboveItem", { score: x.score, appetite: x.appetite })}</span>
                </li>
              ))}
            </ul>
          )}
        </ChartPanel>
        <ChartPanel title={t("risks.kriTitle")} subtitle={t("risks.kriSummary", { risks: data.risks.kri.risksWithWarning, breached: data.risks.kri.breached })} href={risksHref({ warning: "1" })} testId="dash-kri">
          {data.risks.kri.items.length === 0 ? (
            <p className="text-sm text-zinc-500">{t("risks.kriNone")}</p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
              {data.risks.kri.items.map((k) => (
                <li key={k.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
                  <Link href={`${base}/risks/${k.riskId}`} className="font-medium hover:underline">{k.riskTitle}</Link>
                  <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-700 dark:bg-red-900/30 dark:text-red-300">{t(`risks.kind.${k.kind}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </ChartPanel>
      </div>

    </div>
  );
}
