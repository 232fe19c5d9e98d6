"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import {
  ArrowLeft,
  Check,
  CheckCircle2,
  Circle,
  Clock,
  ExternalLink,
  Info,
  Lock,
  MessageSquare,
  MinusCircle,
  RotateCcw,
  ShieldAlert,
  UserCheck,
  X,
  XCircle,
} from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "@/server/validation";
import type { AppRouter } from "@/server/api/root";
import { ZDecideInput } from "@/server/approvals/schema";
import { MentionComposer, useMentionMembers } from "@/app/_components/app/comments";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { Field, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { EscalatedBadge, OverdueBadge, RequestStatusBadge, useSubjectTypeLabel } from "../shared";
import { ChangesCard, diffObjectiveSet, isObjectiveSet, ObjectiveSetView, type ObjectiveDiff } from "./objective-set";
import { CampaignRequestView, isCampaignSnapshot, useCampaignFormat } from "./campaign-request";
import { isGateSnapshot, StageGateRequestView } from "./stage-gate-request";
import { isAcceptanceSnapshot, RiskAcceptanceRequestView } from "./risk-acceptance-request";

type Request = inferRouterOutputs<AppRouter>["approval"]["get"];
type Decision = "approve" | "reject" | "request_changes";

export function RequestDetail({ requestId }: { requestId: string }) {
  const t = useTranslations("approvals.detail");
  const tc = useTranslations("common");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const typeLabel = useSubjectTypeLabel();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: r } = useSuspenseQuery(trpc.approval.get.queryOptions({ orgSlug: org.slug, requestId }));
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const cancel = useMutation(trpc.approval.cancel.mutationOptions());

  /** Decisions move objectives and campaigns between states: refresh every approval, OKR and campaign view. */
  const invalidate = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.approval.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.campaign.pathKey() }),
    ]);

  const pending = r.status === "pending";
  const objectiveSet = isObjectiveSet(r.snapshot) ? r.snapshot : null;
  const campaign = isCampaignSnapshot(r.snapshot) ? r.snapshot : null;
  const diff: ObjectiveDiff[] = objectiveSet && r.current ? diffObjectiveSet(objectiveSet, r.current, r.status) : [];
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="space-y-6">
      <Link
        href={`/${org.slug}/approvals`}
        className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <ArrowLeft className="size-4" aria-hidden /> {t("back")}
      </Link>

      <Card className="p-5">
        <div className="mb-2 flex flex-wrap items-center gap-1.5">
          <Badge>{typeLabel(r.subjectType)}</Badge>
          <RequestStatusBadge status={r.status} />
          {r.overdue && <OverdueBadge />}
          {r.escalatedAt && <EscalatedBadge />}
        </div>
        <h1 className="text-xl font-semibold tracking-tight break-words">{r.title}</h1>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <Meta label={t("requester")}>{r.requesterName ?? t("someone")}</Meta>
          <Meta label={t("department")}>{r.departmentName ?? t("noDepartment")}</Meta>
          <Meta label={t("created")}>
            <time dateTime={r.createdAt.toISOString()} title={format.relativeTime(r.createdAt, now)}>
              {when(r.createdAt)}
            </time>
          </Meta>
          {pending ? (
            <Meta label={t("due")}>
              <time
                dateTime={r.dueAt.toISOString()}
                className={cn(r.overdue && "font-semibold text-red-700 dark:text-red-300")}
                data-testid="request-due"
              >
                {when(r.dueAt)}
              </time>
              {r.overdue && <span className="text-red-700 dark:text-red-300"> · {format.relativeTime(r.dueAt, now)}</span>}
            </Meta>
          ) : (
            r.decidedAt && (
              <Meta label={r.status === "cancelled" ? t("withdrawnAt") : t("decidedAt")}>
                <time dateTime={r.decidedAt.toISOString()}>{when(r.decidedAt)}</time>
              </Meta>
            )
          )}
        </dl>
        {objectiveSet?.period.id && objectiveSet.department.id && (
          <Link
            href={`/${org.slug}/okrs?period=${objectiveSet.period.id}&dept=${objectiveSet.department.id}`}
            className="mt-3 inline-flex items-center gap-1 text-sm text-brand-600 hover:underline"
          >
            {t("openOkrs")} <ExternalLink className="size-3.5" aria-hidden />
          </Link>
        )}
        {campaign && (
          <Link href={`/${org.slug}/campaigns/${campaign.campaign.id}`} className="mt-3 inline-flex items-center gap-1 text-sm text-brand-600 hover:underline">
            {t("openCampaign")} <ExternalLink className="size-3.5" aria-hidden />
          </Link>
        )}
      </Card>

      {pending && (
        <div className="space-y-3">
          {objectiveSet && (
            <Note icon={Lock}>{t("lockedNote")}</Note>
          )}
          {campaign && <Note icon={Lock}>{campaign.kind === "campaign_budget" ? t("lockedNoteBudget") : t("lockedNoteLaunch")}</Note>}
          {r.me.isRequester && (
            <Note icon={Info} action={r.me.canCancel && <Button variant="secondary" size="sm" onClick={() => setWithdrawing(true)}>{t("withdraw")}</Button>}>
              {t("ownRequest")}
            </Note>
          )}
          {!r.me.isRequester && r.me.canCancel && !r.me.canDecide && (
            <Note icon={Info} action={<Button variant="secondary" size="sm" onClick={() => setWithdrawing(true)}>{t("cancelRequest")}</Button>}>
              {t("adminMayCancel")}
            </Note>
          )}
          {r.me.canDecide && (
            <Card className="border-brand-200 p-4 dark:border-brand-600/40" data-testid="decision-bar">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium">{t("yourDecision", { n: r.currentStep + 1, m: r.steps.length })}</p>
                  {r.me.capacity === "delegate" && (
                    <p className="mt-0.5 flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400">
                      <UserCheck className="size-4 shrink-0" aria-hidden /> {t("asDelegate")}
                    </p>
                  )}
                  {r.me.capacity === "override" && (
                    <p className="mt-0.5 flex items-center gap-1.5 text-amber-700 dark:text-amber-300">
                      <ShieldAlert className="size-4 shrink-0" aria-hidden /> {t("asOverride")}
                    </p>
                  )}
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button onClick={() => setDeciding("approve")} data-testid="approve">
                    <Check className="size-4" aria-hidden /> {t("action.approve")}
                  </Button>
                  <Button variant="secondary" onClick={() => setDeciding("request_changes")} data-testid="request-changes">
                    <RotateCcw className="size-4" aria-hidden /> {t("action.request_changes")}
                  </Button>
                  <Button variant="danger" onClick={() => setDeciding("reject")} data-testid="reject">
                    <X className="size-4" aria-hidden /> {t("action.reject")}
                  </Button>
                </div>
              </div>
              {r.me.canCancel && (
                <div className="mt-3 border-t border-zinc-100 pt-3 text-right dark:border-zinc-800">
                  <Button variant="ghost" size="sm" onClick={() => setWithdrawing(true)}>
                    {t("cancelRequest")}
                  </Button>
                </div>
              )}
            </Card>
          )}
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {diff.length > 0 && <ChangesCard diff={diff} pending={pending} />}
          {objectiveSet ? (
            <ObjectiveSetView snapshot={objectiveSet} diff={diff} />
          ) : campaign ? (
            <CampaignRequestView snapshot={campaign} steps={r.steps} departmentName={r.departmentName} />
          ) : r.subjectType === "stage_gate" && isGateSnapshot(r.snapshot) ? (
            <StageGateRequestView snapshot={r.snapshot} />
          ) : r.subjectType === "risk_acceptance" && isAcceptanceSnapshot(r.snapshot) ? (
            <RiskAcceptanceRequestView snapshot={r.snapshot} />
          ) : (
            <Card className="p-4 text-sm text-zinc-600 dark:text-zinc-400">{t("noPreview")}</Card>
          )}
        </div>
        <div className="min-w-0 space-y-6">
          <StepTimeline request={r} />
          <Comments request={r} />
        </div>
      </div>

      {deciding && (
        <DecisionDialog
          request={r}
          decision={deciding}
          onClose={() => setDeciding(null)}
          onDone={async () => {
            setDeciding(null);
            await invalidate();
          }}
        />
      )}
      <ConfirmDialog
        open={withdrawing}
        onOpenChange={setWithdrawing}
        title={r.me.isRequester ? t("withdrawTitle") : t("cancelTitle")}
        description={
          objectiveSet
            ? t("withdrawBodyOkrs")
            : campaign
              ? campaign.kind === "campaign_budget"
                ? t("withdrawBodyBudget")
                : t("withdrawBodyLaunch")
              : t("withdrawBody")
        }
        confirmLabel={r.me.isRequester ? t("withdraw") : t("cancelRequest")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={cancel.isPending}
        confirmTestId="confirm-withdraw"
        onConfirm={async () => {
          try {
            await cancel.mutateAsync({ orgSlug: org.slug, requestId: r.id });
            toast.success(t("withdrawn"));
            setWithdrawing(false);
          } catch (e) {
            setWithdrawing(false);
            showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
          } finally {
            await invalidate();
          }
        }}
      />
    </div>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

function Note({ icon: Icon, children, action }: { icon: React.ComponentType<{ className?: string }>; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-300">
      <p className="flex min-w-0 items-start gap-2">
        <Icon className="mt-0.5 size-4 shrink-0 text-zinc-500" />
        <span>{children}</span>
      </p>
      {action}
    </div>
  );
}

const STEP_ICON: Record<string, { icon: React.ComponentType<{ className?: string }>; className: string }> = {
  approved: { icon: CheckCircle2, className: "text-emerald-600 dark:text-emerald-400" },
  rejected: { icon: XCircle, className: "text-red-600 dark:text-red-400" },
  changes_requested: { icon: RotateCcw, className: "text-orange-600 dark:text-orange-400" },
  pending: { icon: Clock, className: "text-amber-600 dark:text-amber-400" },
  waiting: { icon: Circle, className: "text-zinc-400" },
  cancelled: { icon: MinusCircle, className: "text-zinc-400" },
};

function StepTimeline({ request: r }: { request: Request }) {
  const t = useTranslations("approvals.steps");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const ruleLabel = (rule: Request["steps"][number]["rule"]) => {
    if (rule.kind === "department_managers") return t("rule.departmentManagers");
    if (rule.kind === "role") return t("rule.roles", { roles: rule.roles.map((x) => tr(x)).join(" / ") });
    return t("rule.users");
  };
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading" className="mb-2 text-lg font-semibold">
        {t("heading")}
      </h2>
      <Card className="p-4">
        <ol className="space-y-5">
          {r.steps.map((s, i) => {
            const { icon: Icon, className } = STEP_ICON[s.status] ?? STEP_ICON.waiting!;
            const decisions = r.decisions.filter((d) => d.stepId === s.id);
            const current = r.status === "pending" && s.position === r.currentStep;
            return (
              <li key={s.id} className="relative flex gap-3" aria-current={current ? "step" : undefined} data-testid={`step-${s.position}`}>
                {i < r.steps.length - 1 && <span className="absolute left-[9px] top-6 bottom-[-1.25rem] w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden />}
                <Icon className={cn("relative mt-0.5 size-5 shrink-0 bg-white dark:bg-zinc-900", className)} aria-hidden />
                <div className="min-w-0 flex-1 space-y-1 text-sm">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="font-medium">{t("step", { n: s.position + 1 })}</span>
                    <Badge className={cn(current && "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300")}>
                      {t.has(`status.${s.status}`) ? t(`status.${s.status}`) : s.status}
                    </Badge>
                    {s.escalated && (
                      <Badge className="bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300">{t("escalated")}</Badge>
                    )}
                  </div>
                  <p className="text-zinc-600 dark:text-zinc-400">
                    {ruleLabel(s.rule)}
                    {s.mode === "all" && ` · ${t("modeAll")}`}
                  </p>
                  <p className="text-xs text-zinc-500">
                    {s.approverNames.length ? t("approvers", { names: s.approverNames.join(", ") }) : t("noApprovers")}
                  </p>
                  {decisions.length > 0 && (
                    <ul className="mt-2 space-y-2">
                      {decisions.map((d) => (
                        <li key={d.id} className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-800/50" data-testid="decision">
                          <p className="font-medium">
                            {d.onBehalfOfName
                              ? t(`decisionOnBehalf.${d.decision}`, { name: d.deciderName ?? t("someone"), onBehalfOf: d.onBehalfOfName })
                              : t(`decision.${d.decision}`, { name: d.deciderName ?? t("someone") })}
                          </p>
                          <time className="text-xs text-zinc-500" dateTime={d.createdAt.toISOString()}>
                            {format.dateTime(d.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                          </time>
                          {d.comment && <p className="mt-1 whitespace-pre-line break-words text-zinc-700 dark:text-zinc-300">{d.comment}</p>}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      </Card>
    </section>
  );
}

/** Comments on the request; members may be @mentioned (they are notified), with the same box as every comment. */
function Comments({ request: r }: { request: Request }) {
  const t = useTranslations("approvals.comments");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const members = useMentionMembers();
  const add = useMutation(trpc.approval.comment.mutationOptions());
  const onSubmit = async (body: string, mentionIds: string[]) => {
    try {
      await add.mutateAsync({ orgSlug: org.slug, requestId: r.id, body, mentionIds });
      toast.success(t("added"));
    } finally {
      await qc.invalidateQueries({ queryKey: trpc.approval.get.queryKey({ orgSlug: org.slug, requestId: r.id }) });
    }
  };
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading" className="mb-2 flex items-center gap-2 text-lg font-semibold">
        <MessageSquare className="size-4 text-zinc-500" aria-hidden /> {t("heading")}
      </h2>
      <Card className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {r.comments.length === 0 ? (
          <p className="px-4 py-3 text-zinc-500">{t("none")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="comments">
            {r.comments.map((c) => (
              <li key={c.id} className="px-4 py-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-medium">{c.authorName ?? t("someone")}</span>
                  <time
                    className="text-xs text-zinc-500"
                    dateTime={c.createdAt.toISOString()}
                    title={format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  >
                    {format.relativeTime(new Date(Math.min(c.createdAt.getTime(), now.getTime())), now)}
                  </time>
                </div>
                <p className="mt-1 whitespace-pre-line break-words text-zinc-700 dark:text-zinc-300">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
        <div className="p-4">
          <MentionComposer
            members={members}
            label={t("add")}
            submitLabel={t("submit")}
            submitTestId="approval-comment-submit"
            maxLength={2000}
            pending={add.isPending}
            onSubmit={onSubmit}
            resetOnSubmit
          />
        </div>
      </Card>
    </section>
  );
}

/** Reject and request changes need a comment, like the server (field error "comment"). */
const ZDecisionForm = ZDecideInput.refine((v) => v.decision === "approve" || v.comment.trim() !== "", {
  path: ["comment"],
  message: "e.commentRequired",
});

function DecisionDialog({
  request: r,
  decision,
  onClose,
  onDone,
}: {
  request: Request;
  decision: Decision;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const t = useTranslations("approvals.detail");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const form = useForm<z.input<typeof ZDecisionForm>, unknown, z.output<typeof ZDecisionForm>>({
    resolver: zodResolver(ZDecisionForm),
    defaultValues: { requestId: r.id, decision, comment: "", step: r.currentStep },
  });
  const decide = useMutation(trpc.approval.decide.mutationOptions());
  const cf = useCampaignFormat();
  const campaign = isCampaignSnapshot(r.snapshot) ? r.snapshot : null;
  const lastStep = r.currentStep >= r.steps.length - 1;
  // What the decision does to the subject: OKRs return to draft, a campaign is approved with its budget locked…
  const description = campaign
    ? t(`dialog.${decision}.${campaign.kind === "campaign_budget" ? "budget" : "launch"}${decision === "approve" && !lastStep ? "Next" : ""}`, {
        title: r.title,
        amount: cf.money(campaign.requestedMinor, campaign.currency),
        approved: cf.money(campaign.approvedMinor, campaign.currency),
      })
    : r.subjectType === "objective_set"
      ? t(`dialog.${decision}.description`, { title: r.title })
      : t(`dialog.${decision}.generic`, { title: r.title });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await decide.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t(`toast.${decision}`, { title: r.title }));
      await onDone();
    } catch (e) {
      if (errorData(e).code === "CONFLICT") {
        // Someone else decided first ("already decided by X"): show it and the request as it is now.
        showServerError(e);
        await onDone();
        return;
      }
      showServerError(e, { setError: form.setError, fields: ["comment"] });
    }
  });
  const required = decision !== "approve";
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t(`dialog.${decision}.title`)} description={description} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field
            label={required ? t("commentRequired") : t("commentOptional")}
            error={err(form.formState.errors.comment?.message)}
          >
            {(p) => <Textarea {...p} rows={4} autoFocus maxLength={2000} aria-required={required} data-testid="decision-comment" {...form.register("comment")} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" variant={decision === "reject" ? "danger" : "primary"} loading={decide.isPending} data-testid="confirm-decision">
              {t(`action.${decision}`)}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
