"use client";

import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { parseAmount, toBaseMinor } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import {
  formGrid,
  tbody,
  td,
  th,
  thead,
  todayIso,
  useCampaignFormat,
  useRefreshCampaign,
  type CampaignData,
  type CampaignPermissions,
} from "./shared";

type Spend = CampaignData["spend"][number];

/** Spend entries (newest last, as entered), with delete, and the form to record more. */
export function SpendList({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const tc = useTranslations("common");
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const del = useMutation(trpc.campaign.deleteSpend.mutationOptions());
  const [deleting, setDeleting] = useState<Spend | null>(null);
  const foreign = c.currency !== c.base.currency;

  const remove = async () => {
    if (!deleting) return;
    try {
      await del.mutateAsync({ orgSlug: org.slug, spendId: deleting.id });
      toast.success(t("spendDeleted"));
      setDeleting(null);
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  return (
    <>
      <h3 className="mb-2 mt-6 text-sm font-semibold">{t("spendEntries")}</h3>
      {c.spend.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noSpend")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="spend-entries">
            <thead>
              <tr className={thead}>
                <th scope="col" className={th}>
                  {t("date")}
                </th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>
                  {t("channel")}
                </th>
                <th scope="col" className={th}>
                  {t("vendor")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("amount")}
                </th>
                {may.spend && (
                  <th scope="col" className={th}>
                    <span className="sr-only">{tc("actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className={tbody}>
              {c.spend.map((s) => {
                const base = foreign
                  ? toBaseMinor(s.amountMinor, s.currency, c.base.currency, c.base.rate)
                  : null;
                return (
                  <tr key={s.id} data-testid="spend-row">
                    <td className={`${td} whitespace-nowrap`}>{f.date(s.spentOn)}</td>
                    <td className={`${td} hidden sm:table-cell`}>{f.channel(s.channel)}</td>
                    <td className={td}>
                      {s.vendor || "—"}
                      <p className="text-xs text-zinc-500 sm:hidden">{f.channel(s.channel)}</p>
                      {s.note && <p className="text-xs text-zinc-500">{s.note}</p>}
                    </td>
                    <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                      {f.money(s.amountMinor, s.currency)}
                      {base != null && (
                        <p className="text-xs text-zinc-500">
                          {t("inBase", { amount: f.money(base, c.base.currency) })}
                        </p>
                      )}
                    </td>
                    {may.spend && (
                      <td className={`${td} w-10`}>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={t("deleteSpendLabel", {
                            amount: f.money(s.amountMinor, s.currency),
                            date: f.date(s.spentOn),
                          })}
                          onClick={() => setDeleting(s)}
                          data-testid="spend-delete"
                        >
                          <Trash2 className="size-4" aria-hidden />
                        </Button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {may.spend && <SpendForm c={c} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("deleteSpendTitle")}
        description={
          deleting &&
          t("deleteSpendBody", {
            amount: f.money(deleting.amountMinor, deleting.currency),
            date: f.date(deleting.spentOn),
          })
        }
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={remove}
        confirmTestId="spend-delete-confirm"
      />
    </>
  );
}

function SpendForm({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const err = useErrorText();
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const record = useMutation(trpc.campaign.recordSpend.mutationOptions());
  const [spentOn, setSpentOn] = useState(todayIso);
  const [channel, setChannel] = useState(c.channels[0] ?? "");
  const [amount, setAmount] = useState("");
  const [vendor, setVendor] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const minor = parseAmount(amount, c.currency);
    if (minor == null || minor < 0) return setErrors({ amountMinor: t("invalidAmount") });
    setErrors({});
    try {
      const res = await record.mutateAsync({
        orgSlug: org.slug,
        campaignId: c.id,
        spentOn,
        channel,
        amountMinor: minor,
        vendor,
        note,
      });
      if (res.overBudget) toast.warning(t("spendRecordedOver"));
      else toast.success(t("spendRecorded"));
      // Cleared only if not retyped meanwhile.
      setAmount((x) => (x === amount ? "" : x));
      setVendor((x) => (x === vendor ? "" : x));
      setNote((x) => (x === note ? "" : x));
      await refresh();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (field, v) => setErrors((s) => ({ ...s, [field]: v.message ?? "" })),
        fields: ["spentOn", "channel", "amountMinor", "vendor", "note", "currency"],
      });
    }
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className={`${formGrid} sm:grid-cols-2 lg:grid-cols-6`}
      aria-label={t("recordSpend")}
    >
      <h3 className="text-sm font-semibold sm:col-span-2 lg:col-span-6">{t("recordSpend")}</h3>
      <Field label={t("date")} error={err(errors.spentOn)}>
        {(p) => <Input {...p} type="date" value={spentOn} onChange={(e) => setSpentOn(e.target.value)} />}
      </Field>
      <Field label={t("channel")} error={err(errors.channel)}>
        {(p) => (
          <Select {...p} value={channel} onChange={(e) => setChannel(e.target.value)}>
            {c.channels.map((ch) => (
              <option key={ch} value={ch}>
                {f.channel(ch)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label={t("amountIn", { currency: c.currency })}
        error={err(errors.amountMinor ?? errors.currency)}
      >
        {(p) => (
          <Input
            {...p}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            placeholder="0.00"
          />
        )}
      </Field>
      <Field label={t("vendor")} error={err(errors.vendor)}>
        {(p) => <Input {...p} value={vendor} maxLength={200} onChange={(e) => setVendor(e.target.value)} />}
      </Field>
      <Field label={t("note")} error={err(errors.note)}>
        {(p) => <Input {...p} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="lg:pt-6">
        <Button type="submit" loading={record.isPending} data-testid="spend-add" className="w-full lg:w-auto">
          {t("recordSpend")}
        </Button>
      </div>
    </form>
  );
}
