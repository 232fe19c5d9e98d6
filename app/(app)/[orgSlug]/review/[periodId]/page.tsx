import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { Badge, PageHeader } from "@/app/_components/ui/card";
import { SectionCard } from "@/app/_components/ui/section-card";
import { cn } from "@/app/_components/ui/cn";
import { minorToMajorNumber } from "@/server/campaigns/money";
import { ReviewToolbar } from "./toolbar";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("navLabel") };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BAND: Record<"green" | "amber" | "red", string> = {
  green: "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  amber: "bg-amber-50 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  red: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
};

function Table({ head, children, testId }: { head: React.ReactNode[]; children: React.ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto print:overflow-visible">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-2 py-1.5 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800 [&>tr]:break-inside-avoid">{children}</tbody>
      </table>
    </div>
  );
}
/** On paper: one plain column, no card chrome, sections kept whole where they fit. */
const PRINT_SECTION = "print:break-inside-avoid-page print:border-0 print:p-0 print:shadow-none";
const Td = ({ children, className }: { children: React.ReactNode; className?: string }) => <td className={cn("px-2 py-1.5 align-top", className)}>{children}</td>;
const Empty = ({ children }: { children: React.ReactNode }) => <p className="text-sm text-zinc-500">{children}</p>;

/** One period's review: OKR grades, campaign results, risk movement, product stage changes, retro actions. */
export default async function ReviewPage({ params }: { params: Promise<{ orgSlug: string; periodId: string }> }) {
  const { orgSlug, periodId } = await params;
  if (!UUID_RE.test(periodId)) notFound();
  const t = await getTranslations("review");
  const ts = await getTranslations("products.stage");
  const format = await getFormatter();
  const caller = await serverCaller();
  const [r, periods] = await Promise.all([orNavigate(caller.review.get({ orgSlug, periodId })), orNavigate(caller.period.list({ orgSlug }))]);

  const grade = (v: number | null) => (v == null ? "—" : format.number(v, { minimumFractionDigits: 1, maximumFractionDigits: 2 }));
  const pct = (v: number | null) => (v == null ? "—" : format.number(v, { style: "percent", maximumFractionDigits: 1 }));
  const money = (minor: number | null, currency: string) => (minor == null ? "—" : format.number(minorToMajorNumber(minor, currency), { style: "currency", currency }));
  const day = (d: string) => format.dateTime(new Date(d.length === 10 ? `${d}T00:00:00Z` : d), { dateStyle: "medium", timeZone: "UTC" });
  const stage = (s: { key: string | null; name: string } | null) => (!s ? "—" : s.name || (s.key && ts.has(s.key) ? ts(s.key) : (s.key ?? "—")));
  const metric = (g: { metric: string; customName: string }) => (g.metric === "custom" ? g.customName || t("metric.custom") : t(`metric.${g.metric}`));
  const { okrs, campaigns, risks, products, retros } = r;

  return (
    <div className="review-page space-y-6" data-testid="review-page">
      <PageHeader
        title={t("title", { period: r.period.name })}
        description={`${day(r.period.startsOn)} – ${day(r.period.endsOn)} · ${t(`periodStatus.${r.period.status}`)}`}
      />
      <ReviewToolbar orgSlug={orgSlug} periodId={r.period.id} periods={periods.map((p) => ({ id: p.id, name: p.name }))} />

      <SectionCard id="okrs" className={PRINT_SECTION} title={t("okrs.title")} description={okrs.summary.objectives ? t("okrs.krSummary", { total: okrs.summary.keyResults, graded: okrs.summary.krGraded, missed: okrs.summary.krMissed, skipped: okrs.summary.krSkipped }) : undefined}>
        {!okrs.objectives.length ? (
          <Empty>{t("okrs.empty")}</Empty>
        ) : (
          <div className="space-y-4">
            <p className="text-sm" data-testid="okr-summary">
              {t("okrs.summary", { graded: okrs.summary.graded, objectives: okrs.summary.objectives, mean: grade(okrs.summary.meanScore) })}
            </p>
            <div>
              <h3 className="mb-1 text-sm font-medium">{t("okrs.byDepartment")}</h3>
              <Table head={[t("col.department"), t("col.objectives"), t("col.graded"), t("col.meanGrade"), t("col.meanProgress")]}>
                {okrs.departments.map((d) => (
                  <tr key={d.departmentId ?? "company"}>
                    <Td>{d.departmentName ?? t("okrs.noDepartment")}</Td>
                    <Td className="tabular-nums">{d.objectives}</Td>
                    <Td className="tabular-nums">{d.graded}</Td>
                    <Td className="tabular-nums">{grade(d.meanScore)}</Td>
                    <Td className="tabular-nums">{Math.round(d.meanProgress)}%</Td>
                  </tr>
                ))}
              </Table>
            </div>
            <div>
              <h3 className="mb-1 text-sm font-medium">{t("okrs.objectives")}</h3>
              <Table head={[t("col.objective"), t("col.department"), t("col.grade"), t("col.progress"), t("col.keyResults")]} testId="review-objectives">
                {okrs.objectives.map((o) => (
                  <tr key={o.id}>
                    <Td>
                      <Link href={`/${orgSlug}/okrs/o/${o.id}`} className="font-medium hover:underline">
                        {o.title}
                      </Link>
                      <div className="text-xs text-zinc-500">{o.ownerName}</div>
                    </Td>
                    <Td>{o.departmentName ?? t("okrs.noDepartment")}</Td>
                    <Td>{o.score == null ? <span className="text-xs text-zinc-500">{t("okrs.notGraded")}</span> : <Badge className={BAND[o.band!]}>{grade(o.score)}</Badge>}</Td>
                    <Td className="tabular-nums">{Math.round(o.progress)}%</Td>
                    <Td>
                      <ul className="space-y-0.5 text-xs">
                        {o.keyResults.map((k) => (
                          <li key={k.id} className="flex flex-wrap items-center gap-1.5">
                            <span>{k.title}</span>
                            <span className="tabular-nums text-zinc-500">{k.skipped ? t("okrs.skipped") : grade(k.grade)}</span>
                            {k.missed && <Badge className={BAND.red}>{t("okrs.missed")}</Badge>}
                          </li>
                        ))}
                      </ul>
                    </Td>
                  </tr>
                ))}
              </Table>
            </div>
          </div>
        )}
      </SectionCard>

      <SectionCard id="campaigns" className={PRINT_SECTION} title={t("campaigns.title")}>
        {!campaigns.items.length ? (
          <Empty>{t("campaigns.empty")}</Empty>
        ) : (
          <div className="space-y-2">
            <Table head={[t("col.campaign"), t("col.budget"), t("col.spend"), t("col.revenue"), t("col.roi"), t("col.goals")]} testId="review-campaigns">
              {campaigns.items.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <Link href={`/${orgSlug}/campaigns/${c.id}`} className="font-medium hover:underline">
                      {c.name}
                    </Link>
                    <div className="text-xs text-zinc-500">{t(`campaignStatus.${c.status}`)}</div>
                  </Td>
                  <Td className="tabular-nums">{money(c.budgetMinor, c.currency)}</Td>
                  <Td className={cn("tabular-nums", c.overBudget && "font-medium text-red-600")}>
                    {money(c.spendMinor, c.currency)}
                    {c.overBudget && <div className="text-xs">{t("campaigns.overBudget")}</div>}
                  </Td>
                  <Td className="tabular-nums">{money(c.revenueMinor, c.currency)}</Td>
                  <Td className={cn("tabular-nums", c.roi != null && c.roi < 0 && "text-red-600")}>{pct(c.roi)}</Td>
                  <Td>
                    {c.goals.length ? (
                      <ul className="space-y-0.5 text-xs">
                        {c.goals.map((g, i) => (
                          <li key={i} className={g.met ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}>
                            {metric(g)}: {g.metric === "revenue" ? money(g.actual, c.currency) : format.number(g.actual)} / {g.metric === "revenue" ? money(g.target, c.currency) : format.number(g.target)} {g.met ? "✓" : "✗"}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-xs text-zinc-500">{t("campaigns.noGoals")}</span>
                    )}
                  </Td>
                </tr>
              ))}
            </Table>
            <p className="text-xs text-zinc-500">
              {t("campaigns.totals", {
                budget: money(campaigns.base.budgetMinor, campaigns.base.currency),
                spend: money(campaigns.base.spendMinor, campaigns.base.currency),
                revenue: money(campaigns.base.revenueMinor, campaigns.base.currency),
              })}
            </p>
          </div>
        )}
      </SectionCard>

      <SectionCard id="risks" className={PRINT_SECTION} title={t("risks.title")}>
        {!risks.moves.length && !risks.created.length && !risks.closed.length ? (
          <Empty>{t("risks.empty")}</Empty>
        ) : (
          <div className="space-y-4">
            <p className="text-sm">{t("risks.summary", { rose: risks.rose, fell: risks.fell, created: risks.created.length, closed: risks.closed.length, unchanged: risks.unchanged })}</p>
            {risks.moves.length > 0 && (
              <div>
                <h3 className="mb-1 text-sm font-medium">{t("risks.movement")}</h3>
                <Table head={[t("col.risk"), t("col.start"), t("col.end"), t("col.change")]} testId="review-risks">
                  {risks.moves.map((m) => (
                    <tr key={m.riskId}>
                      <Td>
                        <Link href={`/${orgSlug}/risks/${m.riskId}`} className="font-medium hover:underline">
                          {m.title}
                        </Link>
                      </Td>
                      <Td className="tabular-nums">{m.from ? `${m.from.score} (${m.from.likelihood}×${m.from.impact})` : "—"}</Td>
                      <Td className="tabular-nums">{`${m.to.score} (${m.to.likelihood}×${m.to.impact})`}</Td>
                      <Td className={m.direction === "up" ? "font-medium text-red-600" : m.direction === "down" ? "text-emerald-700 dark:text-emerald-400" : ""}>
                        {m.direction === "up" ? "▲ " : m.direction === "down" ? "▼ " : ""}
                        {t(`direction.${m.direction}`)}
                      </Td>
                    </tr>
                  ))}
                </Table>
              </div>
            )}
            <div className="grid gap-4 sm:grid-cols-2 print:grid-cols-1">
              {risks.created.length > 0 && (
                <div>
                  <h3 className="mb-1 text-sm font-medium">{t("risks.created")}</h3>
                  <ul className="space-y-0.5 text-sm">
                    {risks.created.map((x) => (
                      <li key={x.id}>
                        <Link href={`/${orgSlug}/risks/${x.id}`} className="hover:underline">
                          {x.title}
                        </Link>{" "}
                        <span className="text-xs text-zinc-500">{day(x.createdAt)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {risks.closed.length > 0 && (
                <div>
                  <h3 className="mb-1 text-sm font-medium">{t("risks.closed")}</h3>
                  <ul className="space-y-0.5 text-sm">
                    {risks.closed.map((x) => (
                      <li key={x.id}>
                        <Link href={`/${orgSlug}/risks/${x.id}`} className="hover:underline">
                          {x.title}
                        </Link>{" "}
                        <span className="text-xs text-zinc-500">{day(x.closedAt)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          </div>
        )}
      </SectionCard>

      <SectionCard id="products" className={PRINT_SECTION} title={t("products.title")}>
        {!products.changes.length ? (
          <Empty>{t("products.empty")}</Empty>
        ) : (
          <Table head={[t("col.product"), t("col.from"), t("col.to"), t("col.date"), t("col.how")]} testId="review-products">
            {products.changes.map((c, i) => (
              <tr key={`${c.productId}-${i}`}>
                <Td>
                  <Link href={`/${orgSlug}/products/${c.productId}`} className="font-medium hover:underline">
                    {c.productName}
                  </Link>
                </Td>
                <Td>{stage(c.from)}</Td>
                <Td>{stage(c.to)}</Td>
                <Td className="whitespace-nowrap">{day(c.enteredAt)}</Td>
                <Td>{t(`visitKind.${c.kind}`)}</Td>
              </tr>
            ))}
          </Table>
        )}
      </SectionCard>

      <SectionCard id="retros" className={PRINT_SECTION} title={t("retros.title")}>
        {!retros.retros.length && !retros.carried.length ? (
          <Empty>{t("retros.empty")}</Empty>
        ) : (
          <div className="space-y-4">
            {retros.retros.length > 0 && (
              <p className="text-sm">
                {t("retros.summary", { total: retros.summary.total, done: retros.summary.done, open: retros.summary.open, overdue: retros.summary.overdue })}
                {" · "}
                {retros.retros.map((x, i) => (
                  <span key={x.id}>
                    {i > 0 && ", "}
                    <Link href={`/${orgSlug}/retros/${x.id}`} className="text-brand-600 hover:underline">
                      {x.title}
                    </Link>
                  </span>
                ))}
              </p>
            )}
            {retros.actions.length ? (
              <ActionTable t={t} day={day} orgSlug={orgSlug} rows={retros.actions} testId="review-actions" />
            ) : (
              retros.retros.length > 0 && <Empty>{t("retros.noActions")}</Empty>
            )}
            {retros.carried.length > 0 && (
              <div>
                <h3 className="mb-1 text-sm font-medium">{t("retros.carried", { period: retros.previousPeriod?.name ?? "" })}</h3>
                <ActionTable t={t} day={day} orgSlug={orgSlug} rows={retros.carried} testId="review-carried" />
              </div>
            )}
          </div>
        )}
      </SectionCard>
    </div>
  );
}

type Action = {
  id: string;
  title: string;
  status: string;
  dueOn: string | null;
  ownerName: string | null;
  retroId: string;
  retroTitle: string;
  overdue: boolean;
};

function ActionTable({ t, day, orgSlug, rows, testId }: { t: Awaited<ReturnType<typeof getTranslations<"review">>>; day: (d: string) => string; orgSlug: string; rows: Action[]; testId: string }) {
  return (
    <Table head={[t("col.action"), t("col.retro"), t("col.owner"), t("col.due"), t("col.status")]} testId={testId}>
      {rows.map((a) => (
        <tr key={a.id}>
          <Td className="font-medium">{a.title}</Td>
          <Td>
            <Link href={`/${orgSlug}/retros/${a.retroId}`} className="hover:underline">
              {a.retroTitle}
            </Link>
          </Td>
          <Td>{a.ownerName ?? "—"}</Td>
          <Td className={cn("whitespace-nowrap", a.overdue && "font-medium text-red-600")}>{a.dueOn ? day(a.dueOn) : "—"}</Td>
          <Td>
            {t(`actionStatus.${a.status}`)}
            {a.overdue && <Badge className={cn("ml-1.5", BAND.red)}>{t("retros.overdue")}</Badge>}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
