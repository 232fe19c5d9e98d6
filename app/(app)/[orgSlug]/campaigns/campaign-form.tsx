"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useForm, type Control, type UseFormReturn } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateCampaignInput } from "@/server/campaigns/schema";
import { CURRENCY_CODES } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";

export type CampaignFormValues = z.input<typeof ZCreateCampaignInput>;
export type CampaignFormOutput = z.output<typeof ZCreateCampaignInput>;
export type CampaignForm = UseFormReturn<CampaignFormValues, unknown, CampaignFormOutput>;

/** The fields of a campaign the edit dialog starts from (a subset of campaign.get). */
export interface EditableCampaign {
  id: string;
  version: number;
  status: string;
  name: string;
  description: string;
  departmentId: string | null;
  ownerId: string;
  teamMemberIds: string[];
  channels: string[];
  audience: string;
  audienceTags: string[];
  startsOn: string;
  endsOn: string;
  tags: string[];
  currency: string;
  goals: { metric: CampaignFormOutput["goals"][number]["metric"]; customName: string; target: number }[];
  keyResultLinks: {
    keyResultId: string;
    feedMetric: CampaignFormOutput["goals"][number]["metric"] | null;
    feedCustomName: string;
  }[];
  productId: string | null;
}

const FIELDS = [
  "name",
  "description",
  "departmentId",
  "ownerId",
  "teamMemberIds",
  "channels",
  "audience",
  "audienceTags",
  "startsOn",
  "endsOn",
  "tags",
  "currency",
  "goals",
  "keyResultLinks",
  "productId",
] as const;
/** Field paths of the server's errors that have a place in the form (nested rows of goals and KR links included). */
const formField = (path: string) => FIELDS.some((f) => path === f || path.startsWith(`${f}.`));

type Props = {
  onClose: () => void;
  /** Extra sections of the form (the edit dialog adds team, goals and key results). */
  extra?: (form: CampaignForm) => React.ReactNode;
} & (
  | { mode?: "create"; myUserId: string; myDepartmentId?: string }
  | { mode: "edit"; campaign: EditableCampaign }
);

/**
 * New or edit campaign: validated with the server's own schema; the server's errors (plan locked after
 * approval, channel in use, currency in use…) appear next to their fields.
 */
export function CampaignFormDialog(props: Props) {
  const t = useTranslations("campaigns.form");
  const tcamp = useTranslations("campaigns");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const editing = props.mode === "edit" ? props.campaign : null;
  const settings = useQuery(trpc.campaign.settings.queryOptions({ orgSlug: org.slug }));
  const products = useQuery(trpc.product.list.queryOptions({ orgSlug: org.slug }));
  const form: CampaignForm = useForm<CampaignFormValues, unknown, CampaignFormOutput>({
    resolver: zodResolver(ZCreateCampaignInput),
    defaultValues: editing
      ? {
          name: editing.name,
          description: editing.description,
          departmentId: editing.departmentId,
          ownerId: editing.ownerId,
          teamMemberIds: editing.teamMemberIds,
          channels: editing.channels,
          audience: editing.audience,
          audienceTags: editing.audienceTags,
          startsOn: editing.startsOn,
          endsOn: editing.endsOn,
          tags: editing.tags,
          currency: editing.currency,
          goals: editing.goals,
          keyResultLinks: editing.keyResultLinks,
          productId: editing.productId,
        }
      : {
          name: "",
          description: "",
          departmentId: props.mode !== "edit" ? (props.myDepartmentId ?? null) : null,
          ownerId: props.mode !== "edit" ? props.myUserId : "",
          channels: [],
          audience: "",
          startsOn: "",
          endsOn: "",
          tags: [],
          currency: undefined,
          productId: null,
        },
  });
  const create = useMutation(trpc.campaign.create.mutationOptions());
  const update = useMutation(trpc.campaign.update.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.campaign.pathKey() });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      if (editing) {
        await update.mutateAsync({
          ...v,
          orgSlug: org.slug,
          campaignId: editing.id,
          version: editing.version,
        });
        toast.success(t("saved"));
        await refresh();
        props.onClose();
      } else {
        const created = await create.mutateAsync({ ...v, orgSlug: org.slug });
        toast.success(t("created"));
        await refresh();
        props.onClose();
        router.push(`/${org.slug}/campaigns/${created.id}`);
      }
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter(formField);
      showServerError(e, {
        setError: form.setError,
        fields,
        reloadLabel: tc("reload"),
        onReload: () => void refresh(),
      });
    }
  });

  const e = form.formState.errors;
  const channelLabel = (c: string) => (tcamp.has(`channel.${c}`) ? tcamp(`channel.${c}`) : c);
  // A campaign keeps channels the organisation has since removed from its list.
  const channels = [...new Set([...(settings.data?.channels ?? []), ...(editing?.channels ?? [])])];
  const locked =
    editing && (editing.status === "approved" || editing.status === "live")
      ? t("lockedAfterApproval")
      : undefined;
  const channelsError = err(e.channels?.message ?? e.channels?.root?.message);
  const channelsErrId = useId();

  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()}>
      <DialogContent
        title={editing ? t("editTitle") : t("newTitle")}
        closeLabel={tc("close")}
        className="max-w-2xl"
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="campaign-form">
          <Field label={t("name")} error={err(e.name?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("name")} />}
          </Field>
          <Field label={t("description")} error={err(e.description?.message)}>
            {(p) => <Textarea {...p} rows={3} {...form.register("description")} />}
          </Field>
          <Controller
            control={form.control}
            name="channels"
            render={({ field }) => (
              <fieldset
                aria-describedby={channelsError ? channelsErrId : undefined}
                aria-invalid={channelsError ? true : undefined}
              >
                <legend className="mb-1.5 text-sm font-medium">{t("channels")}</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1.5">
                  {channels.map((c) => (
                    <label key={c} className="flex items-center gap-1.5 text-sm">
                      <input
                        type="checkbox"
                        className="size-4"
                        name={field.name}
                        value={c}
                        checked={(field.value ?? []).includes(c)}
                        onBlur={field.onBlur}
                        onChange={(ev) => {
                          const now = new Set(field.value ?? []);
                          if (ev.target.checked) now.add(c);
                          else now.delete(c);
                          // Always an array, in the order of the list, however many are ticked.
                          field.onChange(channels.filter((x) => now.has(x)));
                        }}
                      />
                      {channelLabel(c)}
                    </label>
                  ))}
                </div>
                {channelsError && (
                  <p id={channelsErrId} className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">
                    {channelsError}
                  </p>
                )}
              </fieldset>
            )}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("startsOn")} error={err(e.startsOn?.message)} hint={locked}>
              {(p) => <Input {...p} type="date" {...form.register("startsOn")} />}
            </Field>
            <Field label={t("endsOn")} error={err(e.endsOn?.message)} hint={locked}>
              {(p) => <Input {...p} type="date" {...form.register("endsOn")} />}
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
            <Field label={t("department")} error={err(e.departmentId?.message)} hint={locked}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="departmentId"
                  render={({ field }) => (
                    <Select
                      {...p}
                      {...field}
                      value={field.value ?? ""}
                      onChange={(ev) => field.onChange(ev.target.value || null)}
                    >
                      <option value="">{t("noDepartment")}</option>
                      <DepartmentOptions />
                    </Select>
                  )}
                />
              )}
            </Field>
            <Field
              label={t("currency")}
              error={err(e.currency?.message)}
              hint={locked ?? (settings.data && t("currencyHint", { base: settings.data.baseCurrency }))}
            >
              {(p) => (
                <Controller
                  control={form.control}
                  name="currency"
                  render={({ field }) => (
                    <Select
                      {...p}
                      {...field}
                      value={field.value ?? ""}
                      onChange={(ev) => field.onChange(ev.target.value || undefined)}
                    >
                      {!editing && <option value="">{t("baseCurrency")}</option>}
                      {CURRENCY_CODES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </Select>
                  )}
                />
              )}
            </Field>
            <Field label={t("audience")} error={err(e.audience?.message)}>
              {(p) => <Input {...p} {...form.register("audience")} />}
            </Field>
            <Field label={t("product")} error={err(e.productId?.message)} hint={t("productHint")}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="productId"
                  render={({ field }) => (
                    <Select {...p} {...field} value={field.value ?? ""} onChange={(ev) => field.onChange(ev.target.value || null)} data-testid="campaign-product">
                      <option value="">{t("noProduct")}</option>
                      {products.data?.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name}
                        </option>
                      ))}
                    </Select>
                  )}
                />
              )}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("audienceTags")}
              error={err(e.audienceTags?.message ?? e.audienceTags?.[0]?.message)}
              hint={t("audienceTagsHint")}
            >
              {(p) => <ListInput {...p} control={form.control} name="audienceTags" />}
            </Field>
            <Field
              label={t("tags")}
              error={err(e.tags?.message ?? e.tags?.[0]?.message)}
              hint={t("tagsHint")}
            >
              {(p) => <ListInput {...p} control={form.control} name="tags" />}
            </Field>
          </div>
          {props.extra?.(form)}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={props.onClose}>
              {tc("cancel")}
            </Button>
            <Button
              type="submit"
              loading={create.isPending || update.isPending}
              data-testid="campaign-form-submit"
            >
              {editing ? t("save") : t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** A comma-separated text input bound to an array of strings. */
function ListInput({
  control,
  name,
  ...rest
}: {
  control: Control<CampaignFormValues, unknown, CampaignFormOutput>;
  name: "tags" | "audienceTags";
} & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <ListText {...rest} value={field.value ?? []} onBlur={field.onBlur} onValue={field.onChange} />
      )}
    />
  );
}

function ListText({
  value,
  onValue,
  ...rest
}: { value: string[]; onValue: (v: string[]) => void } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "value"
>) {
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
