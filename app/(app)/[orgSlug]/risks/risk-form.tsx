"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateRiskInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useRiskLabels } from "@/app/_components/risks/risk-ui";

type Values = z.input<typeof ZCreateRiskInput>;
type Output = z.output<typeof ZCreateRiskInput>;

/** The fields of a risk the edit dialog starts from (a subset of risk.get). */
export interface EditableRisk {
  id: string;
  version: number;
  title: string;
  description: string;
  category: string;
  ownerId: string;
  departmentId: string | null;
  causes: string;
  consequences: string;
  tags: string[];
  links: {
    objectiveId: string | null;
    objectiveTitle: string | null;
    campaignId: string | null;
    campaignName: string | null;
    productId: string | null;
    productName: string | null;
  }[];
}

const FIELDS = ["title", "description", "category", "ownerId", "departmentId", "causes", "consequences", "tags", "links"] as const;
const formField = (path: string) => FIELDS.some((f) => path === f || path.startsWith(`${f}.`));

type Props = { onClose: () => void } & (
  | { mode?: "create"; me: { userId: string; departmentIds: string[]; managedDepartmentIds: string[] } }
  | { mode: "edit"; risk: EditableRisk }
);

/**
 * New or edit risk, validated with the server's own schema; the server's errors (unknown category,
 * a link to something outside the organisation, out of scope…) appear next to their fields.
 */
export function RiskFormDialog(props: Props) {
  const t = useTranslations("risks.form");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const labels = useRiskLabels();
  const editing = props.mode === "edit" ? props.risk : null;
  const settings = useQuery(trpc.risk.settings.queryOptions({ orgSlug: org.slug }));
  // Subscribed here too so the owner and department selects re-apply their values once the options arrive.
  useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const me = props.mode !== "edit" ? props.me : null;
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZCreateRiskInput),
    defaultValues: editing
      ? {
          title: editing.title,
          description: editing.description,
          category: editing.category,
          ownerId: editing.ownerId,
          departmentId: editing.departmentId,
          causes: editing.causes,
          consequences: editing.consequences,
          tags: editing.tags,
          links: {
            objectiveIds: editing.links.flatMap((l) => (l.objectiveId ? [l.objectiveId] : [])),
            campaignIds: editing.links.flatMap((l) => (l.campaignId ? [l.campaignId] : [])),
            productIds: editing.links.flatMap((l) => (l.productId ? [l.productId] : [])),
          },
        }
      : {
          title: "",
          description: "",
          category: settings.data?.categories[0] ?? "",
          ownerId: me?.userId ?? "",
          departmentId: me?.managedDepartmentIds[0] ?? me?.departmentIds[0] ?? null,
          causes: "",
          consequences: "",
          tags: [],
          links: { objectiveIds: [], campaignIds: [], productIds: [] },
        },
  });
  const create = useMutation(trpc.risk.create.mutationOptions());
  const update = useMutation(trpc.risk.update.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      if (editing) {
        await update.mutateAsync({ ...v, orgSlug: org.slug, riskId: editing.id, version: editing.version });
        toast.success(t("saved"));
        await refresh();
        props.onClose();
      } else {
        const created = await create.mutateAsync({ ...v, orgSlug: org.slug });
        toast.success(t("created"));
        await refresh();
        props.onClose();
        router.push(`/${org.slug}/risks/${created.id}`);
      }
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter(formField);
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });

  const e = form.formState.errors;
  // A risk keeps a category the organisation has since removed.
  const categories = [...new Set([...(settings.data?.categories ?? []), ...(editing ? [editing.category] : [])])];
  const known = {
    objectives: Object.fromEntries((editing?.links ?? []).flatMap((l) => (l.objectiveId ? [[l.objectiveId, l.objectiveTitle ?? ""]] : []))),
    campaigns: Object.fromEntries((editing?.links ?? []).flatMap((l) => (l.campaignId ? [[l.campaignId, l.campaignName ?? ""]] : []))),
    products: Object.fromEntries((editing?.links ?? []).flatMap((l) => (l.productId ? [[l.productId, l.productName ?? ""]] : []))),
  };

  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()}>
      <DialogContent title={editing ? t("editTitle") : t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="risk-form">
          <Field label={t("title")} error={err(e.title?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("title")} data-testid="risk-title" />}
          </Field>
          <Field label={t("description")} error={err(e.description?.message)}>
            {(p) => <Textarea {...p} rows={3} {...form.register("description")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label={t("category")} error={err(e.category?.message)}>
              {(p) => (
                <Select {...p} {...form.register("category")} data-testid="risk-category">
                  {!categories.length && <option value="">—</option>}
                  {categories.map((c) => (
                    <option key={c} value={c}>
                      {labels.category(c)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="ownerId"
                  render={({ field }) => (
                    <Select {...p} {...field} value={field.value ?? ""}>
                      <MemberOptions />
                    </Select>
                  )}
                />
              )}
            </Field>
            <Field label={t("department")} error={err(e.departmentId?.message)}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="departmentId"
                  render={({ field }) => (
                    <Select {...p} {...field} value={field.value ?? ""} onChange={(ev) => field.onChange(ev.target.value || null)}>
                      <option value="">{t("noDepartment")}</option>
                      <DepartmentOptions />
                    </Select>
                  )}
                />
              )}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("causes")} error={err(e.causes?.message)} hint={t("causesHint")}>
              {(p) => <Textarea {...p} rows={3} {...form.register("causes")} />}
            </Field>
            <Field label={t("consequences")} error={err(e.consequences?.message)} hint={t("consequencesHint")}>
              {(p) => <Textarea {...p} rows={3} {...form.register("consequences")} />}
            </Field>
          </div>
          <Field label={t("tags")} error={err(e.tags?.message ?? e.tags?.[0]?.message)} hint={t("tagsHint")}>
            {(p) => (
              <Controller
                control={form.control}
                name="tags"
                render={({ field }) => <ListText {...p} value={field.value ?? []} onBlur={field.onBlur} onValue={field.onChange} />}
              />
            )}
          </Field>

          <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <legend className="px-1 text-sm font-medium">{t("links")}</legend>
            <p className="text-xs text-zinc-500">{t("linksHint")}</p>
            {e.links?.message && <p className="text-xs font-medium text-red-600 dark:text-red-400">{err(e.links.message)}</p>}
            <Controller
              control={form.control}
              name="links.objectiveIds"
              render={({ field }) => (
                <ObjectivePicker value={field.value ?? []} onChange={field.onChange} known={known.objectives} error={err(e.links?.objectiveIds?.message)} />
              )}
            />
            <Controller
              control={form.control}
              name="links.campaignIds"
              render={({ field }) => <CampaignPicker value={field.value ?? []} onChange={field.onChange} known={known.campaigns} error={err(e.links?.campaignIds?.message)} />}
            />
            <Controller
              control={form.control}
              name="links.productIds"
              render={({ field }) => <ProductPicker value={field.value ?? []} onChange={field.onChange} known={known.products} error={err(e.links?.productIds?.message)} />}
            />
          </fieldset>

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={props.onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="risk-save">
              {editing ? t("save") : t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ListText({ value, onValue, ...rest }: { value: string[]; onValue: (v: string[]) => void } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "value">) {
  const [text, setText] = useState(() => value.join(", "));
  return (
    <Input
      {...rest}
      value={text}
      onChange={(ev) => {
        setText(ev.target.value);
        onValue(
          ev.target.value
            .split(/[,，]/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

interface PickerProps {
  value: string[];
  onChange: (v: string[]) => void;
  known: Record<string, string>;
  error?: string;
}

function ObjectivePicker(props: PickerProps) {
  const t = useTranslations("risks.form");
  const org = useOrg();
  const trpc = useTRPC();
  const periods = useQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const [periodId, setPeriodId] = useState("");
  const period = periodId || (periods.data?.find((p) => p.status === "active") ?? periods.data?.[0])?.id || "";
  const objectives = useQuery({ ...trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: period }), enabled: !!period });
  const selectId = useId();
  return (
    <LinkPicker
      {...props}
      label={t("objectives")}
      testId="risk-link-objectives"
      options={(objectives.data ?? []).map((o) => ({ id: o.id, label: o.title }))}
      loading={objectives.isLoading}
      toolbar={
        <span className="flex items-center gap-1.5">
          <label htmlFor={selectId} className="text-xs text-zinc-500">
            {t("period")}
          </label>
          <Select id={selectId} value={period} onChange={(e) => setPeriodId(e.target.value)} className="h-8 w-auto! py-0.5 text-xs">
            {periods.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </span>
      }
    />
  );
}

function CampaignPicker(props: PickerProps) {
  const t = useTranslations("risks.form");
  const org = useOrg();
  const trpc = useTRPC();
  const campaigns = useQuery(trpc.campaign.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  return (
    <LinkPicker
      {...props}
      label={t("campaigns")}
      testId="risk-link-campaigns"
      options={(campaigns.data?.items ?? []).map((c) => ({ id: c.id, label: c.name }))}
      loading={campaigns.isLoading}
    />
  );
}

function ProductPicker(props: PickerProps) {
  const t = useTranslations("risks.form");
  const org = useOrg();
  const trpc = useTRPC();
  const products = useQuery(trpc.product.list.queryOptions({ orgSlug: org.slug }));
  return (
    <LinkPicker
      {...props}
      label={t("products")}
      testId="risk-link-products"
      options={(products.data ?? []).map((p) => ({ id: p.id, label: p.name }))}
      loading={products.isLoading}
    />
  );
}

/** A simple multi-select: the chosen items as removable chips, then a filterable list of checkboxes. */
function LinkPicker({
  label,
  options,
  value,
  onChange,
  known,
  error,
  loading,
  toolbar,
  testId,
}: PickerProps & { label: string; options: { id: string; label: string }[]; loading: boolean; toolbar?: React.ReactNode; testId: string }) {
  const t = useTranslations("risks.form");
  const [filter, setFilter] = useState("");
  const id = useId();
  const names: Record<string, string> = { ...known };
  for (const o of options) names[o.id] = o.label;
  const shown = options.filter((o) => !filter || o.label.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (oid: string, on: boolean) => onChange(on ? [...value, oid] : value.filter((x) => x !== oid));
  return (
    <div className="space-y-1.5" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={`${id}-label`} className="text-sm font-medium">
          {label}
        </span>
        {toolbar}
      </div>
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label={t("chosen", { what: label })}>
          {value.map((v) => (
            <li key={v} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-2 pr-1 text-xs text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">
              {names[v] || t("unknownItem")}
              <button type="button" onClick={() => toggle(v, false)} aria-label={t("remove", { name: names[v] || t("unknownItem") })} className="rounded-full p-0.5 hover:bg-brand-100 dark:hover:bg-brand-700/50">
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="rounded-md border border-zinc-200 dark:border-zinc-800" role="group" aria-labelledby={`${id}-label`}>
        {options.length > 6 && (
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t("filterPlaceholder")}
            aria-label={t("filterLabel", { what: label })}
            className="block w-full border-b border-zinc-200 bg-transparent px-2 py-1.5 text-xs focus:outline-none dark:border-zinc-800"
          />
        )}
        <div className="max-h-32 overflow-y-auto p-1">
          {loading ? (
            <p className="px-1 py-1 text-xs text-zinc-500">{t("loadingOptions")}</p>
          ) : shown.length === 0 ? (
            <p className="px-1 py-1 text-xs text-zinc-500">{t("noOptions")}</p>
          ) : (
            shown.map((o) => (
              <label key={o.id} className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800">
                <input type="checkbox" className="size-4 shrink-0" checked={value.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />
                <span className="truncate">{o.label}</span>
              </label>
            ))
          )}
        </div>
      </div>
      {error && <p className="text-xs font-medium text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}
