"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Check, ChevronLeft, Pencil, Trash2 } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { can } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { SectionCard as Section } from "@/app/_components/ui/section-card";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import type { GateTarget } from "../gate-dialog";
import { useStageLabel } from "../shared";
import { Checklist } from "./checklist";
import { Feedback } from "./feedback";
import { GateHistory, StageHistory } from "./history";
import { StagePlan } from "./stage-plan";
import { LazyComments as Comments } from "@/app/_components/app/comments-lazy";

const ProductFormDialog = dynamic(() => import("../product-form").then((m) => m.ProductFormDialog));
const GateDialog = dynamic(() => import("../gate-dialog").then((m) => m.GateDialog));

export { Section };

export interface Me {
  userId: string;
  departmentIds: string[];
  managedDepartmentIds: string[];
}


export function ProductDetail({ productId, me }: { productId: string; me: Me }) {
  const t = useTranslations("products");
  const td = useTranslations("products.detail");
  const tc = useTranslations("common");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const stageLabel = useStageLabel();
  const { data: p } = useSuspenseQuery(trpc.product.get.queryOptions({ orgSlug: org.slug, productId }));
  const actor = { ...me, role: org.role };
  const subject = { departmentId: p.departmentId, ownerId: p.ownerId };
  const mayUpdate = can(actor, "product.update", subject);
  const mayDelete = can(actor, "product.delete", subject);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [gate, setGate] = useState<GateTarget | null>(null);
  const remove = useMutation(trpc.product.delete.mutationOptions());
  const stage = p.stages[p.stageIndex];
  const isLast = p.stageIndex === p.stages.length - 1;

  const onDelete = async () => {
    try {
      await remove.mutateAsync({ orgSlug: org.slug, productId: p.id });
      toast.success(td("deleted"));
      await qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
      router.push(`/${org.slug}/products`);
    } catch (e) {
      showServerError(e);
    }
  };

  return (
    <div className="space-y-4">
      <div>
        <Link href={`/${org.slug}/products`} className="inline-flex items-center gap-1 text-sm text-brand-600 hover:underline">
          <ChevronLeft className="size-4" aria-hidden /> {td("back")}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="mb-1 flex flex-wrap items-center gap-1.5">
              <Badge className="bg-brand-50 text-brand-700 dark:bg-brand-900/30 dark:text-brand-300" data-testid="product-stage">
                {stageLabel(stage)}
              </Badge>
              <span className="text-xs text-zinc-500">{t("daysInStage", { days: p.daysInStage })}</span>
              {p.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
            <h1 className="text-2xl font-semibold tracking-tight">{p.name}</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {td("ownedBy", { name: p.ownerName })}
              {" · "}
              {p.departmentName ?? td("noDepartment")}
            </p>
            {p.description && <p className="mt-2 max-w-3xl whitespace-pre-line text-sm">{p.description}</p>}
          </div>
          <div className="flex flex-wrap gap-2">
            {mayUpdate && !isLast && !p.pendingGate && (
              <Button onClick={() => setGate({ productId: p.id, mode: "advance" })} data-testid="request-gate">
                {t("requestGate")}
              </Button>
            )}
            {mayUpdate && p.stageIndex > 0 && !p.pendingGate && (
              <Button variant="secondary" onClick={() => setGate({ productId: p.id, mode: "back" })} data-testid="move-back">
                {t("moveBack")}
              </Button>
            )}
            {mayUpdate && (
              <Button variant="secondary" onClick={() => setEditing(true)} data-testid="product-edit">
                <Pencil className="size-4" aria-hidden /> {tc("edit")}
              </Button>
            )}
            {mayDelete && (
              <Button variant="ghost" onClick={() => setDeleting(true)} aria-label={tc("delete")} data-testid="product-delete">
                <Trash2 className="size-4" aria-hidden />
              </Button>
            )}
          </div>
        </div>
      </div>

      <ol className="flex flex-wrap gap-1" aria-label={td("lifecycle")}>
        {p.stages.map((s, i) => (
          <li
            key={s.id}
            aria-current={i === p.stageIndex ? "step" : undefined}
            className={cn(
              "flex items-center gap-1 rounded-full border px-3 py-1 text-xs",
              i < p.stageIndex && "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300",
              i === p.stageIndex && "border-brand-500 bg-brand-600 font-semibold text-white",
              i > p.stageIndex && "border-zinc-200 text-zinc-500 dark:border-zinc-800",
            )}
          >
            {i < p.stageIndex && <Check className="size-3" aria-hidden />}
            {stageLabel(s)}
          </li>
        ))}
      </ol>

      {p.pendingGate && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30" role="status" data-testid="pending-gate">
          {td("pendingGate", { stage: stageLabel((p.pendingGate.snapshot as { toStage: { key: string | null; name: string } }).toStage) })}{" "}
          <Link className="font-medium text-brand-700 underline dark:text-brand-300" href={`/${org.slug}/approvals/${p.pendingGate.requestId}`}>
            {td("openRequest")}
          </Link>
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Checklist product={p} mayUpdate={mayUpdate} />
          <Feedback product={p} me={me} mayUpdateProduct={mayUpdate} />
          <Comments entityType="product" entityId={p.id} />
          <StagePlan product={p} mayUpdate={mayUpdate} />
        </div>
        <div className="space-y-4">
          <Section title={td("linked")}>
            <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{td("objectives")}</h3>
            {p.objectives.length === 0 ? (
              <p className="mb-3 text-sm text-zinc-500">{td("noObjectives")}</p>
            ) : (
              <ul className="mb-3 space-y-1 text-sm">
                {p.objectives.map((o) => (
                  <li key={o.id}>
                    <Link className="text-brand-600 hover:underline" href={`/${org.slug}/okrs/o/${o.id}`}>
                      {o.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{td("campaigns")}</h3>
            {p.campaigns.length === 0 ? (
              <p className="text-sm text-zinc-500">{td("noCampaigns")}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {p.campaigns.map((c) => (
                  <li key={c.id} className="flex items-center justify-between gap-2">
                    <Link className="text-brand-600 hover:underline" href={`/${org.slug}/campaigns/${c.id}`}>
                      {c.name}
                    </Link>
                    <span className="text-xs text-zinc-500">{td(`campaignStatus.${c.status}`)}</span>
                  </li>
                ))}
              </ul>
            )}
            <h3 className="mb-1 mt-3 text-xs font-medium uppercase tracking-wide text-zinc-500">{td("risks")}</h3>
            {p.risks.length === 0 ? (
              <p className="text-sm text-zinc-500">{td("noRisks")}</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="product-risks">
                {p.risks.map((r) => (
                  <li key={r.id} className="flex items-center justify-between gap-2">
                    <Link className="text-brand-600 hover:underline" href={`/${org.slug}/risks/${r.id}`}>
                      {r.title}
                    </Link>
                    <span className="shrink-0 text-xs text-zinc-500">
                      {r.warningAt && <span className="mr-1 text-red-600">{td("riskWarning")}</span>}
                      {td("riskScore", { score: r.residualScore ?? r.inherentScore ?? "—" })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <StageHistory product={p} />
          <GateHistory product={p} />
          <Section title={td("activity")}>
            {p.activity.length === 0 ? (
              <p className="text-sm text-zinc-500">{td("noActivity")}</p>
            ) : (
              <ul className="space-y-1.5 text-sm">
                {p.activity.map((a) => (
                  <li key={a.id} className="flex justify-between gap-2">
                    <span>
                      <span className="font-medium">{a.actorName ?? td("system")}</span> {td.has(`action.${a.action}`) ? td(`action.${a.action}`) : a.action}
                    </span>
                    <time className="shrink-0 text-xs text-zinc-500" dateTime={new Date(a.createdAt).toISOString()} suppressHydrationWarning>
                      {format.relativeTime(new Date(Math.min(new Date(a.createdAt).getTime(), now.getTime())), now)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      </div>

      {editing && <ProductFormDialog mode="edit" product={p} onClose={() => setEditing(false)} />}
      {gate && <GateDialog target={gate} onClose={() => setGate(null)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={td("deleteTitle")}
        description={td("deleteBody", { name: p.name })}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={onDelete}
        loading={remove.isPending}
        confirmTestId="product-delete-confirm"
      />
    </div>
  );
}
