"use client";

import { Printer } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Select } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";

/**
 * The dashboard's period and department, kept in the URL (`?period=&department=`) so a view can be
 * shared or bookmarked. On a department's own dashboard the department is fixed by the path.
 */
export function DashboardFilters({
  periods,
  periodId,
  departments,
  departmentId,
  fixedDepartment,
}: {
  periods: { id: string; name: string }[];
  periodId: string | null;
  departments: { id: string; name: string }[];
  departmentId: string | null;
  /** Set on a department's dashboard: no department select, a link back instead. */
  fixedDepartment?: boolean;
}) {
  const t = useTranslations("orgDashboard.filters");
  const org = useOrg();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(sp.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const q = next.toString();
    router.push(q ? `${pathname}?${q}` : pathname);
  };
  const dept = departments.find((d) => d.id === departmentId);
  const periodQuery = periodId ? `?period=${periodId}` : "";
  return (
    <div className="no-print mb-4 flex flex-wrap items-center gap-2" role="group" aria-label={t("label")} data-testid="dashboard-filters">
      {periods.length > 0 && (
        <Select aria-label={t("period")} value={periodId ?? ""} onChange={(e) => set({ period: e.target.value || null })} className="w-auto" data-testid="dashboard-period">
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      )}
      {!fixedDepartment && (
        <Select aria-label={t("department")} value={departmentId ?? ""} onChange={(e) => set({ department: e.target.value || null })} className="w-auto" data-testid="dashboard-department">
          <option value="">{t("allDepartments")}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
      )}
      {!fixedDepartment && dept && (
        <Link href={`/${org.slug}/dashboard/departments/${dept.id}${periodQuery}`} className="text-sm text-brand-600 hover:underline" data-testid="open-department-dashboard">
          {t("openDepartment", { department: dept.name })}
        </Link>
      )}
      {fixedDepartment && (
        <Link href={`/${org.slug}/dashboard${periodQuery}`} className="text-sm text-brand-600 hover:underline">
          {t("backToOrg")}
        </Link>
      )}
      <button
        type="button"
        onClick={() => window.print()}
        className="ml-auto inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
      >
        <Printer className="size-4" aria-hidden /> {t("print")}
      </button>
    </div>
  );
}
