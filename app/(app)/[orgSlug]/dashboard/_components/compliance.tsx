import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";

type Compliance = inferRouterOutputs<AppRouter>["dashboard"]["checkIns"];

/** Who in the department has (not) checked in on their key results this ISO week. */
export async function CheckInCompliance({ data, orgSlug }: { data: Compliance; orgSlug: string }) {
  const t = await getTranslations("orgDashboard.compliance");
  const format = await getFormatter();
  const week = format.dateTime(new Date(`${data.weekStart}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const th = "px-2 py-1.5 text-left font-medium text-zinc-600 dark:text-zinc-400";
  return (
    <Card className="p-4 break-inside-avoid print:shadow-none" data-testid="dash-compliance">
      <section aria-labelledby="compliance-heading">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="compliance-heading" className="font-semibold">
            <Link href={`/${orgSlug}/okrs${data.period ? `?period=${data.period.id}&dept=${data.department.id}` : ""}`} className="hover:underline">
              {t("title")}
            </Link>
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="dash-compliance-summary">
            {t("summary", { late: data.summary.notCheckedIn, compliant: data.summary.compliant, total: data.summary.withKeyResults })}
          </p>
        </div>
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">{t("subtitle", { week, period: data.period?.name ?? "—" })}</p>
        {data.members.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("noMembers")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th scope="col" className={th}>{t("member")}</th>
                  <th scope="col" className={cn(th, "text-right")}>{t("keyResults")}</th>
                  <th scope="col" className={cn(th, "text-right")}>{t("checkedIn")}</th>
                  <th scope="col" className={cn(th, "text-right")}>{t("missing")}</th>
                  <th scope="col" className={th}>{t("status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((m) => (
                  <tr key={m.userId} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60" data-testid="compliance-row">
                    <th scope="row" className="px-2 py-1.5 text-left font-medium">
                      {m.name}
                      {m.isManager && <span className="ml-1.5 text-xs font-normal text-zinc-500">({t("manager")})</span>}
                    </th>
                    <td className="px-2 py-1.5 text-right tabular-nums">{m.keyResults}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{m.checkedIn}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{m.missing}</td>
                    <td className="px-2 py-1.5">
                      {m.keyResults === 0 ? (
                        <span className="text-xs text-zinc-500">{t("noKrs")}</span>
                      ) : m.missing > 0 ? (
                        <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 dark:bg-amber-900/30 dark:text-amber-300">{t("late")}</span>
                      ) : (
                        <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs text-green-800 dark:bg-green-900/30 dark:text-green-300">{t("ok")}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Card>
  );
}
