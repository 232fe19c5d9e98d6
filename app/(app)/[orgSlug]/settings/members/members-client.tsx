"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Search, Trash2, UserPlus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { assignableRoles, ROLES, type Role } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState, Skeleton } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Input, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import dynamic from "next/dynamic";

// Forms (react-hook-form + zod) load when a dialog opens, not with the page.
const InviteDialog = dynamic(() => import("./invite-dialog").then((m) => m.InviteDialog));

const DepartmentsDialog = dynamic(() => import("./departments-dialog").then((m) => m.DepartmentsDialog));

const UUID = /^[0-9a-f-]{36}$/;

export function MembersClient({ initialSearch, initialDept, myUserId }: { initialSearch: string; initialDept: string; myUserId: string }) {
  const t = useTranslations("members");
  const tc = useTranslations("common");
  const tr = useTranslations("roles");
  const locale = useLocale();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const mayUpdate = useCan("member.update");
  const mayRemove = useCan("member.remove");
  const mayInvite = useCan("member.invite");

  const [search, setSearch] = useState(initialSearch);
  const [dept, setDept] = useState(initialDept);
  const [debounced, setDebounced] = useState(initialSearch);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(h);
  }, [search]);
  // Filters live in the URL so a view can be shared.
  useEffect(() => {
    const p = new URLSearchParams();
    if (debounced) p.set("q", debounced);
    if (dept) p.set("dept", dept);
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }, [debounced, dept, pathname, router]);

  const input = { orgSlug: org.slug, limit: 50, search: debounced || undefined, departmentId: UUID.test(dept) ? dept : undefined };
  const members = useInfiniteQuery(
    trpc.member.list.infiniteQueryOptions(input, { getNextPageParam: (l) => l.nextCursor ?? undefined }),
  );
  const { data: departments } = useSuspenseQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const invitations = useQuery({ ...trpc.invitation.list.queryOptions({ orgSlug: org.slug }), enabled: mayInvite });

  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.member.list.pathKey() });
  const updateRole = useMutation(trpc.member.updateRole.mutationOptions());
  const remove = useMutation(trpc.member.remove.mutationOptions());
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions());
  const [removing, setRemoving] = useState<{ membershipId: string; name: string } | null>(null);
  const [editingDepts, setEditingDepts] = useState<string | null>(null);
  const [inviting, setInviting] = useState(false);

  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];
  const editing = rows.find((r) => r.membershipId === editingDepts) ?? null;
  const assignable = assignableRoles(org.role);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative w-full sm:w-auto sm:min-w-56 sm:flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
          <Input
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t("searchPlaceholder")}
            aria-label={t("searchPlaceholder")}
            className="pl-9"
            maxLength={100}
          />
        </div>
        <Select value={dept} onChange={(e) => setDept(e.target.value)} aria-label={t("filterDepartment")} className="sm:w-56!">
          <option value="">{t("allDepartments")}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
        {mayInvite && (
          <Button onClick={() => setInviting(true)}>
            <UserPlus className="size-4" aria-hidden /> {t("invite")}
          </Button>
        )}
      </div>

      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("title")}</caption>
          <thead className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">{t("name")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("role")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("departments")}</th>
              <th scope="col" className="px-4 py-3"><span className="sr-only">{tc("actions")}</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {members.isPending &&
              Array.from({ length: 3 }, (_, i) => (
                <tr key={i}>
                  <td className="px-4 py-3" colSpan={4}><Skeleton className="h-5 w-full" /></td>
                </tr>
              ))}
            {rows.map((m) => {
              const mayEditRow = mayUpdate && (m.role !== "owner" || org.role === "owner");
              return (
                <tr key={m.membershipId} data-testid={`member-row-${m.email}`}>
                  <td className="px-4 py-3">
                    <div className="font-medium">
                      {m.name} {m.userId === myUserId && <Badge className="ml-1">{t("you")}</Badge>}
                    </div>
                    <div className="text-xs text-zinc-500">{m.email}</div>
                  </td>
                  <td className="px-4 py-3">
                    {mayEditRow ? (
                      <Select
                        aria-label={t("roleFor", { name: m.name })}
                        value={m.role}
                        className="w-auto! py-1!"
                        disabled={updateRole.isPending}
                        onChange={async (e) => {
                          const role = e.target.value as Role;
                          try {
                            await updateRole.mutateAsync({ orgSlug: org.slug, membershipId: m.membershipId, role, version: m.version });
                            toast.success(t("roleChanged", { name: m.name, role: tr(role) }));
                            if (m.userId === myUserId) router.refresh();
                          } catch (err) {
                            showServerError(err, { onReload: invalidate, reloadLabel: tc("reload") });
                          } finally {
                            await invalidate();
                          }
                        }}
                      >
                        {ROLES.filter((r) => assignable.includes(r) || r === m.role).map((r) => (
                          <option key={r} value={r} disabled={!assignable.includes(r)}>
                            {tr(r)}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge>{tr(m.role)}</Badge>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-1">
                      {m.departments.length === 0 && <span className="text-xs text-zinc-500">{t("noDepartments")}</span>}
                      {m.departments.map((d) => (
                        <Badge key={d.id} className={d.isManager ? "bg-brand-50 text-brand-700 dark:bg-brand-600/20 dark:text-brand-100" : ""}>
                          {d.name}
                          {d.isManager && ` · ${t("manager")}`}
                        </Badge>
                      ))}
                      {mayEditRow && (
                        <Button variant="ghost" size="sm" onClick={() => setEditingDepts(m.membershipId)} aria-label={t("editDepartmentsFor", { name: m.name })}>
                          {tc("edit")}
                        </Button>
                      )}
                    </div>
                  </td>
                  <td className="px-4 py-3 text-right">
                    {mayRemove && mayEditRow && (
                      <Button variant="ghost" size="sm" aria-label={t("removeName", { name: m.name })} onClick={() => setRemoving({ membershipId: m.membershipId, name: m.name })}>
                        <Trash2 className="size-4 text-red-600" aria-hidden />
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!members.isPending && rows.length === 0 && (
          <div className="p-6">
            <EmptyState title={t("emptyTitle")} description={t("emptyFiltered")} />
          </div>
        )}
        {members.hasNextPage && (
          <div className="border-t border-zinc-100 p-3 text-center dark:border-zinc-800">
            <Button variant="secondary" size="sm" loading={members.isFetchingNextPage} onClick={() => members.fetchNextPage()}>
              {tc("loadMore")}
            </Button>
          </div>
        )}
      </Card>

      {mayInvite && (
        <section aria-labelledby="pending-invitations">
          <h2 id="pending-invitations" className="mb-2 font-semibold">{t("pendingInvitations")}</h2>
          {invitations.data?.length ? (
            <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {invitations.data.map((inv) => (
                <div key={inv.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                  <div>
                    <span className="font-medium">{inv.email}</span> <Badge>{tr(inv.role)}</Badge>
                    <div className="text-xs text-zinc-500">
                      {t("expires", { date: new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(inv.expiresAt) })}
                    </div>
                  </div>
                  <Button
                    variant="secondary"
                    size="sm"
                    loading={revoke.isPending && revoke.variables?.invitationId === inv.id}
                    onClick={async () => {
                      try {
                        await revoke.mutateAsync({ orgSlug: org.slug, invitationId: inv.id });
                        toast.success(t("revoked"));
                      } catch (e) {
                        showServerError(e);
                      } finally {
                        await qc.invalidateQueries({ queryKey: trpc.invitation.list.pathKey() });
                      }
                    }}
                  >
                    {t("revoke")}
                  </Button>
                </div>
              ))}
            </Card>
          ) : (
            <p className="text-sm text-zinc-500">{t("noPendingInvitations")}</p>
          )}
        </section>
      )}

      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={removing && t("removeTitle", { name: removing.name })}
        description={t("removeBody")}
        confirmLabel={t("remove")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={remove.isPending}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await remove.mutateAsync({ orgSlug: org.slug, membershipId: removing.membershipId });
            toast.success(t("removed", { name: removing.name }));
            setRemoving(null);
          } catch (e) {
            showServerError(e);
          } finally {
            await invalidate();
          }
        }}
      />
      {inviting && (
        <InviteDialog
          departments={departments}
          onInvited={() => qc.invalidateQueries({ queryKey: trpc.invitation.list.pathKey() })}
          onClose={() => setInviting(false)}
        />
      )}
      {editing && (
        <DepartmentsDialog
          member={editing}
          departments={departments}
          onClose={() => setEditingDepts(null)}
          onSaved={async () => {
            setEditingDepts(null);
            await invalidate();
            await qc.invalidateQueries({ queryKey: trpc.department.list.pathKey() });
          }}
        />
      )}
    </div>
  );
}
