"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { UserCheck } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "@/server/validation";
import { ZDate } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

/** The server's ZDelegateInput, with "choose someone" instead of "invalid id" for an empty choice. */
const ZForm = z
  .object({ delegateId: z.string().min(1), startsOn: ZDate, endsOn: ZDate })
  .refine((v) => v.endsOn >= v.startsOn, { message: "e.endBeforeStart", path: ["endsOn"] });
type Values = z.input<typeof ZForm>;

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const utcDay = (s: string) => new Date(`${s}T00:00:00Z`);

/** Out of office: who decides my approvals while I am away, and whose approvals I decide. */
export function DelegationCard({ myUserId }: { myUserId: string }) {
  const t = useTranslations("approvals.delegation");
  const tc = useTranslations("common");
  const err = useErrorText();
  const format = useFormatter();
  const now = useNow();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: delegations } = useSuspenseQuery(trpc.approval.delegations.queryOptions({ orgSlug: org.slug }));
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const candidates = (members.data?.items ?? []).filter((m) => m.userId !== myUserId && m.role !== "viewer");
  const today = isoDay(now);

  const form = useForm<Values>({
    resolver: zodResolver(ZForm),
    defaultValues: { delegateId: "", startsOn: today, endsOn: isoDay(addDays(now, 6)) },
  });
  const create = useMutation(trpc.approval.delegate.mutationOptions());
  const revoke = useMutation(trpc.approval.revokeDelegation.mutationOptions());
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.approval.delegations.pathKey() });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({ orgSlug: org.slug, ...v });
      const name = candidates.find((m) => m.userId === v.delegateId)?.name ?? "";
      toast.success(t("created", { name }));
      form.reset({ delegateId: "", startsOn: v.startsOn, endsOn: v.endsOn });
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["delegateId", "startsOn", "endsOn"] });
    } finally {
      await invalidate();
    }
  });

  const range = (d: { startsOn: string; endsOn: string }) =>
    d.startsOn === d.endsOn
      ? format.dateTime(utcDay(d.startsOn), { dateStyle: "medium", timeZone: "UTC" })
      : format.dateTimeRange(utcDay(d.startsOn), utcDay(d.endsOn), { dateStyle: "medium", timeZone: "UTC" });

  return (
    <Card className="p-5" data-testid="delegation-card">
      <h2 className="flex items-center gap-2 font-semibold">
        <UserCheck className="size-4 text-zinc-500" aria-hidden /> {t("title")}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>

      {delegations.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-500">{t("none")}</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
          {delegations.map((d) => {
            const active = d.startsOn <= today;
            return (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2" data-testid="delegation-row">
                <div className="min-w-0">
                  <div className="font-medium">
                    {d.mine ? t("toDelegate", { name: d.delegateName }) : t("fromDelegator", { name: d.delegatorName })}
                  </div>
                  <div className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
                    <span>{range(d)}</span>
                    <Badge
                      className={
                        active ? "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300" : undefined
                      }
                    >
                      {active ? t("active") : t("scheduled")}
                    </Badge>
                  </div>
                </div>
                {d.mine && (
                  <Button variant="secondary" size="sm" onClick={() => setRevoking({ id: d.id, name: d.delegateName })}>
                    {t("revoke")}
                    <span className="sr-only">: {t("toDelegate", { name: d.delegateName })}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-3 border-t border-zinc-100 pt-4 dark:border-zinc-800">
        <h3 className="text-sm font-medium">{t("newTitle")}</h3>
        <Field label={t("delegate")} error={err(form.formState.errors.delegateId?.message)}>
          {(p) => (
            <Select {...p} {...form.register("delegateId")} data-testid="delegate-select">
              <option value="">{members.isPending ? t("loadingMembers") : t("chooseMember")}</option>
              {candidates.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("startsOn")} error={err(form.formState.errors.startsOn?.message)}>
            {(p) => <Input {...p} type="date" {...form.register("startsOn")} />}
          </Field>
          <Field label={t("endsOn")} error={err(form.formState.errors.endsOn?.message)}>
            {(p) => <Input {...p} type="date" {...form.register("endsOn")} />}
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" loading={create.isPending}>
            {t("submit")}
          </Button>
        </div>
      </form>

      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={t("revokeTitle")}
        description={revoking && t("revokeBody", { name: revoking.name })}
        confirmLabel={t("revoke")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={revoke.isPending}
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await revoke.mutateAsync({ orgSlug: org.slug, delegationId: revoking.id });
            toast.success(t("revoked", { name: revoking.name }));
            setRevoking(null);
          } catch (e) {
            showServerError(e);
          } finally {
            await invalidate();
          }
        }}
      />
    </Card>
  );
}
