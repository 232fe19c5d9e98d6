"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Controller, useFieldArray, useWatch } from "react-hook-form";
import { CAMPAIGN_METRICS } from "@/server/campaigns/schema";
import { formatMinor, parseAmount } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import type { CampaignForm } from "../campaign-form";

type Metric = (typeof CAMPAIGN_METRICS)[number];

const errClass = "mt-1 text-xs font-medium text-red-600 dark:text-red-400";
/** A group of the form, set apart by a rule above it (on a wrapper: a fieldset's border runs through its legend). */
const groupClass = "space-y-2";
const Group = ({ children }: { children: React.ReactNode }) => (
  <div className="border-t border-zinc-100 pt-4 dark:border-zinc-800">{children}</div>
);

/** Team members, goals and linked key results: the parts of the plan only the edit dialog shows. */
export function PlanFields({
  form,
  currency,
  knownKeyResults,
}: {
  form: CampaignForm;
  currency: string;
  /** Titles of the key results already linked, so their rows read well before the pickers load. */
  knownKeyResults: Record<string, { title: string; objectiveTitle: string }>;
}) {
  return (
    <>
      <TeamField form={form} />
      <GoalsField form={form} currency={currency} />
      <KeyResultLinksField form={form} known={knownKeyResults} />
    </>
  );
}

function TeamField({ form }: { form: CampaignForm }) {
  const t = useTranslations("campaigns.form");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const ownerId = useWatch({ control: form.control, name: "ownerId" });
  const e = form.formState.errors.teamMemberIds;
  return (
    <Controller
      control={form.control}
      name="teamMemberIds"
      render={({ field }) => (
        <Group>
          <fieldset className={groupClass}>
            <legend className="text-sm font-medium">{t("team")}</legend>
            <p className="text-xs text-zinc-500">{t("teamHint")}</p>
            <div className="grid max-h-40 gap-1.5 overflow-y-auto sm:grid-cols-2">
              {members.data?.items
                .filter((m) => m.userId !== ownerId && m.role !== "viewer")
                .map((m) => (
                  <label key={m.userId} className="flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      className="size-4"
                      checked={(field.value ?? []).includes(m.userId)}
                      onChange={(ev) => {
                        const now = (field.value ?? []).filter((id) => id !== m.userId);
                        field.onChange(ev.target.checked ? [...now, m.userId] : now);
                      }}
                    />
                    {m.name}
                  </label>
                ))}
            </div>
            {e && <p className={errClass}>{err(e.message ?? e.root?.message)}</p>}
          </fieldset>
        </Group>
      )}
    />
  );
}

function GoalsField({ form, currency }: { form: CampaignForm; currency: string }) {
  const t = useTranslations("campaigns.form");
  const tcamp = useTranslations("campaigns");
  const err = useErrorText();
  const goals = useFieldArray({ control: form.control, name: "goals" });
  const values = useWatch({ control: form.control, name: "goals" }) ?? [];
  const formCurrency = useWatch({ control: form.control, name: "currency" }) ?? currency;
  const errors = form.formState.errors.goals;
  return (
    <Group>
      <fieldset className={groupClass}>
        <legend className="text-sm font-medium">{t("goals")}</legend>
        <p className="text-xs text-zinc-500">{t("goalsHint")}</p>
        {goals.fields.length === 0 && <p className="text-sm text-zinc-500">{t("noGoals")}</p>}
        {goals.fields.map((g, i) => {
          const metric = (values[i]?.metric ?? g.metric) as Metric;
          const rowErr = errors?.[i];
          return (
            <div
              key={g.id}
              className="grid items-start gap-2 sm:grid-cols-[1fr_1fr_1fr_auto]"
              data-testid="goal-row"
            >
              <Field label={t("goalMetric", { n: i + 1 })} error={err(rowErr?.metric?.message)}>
                {(p) => (
                  <Select {...p} {...form.register(`goals.${i}.metric`)}>
                    {CAMPAIGN_METRICS.map((m) => (
                      <option key={m} value={m}>
                        {tcamp(`resultMetric.${m}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              {metric === "custom" ? (
                <Field label={t("customName")} error={err(rowErr?.customName?.message)}>
                  {(p) => <Input {...p} {...form.register(`goals.${i}.customName`)} />}
                </Field>
              ) : (
                <div className="hidden sm:block" />
              )}
              <Field
                label={metric === "revenue" ? t("targetIn", { currency: formCurrency }) : t("target")}
                error={err(rowErr?.target?.message)}
              >
                {(p) => (
                  <Controller
                    control={form.control}
                    name={`goals.${i}.target`}
                    render={({ field }) => (
                      <NumberText
                        {...p}
                        key={`${metric === "revenue" ? formCurrency : "count"}`}
                        money={metric === "revenue" ? formCurrency : null}
                        value={field.value}
                        onValue={field.onChange}
                        onBlur={field.onBlur}
                      />
                    )}
                  />
                )}
              </Field>
              <div className="sm:pt-6">
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={t("removeGoal", { n: i + 1 })}
                  onClick={() => goals.remove(i)}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </div>
            </div>
          );
        })}
        <Button
          variant="secondary"
          size="sm"
          onClick={() => goals.append({ metric: "leads", customName: "", target: 0 })}
          disabled={goals.fields.length >= 20}
          data-testid="goal-add"
        >
          <Plus className="size-4" aria-hidden /> {t("addGoal")}
        </Button>
      </fieldset>
    </Group>
  );
}

/**
 * A whole-number or money text box bound to a number: counts as typed, money in major units parsed
 * exactly into minor units. Unreadable text becomes NaN, which the schema reports next to the field.
 */
function NumberText({
  value,
  onValue,
  money,
  ...rest
}: { value: number | undefined; onValue: (v: number) => void; money: string | null } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "value"
>) {
  const show = (v: number | undefined) =>
    v == null || Number.isNaN(v) ? "" : money ? formatMinor(v, money) : String(v);
  const [text, setText] = useState(() => show(value));
  return (
    <Input
      {...rest}
      inputMode={money ? "decimal" : "numeric"}
      value={text}
      onChange={(ev) => {
        const s = ev.target.value;
        setText(s);
        const n = money ? parseAmount(s, money) : /^\s*\d+\s*$/.test(s) ? Number(s.trim()) : null;
        onValue(n == null ? NaN : n);
      }}
    />
  );
}

function KeyResultLinksField({
  form,
  known,
}: {
  form: CampaignForm;
  known: Record<string, { title: string; objectiveTitle: string }>;
}) {
  const t = useTranslations("campaigns.form");
  const tcamp = useTranslations("campaigns");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const links = useFieldArray({ control: form.control, name: "keyResultLinks" });
  const values = useWatch({ control: form.control, name: "keyResultLinks" }) ?? [];
  const periods = useQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const [periodId, setPeriodId] = useState("");
  const period =
    periodId || (periods.data?.find((p) => p.status === "active") ?? periods.data?.[0])?.id || "";
  const objectives = useQuery({
    ...trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: period }),
    enabled: !!period,
  });
  const [pick, setPick] = useState("");
  const periodSelectId = useId();
  const krSelectId = useId();
  const errors = form.formState.errors.keyResultLinks;
  const titles: Record<string, { title: string; objectiveTitle: string }> = { ...known };
  for (const o of objectives.data ?? [])
    for (const kr of o.keyResults) titles[kr.id] = { title: kr.title, objectiveTitle: o.title };
  const linked = new Set(values.map((l) => l.keyResultId));

  return (
    <Group>
      <fieldset className={groupClass}>
        <legend className="text-sm font-medium">{t("keyResults")}</legend>
        <p className="text-xs text-zinc-500">{t("keyResultsHint")}</p>
        {errors?.message && <p className={errClass}>{err(errors.message)}</p>}
        {links.fields.length === 0 && <p className="text-sm text-zinc-500">{t("noKeyResults")}</p>}
        <ul className="space-y-2">
          {links.fields.map((l, i) => {
            const info = titles[values[i]?.keyResultId ?? l.keyResultId];
            const feed = values[i]?.feedMetric ?? null;
            const rowErr = errors?.[i];
            return (
              <li
                key={l.id}
                className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800"
                data-testid="kr-link-row"
              >
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium">{info?.title ?? t("unknownKeyResult")}</p>
                    {info && <p className="text-xs text-zinc-500">{info.objectiveTitle}</p>}
                  </div>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("unlink", { title: info?.title ?? "" })}
                    onClick={() => links.remove(i)}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </div>
                <div className="mt-2 grid gap-2 sm:grid-cols-2">
                  <Field
                    label={t("feedMetric")}
                    error={err(rowErr?.feedMetric?.message)}
                    hint={t("feedHint")}
                  >
                    {(p) => (
                      <Controller
                        control={form.control}
                        name={`keyResultLinks.${i}.feedMetric`}
                        render={({ field }) => (
                          <Select
                            {...p}
                            value={field.value ?? ""}
                            onBlur={field.onBlur}
                            onChange={(ev) => field.onChange(ev.target.value || null)}
                          >
                            <option value="">{t("noFeed")}</option>
                            {CAMPAIGN_METRICS.map((m) => (
                              <option key={m} value={m}>
                                {tcamp(`resultMetric.${m}`)}
                              </option>
                            ))}
                          </Select>
                        )}
                      />
                    )}
                  </Field>
                  {feed === "custom" && (
                    <Field label={t("customName")} error={err(rowErr?.feedCustomName?.message)}>
                      {(p) => <Input {...p} {...form.register(`keyResultLinks.${i}.feedCustomName`)} />}
                    </Field>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-36 space-y-1.5">
            <label
              htmlFor={periodSelectId}
              className="block text-xs font-medium text-zinc-600 dark:text-zinc-400"
            >
              {t("period")}
            </label>
            <Select
              id={periodSelectId}
              value={period}
              onChange={(ev) => {
                setPeriodId(ev.target.value);
                setPick("");
              }}
            >
              {periods.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="min-w-48 flex-1 space-y-1.5">
            <label
              htmlFor={krSelectId}
              className="block text-xs font-medium text-zinc-600 dark:text-zinc-400"
            >
              {t("keyResult")}
            </label>
            <Select
              id={krSelectId}
              value={pick}
              onChange={(ev) => setPick(ev.target.value)}
              disabled={!objectives.data}
            >
              <option value="">{objectives.isLoading ? t("loading") : t("chooseKeyResult")}</option>
              {objectives.data?.map((o) =>
                o.keyResults.length ? (
                  <optgroup key={o.id} label={o.title}>
                    {o.keyResults.map((kr) => (
                      <option key={kr.id} value={kr.id} disabled={linked.has(kr.id)}>
                        {kr.title}
                      </option>
                    ))}
                  </optgroup>
                ) : null,
              )}
            </Select>
          </div>
          <Button
            variant="secondary"
            disabled={!pick || linked.has(pick) || links.fields.length >= 20}
            onClick={() => {
              links.append({ keyResultId: pick, feedMetric: null, feedCustomName: "" });
              setPick("");
            }}
            data-testid="kr-link-add"
          >
            <Plus className="size-4" aria-hidden /> {t("link")}
          </Button>
        </div>
      </fieldset>
    </Group>
  );
}
