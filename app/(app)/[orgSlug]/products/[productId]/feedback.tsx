"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ThumbsUp, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { FEEDBACK_SOURCES, FEEDBACK_STATUSES } from "@/server/products/schema";
import { can } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { Section, type Me } from "./product-detail";
import type { ProductView } from "./types";

type FeedbackItem = ProductView["feedback"][number];

const STATUS_STYLE: Record<string, string> = {
  new: "",
  planned: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  done: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  declined: "bg-zinc-200 text-zinc-600 line-through dark:bg-zinc-800 dark:text-zinc-400",
};

/** Feedback and ideas, most wanted first (votes weighted by importance); anyone who works here adds and votes. */
export function Feedback({ product: p, me, mayUpdateProduct }: { product: ProductView; me: Me; mayUpdateProduct: boolean }) {
  const t = useTranslations("products.feedback");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const format = useFormatter();
  const mayAdd = can(org.role, "product.feedback");
  const vote = useMutation(trpc.product.vote.mutationOptions());
  const update = useMutation(trpc.product.updateFeedback.mutationOptions());
  const remove = useMutation(trpc.product.deleteFeedback.mutationOptions());
  const [adding, setAdding] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.get.queryKey({ orgSlug: org.slug, productId: p.id }) });

  const toggleVote = async (f: FeedbackItem) => {
    try {
      await vote.mutateAsync({ orgSlug: org.slug, feedbackId: f.id, vote: !f.votedByMe });
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };
  const setStatus = async (f: FeedbackItem, status: (typeof FEEDBACK_STATUSES)[number]) => {
    try {
      await update.mutateAsync({
        orgSlug: org.slug,
        feedbackId: f.id,
        version: f.version,
        status,
        title: f.title,
        detail: f.detail,
        source: f.source,
        account: f.account,
        importance: f.importance,
        initiativeId: f.initiativeId,
        keyResultId: f.keyResultId,
      });
      toast.success(t("statusChanged"));
      await refresh();
    } catch (e) {
      showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  };
  const onDelete = async (f: FeedbackItem) => {
    try {
      await remove.mutateAsync({ orgSlug: org.slug, feedbackId: f.id });
      toast.success(t("deleted"));
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  return (
    <Section
      title={t("title")}
      actions={
        mayAdd &&
        !adding && (
          <Button size="sm" variant="secondary" onClick={() => setAdding(true)} data-testid="feedback-add">
            {t("add")}
          </Button>
        )
      }
    >
      {adding && <FeedbackForm productId={p.id} options={p.linkOptions} onDone={() => setAdding(false)} />}
      {p.feedback.length === 0 ? (
        !adding && <p className="text-sm text-zinc-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="feedback-list">
          {p.feedback.map((f) => {
            const mayEdit = f.authorId === me.userId || mayUpdateProduct;
            return (
              <li key={f.id} className="flex gap-3 py-3">
                <button
                  type="button"
                  onClick={() => void toggleVote(f)}
                  disabled={!mayAdd || vote.isPending}
                  aria-pressed={f.votedByMe}
                  aria-label={f.votedByMe ? t("unvote", { title: f.title }) : t("vote", { title: f.title })}
                  className={cn(
                    "flex h-12 w-11 shrink-0 flex-col items-center justify-center rounded-md border text-xs tabular-nums",
                    f.votedByMe ? "border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-900/30 dark:text-brand-300" : "border-zinc-200 dark:border-zinc-700",
                  )}
                  data-testid="feedback-vote"
                >
                  <ThumbsUp className="size-3.5" aria-hidden />
                  {f.voteCount}
                </button>
                <div className="min-w-0 flex-1 text-sm">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="font-medium">{f.title}</span>
                    <Badge className={STATUS_STYLE[f.status]}>{t(`status.${f.status}`)}</Badge>
                    <Badge>{t(`source.${f.source}`)}</Badge>
                    <span className="text-xs text-amber-600" aria-label={t("importanceLabel", { n: f.importance })} title={t("importanceLabel", { n: f.importance })}>
                      {"★".repeat(f.importance)}
                      <span className="text-zinc-300 dark:text-zinc-700">{"★".repeat(3 - f.importance)}</span>
                    </span>
                  </div>
                  {f.detail && <p className="mt-0.5 whitespace-pre-line text-zinc-700 dark:text-zinc-300">{f.detail}</p>}
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {[f.account, f.authorName, format.dateTime(new Date(f.createdAt), { dateStyle: "medium" })].filter(Boolean).join(" · ")}
                    {f.initiativeTitle && ` · ${t("linkedInitiative", { title: f.initiativeTitle })}`}
                    {f.keyResultTitle && ` · ${t("linkedKr", { title: f.keyResultTitle })}`}
                  </p>
                </div>
                {mayEdit && (
                  <div className="flex shrink-0 items-start gap-1">
                    <Select
                      aria-label={t("statusFor", { title: f.title })}
                      value={f.status}
                      onChange={(e) => void setStatus(f, e.target.value as (typeof FEEDBACK_STATUSES)[number])}
                      className="h-8 w-28 py-1 text-xs"
                    >
                      {FEEDBACK_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`status.${s}`)}
                        </option>
                      ))}
                    </Select>
                    <Button variant="ghost" size="sm" onClick={() => void onDelete(f)} aria-label={t("deleteFor", { title: f.title })}>
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function FeedbackForm({ productId, options, onDone }: { productId: string; options: ProductView["linkOptions"]; onDone: () => void }) {
  const t = useTranslations("products.feedback");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const add = useMutation(trpc.product.addFeedback.mutationOptions());
  const [v, setV] = useState({
    title: "",
    detail: "",
    source: "customer" as (typeof FEEDBACK_SOURCES)[number],
    account: "",
    importance: 2,
    keyResultId: null as string | null,
    initiativeId: null as string | null,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!v.title.trim()) {
      setErrors({ title: "v.required" });
      return;
    }
    try {
      await add.mutateAsync({ orgSlug: org.slug, productId, ...v });
      toast.success(t("added"));
      await qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
      onDone();
    } catch (ex) {
      const fields = errorData(ex).fieldErrors ?? {};
      const next = Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, m.join(" ")]));
      if (Object.keys(next).length) setErrors(next);
      else showServerError(ex);
    }
  };

  return (
    <form onSubmit={submit} className="mb-4 space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" noValidate data-testid="feedback-form">
      <Field label={t("titleField")} error={err(errors.title)}>
        {(a) => <Input {...a} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} autoFocus />}
      </Field>
      <Field label={t("detail")} error={err(errors.detail)}>
        {(a) => <Textarea {...a} rows={2} value={v.detail} onChange={(e) => setV({ ...v, detail: e.target.value })} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("sourceField")} error={err(errors.source)}>
          {(a) => (
            <Select {...a} value={v.source} onChange={(e) => setV({ ...v, source: e.target.value as (typeof FEEDBACK_SOURCES)[number] })}>
              {FEEDBACK_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`source.${s}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("account")} error={err(errors.account)}>
          {(a) => <Input {...a} value={v.account} onChange={(e) => setV({ ...v, account: e.target.value })} />}
        </Field>
        <Field label={t("importance")} error={err(errors.importance)}>
          {(a) => (
            <Select {...a} value={v.importance} onChange={(e) => setV({ ...v, importance: Number(e.target.value) })}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {t(`importanceLevel.${n}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {(options.keyResults.length > 0 || options.initiatives.length > 0) && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("linkKr")} error={err(errors.keyResultId)}>
            {(a) => (
              <Select {...a} value={v.keyResultId ?? ""} onChange={(e) => setV({ ...v, keyResultId: e.target.value || null })}>
                <option value="">{t("noLink")}</option>
                {options.keyResults.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.title}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("linkInitiative")} error={err(errors.initiativeId)}>
            {(a) => (
              <Select {...a} value={v.initiativeId ?? ""} onChange={(e) => setV({ ...v, initiativeId: e.target.value || null })}>
                <option value="">{t("noLink")}</option>
                {options.initiatives.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.title}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      )}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          {tc("cancel")}
        </Button>
        <Button type="submit" loading={add.isPending} data-testid="feedback-save">
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
