"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";

export function DepartmentsDialog({
  member,
  departments,
  onClose,
  onSaved,
}: {
  member: { membershipId: string; name: string; version: number; departments: { id: string; isManager: boolean }[] };
  departments: { id: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations("members");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const [sel, setSel] = useState<Record<string, { on: boolean; manager: boolean }>>(() =>
    Object.fromEntries(departments.map((d) => {
      const m = member.departments.find((x) => x.id === d.id);
      return [d.id, { on: !!m, manager: !!m?.isManager }];
    })),
  );
  const save = useMutation(trpc.member.setDepartments.mutationOptions());
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("departmentsOf", { name: member.name })} description={t("departmentsHint")} closeLabel={tc("close")}>
        {departments.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("noDepartmentsYet")}</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="py-1 font-medium">{t("department")}</th>
                <th className="py-1 font-medium">{t("memberOf")}</th>
                <th className="py-1 font-medium">{t("manager")}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => {
                const s = sel[d.id]!;
                return (
                  <tr key={d.id}>
                    <td className="py-1.5">{d.name}</td>
                    <td className="py-1.5">
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={t("memberOfName", { name: d.name })}
                        checked={s.on}
                        onChange={(e) => setSel({ ...sel, [d.id]: { on: e.target.checked, manager: e.target.checked && s.manager } })}
                      />
                    </td>
                    <td className="py-1.5">
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={t("managerOfName", { name: d.name })}
                        checked={s.manager}
                        onChange={(e) => setSel({ ...sel, [d.id]: { on: s.on || e.target.checked, manager: e.target.checked } })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
          <Button
            loading={save.isPending}
            onClick={async () => {
              try {
                await save.mutateAsync({
                  orgSlug: org.slug,
                  membershipId: member.membershipId,
                  version: member.version,
                  departments: Object.entries(sel).filter(([, v]) => v.on).map(([id, v]) => ({ departmentId: id, isManager: v.manager })),
                });
                toast.success(tc("saved"));
                onSaved();
              } catch (e) {
                showServerError(e, { onReload: onSaved, reloadLabel: tc("reload") });
              }
            }}
          >
            {tc("save")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
