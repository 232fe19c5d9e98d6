"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { formatMinor, parseAmount, sumMinor } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Input, Select } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { td, th, thead, useCampaignFormat, useRefreshCampaign, type CampaignData } from "./shared";

interface Row {
  key: number;
  channel: string;
  category: string;
  amount: string;
}
type RowErrors = Partial<Record<"channel" | "category" | "amount" | "currency", string>>;

/**
 * Edits the plan as a whole list of lines, saved at once with the campaign's version (setBudgetLines).
 * Amounts are typed in major units and parsed exactly into minor units; all lines are in the
 * campaign's currency, as the server requires.
 */
export function BudgetEditor({ c, onDone }: { c: CampaignData; onDone: () => void }) {
  const t = useTranslations("campaigns.detail");
  const tb = useTranslations("campaigns.detail.budgetEditor");
  const tc = useTranslations("common");
  const err = useErrorText();
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const save = useMutation(trpc.campaign.setBudgetLines.mutationOptions());
  const nextKey = useRef(c.budgetLines.length);
  const [rows, setRows] = useState<Row[]>(() =>
    c.budgetLines.map((l, i) => ({
      key: i,
      channel: l.channel,
      category: l.category,
      amount: formatMinor(l.amountMinor, c.currency),
    })),
  );
  const [errors, setErrors] = useState<Record<number, RowErrors>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (key: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () =>
    setRows((rs) => [
      ...rs,
      { key: nextKey.current++, channel: c.channels[0] ?? "", category: "", amount: "" },
    ]);
  const remove = (key: number) => setRows((rs) => rs.filter((r) => r.key !== key));

  const parsed = rows.map((r) => parseAmount(r.amount, c.currency));
  const total = parsed.every((p) => p != null && p >= 0) ? sumMinor(parsed as number[]) : null;
  const approved = c.totals.approvedMinor;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: Record<number, RowErrors> = {};
    rows.forEach((r, i) => {
      const p = parsed[i];
      if (p == null || p < 0) local[i] = { amount: t("invalidAmount") };
      if (!r.channel) local[i] = { ...local[i], channel: "v.required" };
    });
    setFormError(null);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const res = await save.mutateAsync({
        orgSlug: org.slug,
        campaignId: c.id,
        version: c.version,
        lines: rows.map((r, i) => ({
          channel: r.channel,
          category: r.category,
          amountMinor: parsed[i]!,
          currency: c.currency,
        })),
      });
      toast.success(res.needsBudgetApproval ? tb("savedNeedsApproval") : tb("saved"));
      await refresh();
      onDone();
    } catch (x) {
      const fe = errorData(x).fieldErrors;
      const rowErrors: Record<number, RowErrors> = {};
      let shown = false;
      for (const [path, msgs] of Object.entries(fe ?? {})) {
        const m = /^lines\.(\d+)\.(channel|category|amountMinor|currency)$/.exec(path);
        if (m) {
          const field = m[2] === "amountMinor" ? "amount" : (m[2] as keyof RowErrors);
          rowErrors[Number(m[1])] = { ...rowErrors[Number(m[1])], [field]: msgs.join(" ") };
          shown = true;
        } else if (path === "lines") {
          setFormError(msgs.join(" "));
          shown = true;
        }
      }
      setErrors(rowErrors);
      if (!shown) showServerError(x, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3"
      data-testid="budget-editor"
      aria-label={tb("title")}
    >
      {(c.status === "approved" || c.status === "live") && approved != null && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {tb("approvedHint", { approved: f.money(approved) })}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500">{tb("empty")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[36rem] text-sm">
            <thead>
              <tr className={thead}>
                <th scope="col" className={th}>
                  {t("channel")}
                </th>
                <th scope="col" className={th}>
                  {t("category")}
                </th>
                <th scope="col" className={th}>
                  {t("amount")}
                </th>
                <th scope="col" className={th}>
                  {tb("currency")}
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">{tc("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const e = errors[i] ?? {};
                const errId = `budget-row-${r.key}-err`;
                const anyError = e.channel ?? e.category ?? e.amount ?? e.currency;
                return (
                  <tr key={r.key} className="align-top" data-testid="budget-line-row">
                    <td className={td}>
                      <Select
                        aria-label={tb("lineChannel", { n: i + 1 })}
                        aria-invalid={e.channel ? true : undefined}
                        aria-describedby={anyError ? errId : undefined}
                        value={r.channel}
                        onChange={(ev) => set(r.key, { channel: ev.target.value })}
                      >
                        {c.channels.map((ch) => (
                          <option key={ch} value={ch}>
                            {f.channel(ch)}
                          </option>
                        ))}
                      </Select>
                    </td>
                    <td className={td}>
                      <Input
                        aria-label={tb("lineCategory", { n: i + 1 })}
                        aria-invalid={e.category ? true : undefined}
                        placeholder={tb("categoryPlaceholder")}
                        maxLength={80}
                        value={r.category}
                        onChange={(ev) => set(r.key, { category: ev.target.value })}
                      />
                    </td>
                    <td className={td}>
                      <Input
                        aria-label={tb("lineAmount", { n: i + 1, currency: c.currency })}
                        aria-invalid={e.amount ? true : undefined}
                        aria-describedby={anyError ? errId : undefined}
                        inputMode="decimal"
                        placeholder="0.00"
                        className="text-right tabular-nums"
                        value={r.amount}
                        onChange={(ev) => set(r.key, { amount: ev.target.value })}
                      />
                      {anyError && (
                        <p id={errId} className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">
                          {[e.channel, e.category, e.amount, e.currency]
                            .filter(Boolean)
                            .map((m) => err(m))
                            .join(" ")}
                        </p>
                      )}
                    </td>
                    <td className={`${td} pt-4 text-zinc-500`}>{c.currency}</td>
                    <td className={td}>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={tb("removeLine", { n: i + 1 })}
                        onClick={() => remove(r.key)}
                      >
                        <Trash2 className="size-4" aria-hidden />
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {formError && <p className="text-xs font-medium text-red-600 dark:text-red-400">{err(formError)}</p>}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={add}
          disabled={rows.length >= 100}
          data-testid="budget-line-add"
        >
          <Plus className="size-4" aria-hidden /> {tb("addLine")}
        </Button>
        <p className="text-sm" aria-live="polite">
          {tb("total")}{" "}
          <span className="font-semibold tabular-nums">{total == null ? "—" : f.money(total)}</span>
          {total != null && approved != null && total > approved && (
            <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">{tb("aboveApproved")}</span>
          )}
        </p>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          {tc("cancel")}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid="budget-save">
          {tb("save")}
        </Button>
      </div>
    </form>
  );
}
