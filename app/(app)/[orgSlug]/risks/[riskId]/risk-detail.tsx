"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { AlertTriangle, CalendarClock, ChevronDown, ChevronLeft, Gauge, Hourglass, Pencil, ShieldCheck, Trash2 } from "lucide-react";
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
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/app/_components/ui/dropdown";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { dateOf, LevelBadge, RiskStatusBadge, useRiskLabels } from "@/app/_components/risks/risk-ui";
import { Acceptance } from "./acceptance";
import { Assessment } from "./assessment";
import { Kris } from "./kri";
import { Treatment } from "./treatment";
import { Section, useKriReason } from "./shared";
import { STATUS_TRANSITIONS, type Me, type RiskView } from "./types";
import { LazyComments as Comments } from "@/app/_components/app/comments-lazy";

const RiskFormDialog = dynamic(() => import("../risk-form").then((m) => m.RiskFormDialog));
const AssessDialog = dynamic(() => import("./assess-dialog").then((m) => m.AssessDialog));
const StatusDialog = dynamic(() => import("./status-dialog").then((m) => m.StatusDialog));
const AcceptanceDialog = dynamic(() => import("./acceptance-dialog").then((m) => m.AcceptanceDialog));

export function RiskDetail({ riskId, me }: { riskId: string; me: Me }) {
  const t = useTranslations("risks.detail");
  const tr = useTranslations("risks");
  const tc = useTranslations("common");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { data: r } = useSuspenseQuery(trpc.risk.get.queryOptions({ orgSlug: org.slug, riskId }));
  const labels = useRiskLabels(r.scales);
  const actor = { ...me, role: org.role };
  const subject = { departmentId: r.departmentId, ownerId: r.ownerId };
  const mayUpdate = can(actor, "risk.update", subject);
  const mayDelete = can(actor, "risk.delete", subject);
  const [editing, setEditing] = useState(false);
  const [assessing, setAssessing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [statusTo, setStatusTo] = useState<(typeof STATUS_TRANSITIONS)[string][number] | null>(null);
  const remove = useMutation(trpc.risk.delete.mutationOptions());
  const pending = r.acceptances.find((a) => a.status === "pending");
  const closed = r.status === "closed";
  const canRequestAcceptance = mayUpdate && r.aboveAppetite && !pending && r.status !== "closed" && r.status !== "accepted" && r.inherentScore !== null;
  const day = (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" });
  const transitions = STATUS_TRANSITIONS[r.status] ?? [];

  const onDelete = async () => {
    try {
      await remove.mutateAsync({ orgSlug: org.slug, riskId: r.id });
      toast.success(t("deleted"));
      await qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
      router.push(`/${org.slug}/risks`);
    } catch (e) {
      setDeleting(false);
      showServerError(e);
    }
  };

  return (
    <div className="space-y-4">
      <div>
        <Link href={`/${org.slug}/risks`} className="inline-flex items-center gap-1 text-sm text-brand-600 hover:underline">
          <ChevronLeft className="size-4" aria-hidden /> {t("back")}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="mb-1 flex flex-wrap items-center gap-1.5">
              <RiskStatusBadge status={r.status} />
              <LevelBadge level={r.level} score={r.score} />
              <Badge>{labels.category(r.category)}</Badge>
              {r.tags.map((tag) => (
                <Badge key={tag} className="bg-transparent ring-1 ring-zinc-200 dark:ring-zinc-700">
                  {tag}
                </Badge>
              ))}
            </div>
            <h1 className="text-2xl font-semibold tracking-tight">{r.title}</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {t("ownedBy", { name: r.ownerName })}
              {" · "}
              {r.departmentName ?? t("noDepartment")}
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-1.5 text-sm" data-testid="risk-appetite">
              <Gauge className="size-4 text-zinc-500" aria-hidden />
              {r.score === null ? (
                <span className="text-zinc-600 dark:text-zinc-400">{t("notAssessedYet")}</span>
              ) : (
                <>
                  <span>{t("scoreVsAppetite", { score: r.score, appetite: r.appetite })}</span>
                  {r.aboveAppetite ? (
                    <Badge className="bg-orange-100 text-orange-800 dark:bg-orange-900/40 dark:text-orange-300">{tr("flag.aboveAppetite")}</Badge>
                  ) : (
                    <Badge className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300">{t("withinAppetite")}</Badge>
                  )}
                </>
              )}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {mayUpdate && !closed && (
              <Button onClick={() => setAssessing(true)} data-testid="assess">
                {t("assess")}
              </Button>
            )}
            {canRequestAcceptance && (
              <Button variant="secondary" onClick={() => setRequesting(true)} data-testid="request-acceptance">
                <ShieldCheck className="size-4" aria-hidden /> {t("requestAcceptance")}
              </Button>
            )}
            {mayUpdate && transitions.length > 0 && !pending && (
              <Menu>
                <MenuTrigger asChild>
                  <Button variant="secondary" data-testid="risk-status-menu">
                    {t("changeStatus")} <ChevronDown className="size-4" aria-hidden />
                  </Button>
                </MenuTrigger>
                <MenuContent align="end">
                  {transitions.map((s) => (
                    <MenuItem key={s} onSelect={() => setStatusTo(s)} data-testid={`risk-status-to-${s}`}>
                      {t(`statusAction.${s}`)}
                    </MenuItem>
                  ))}
                </MenuContent>
              </Menu>
            )}
            {mayUpdate && (
              <Button variant="secondary" onClick={() => setEditing(true)} data-testid="risk-edit">
                <Pencil className="size-4" aria-hidden /> {tc("edit")}
              </Button>
            )}
            {mayDelete && (
              <Button variant="ghost" onClick={() => setDeleting(true)} aria-label={tc("delete")} data-testid="risk-delete">
                <Trash2 className="size-4" aria-hidden />
              </Button>
            )}
          </div>
        </div>
      </div>

      <div className="space-y-2">
        {r.warningAt && (
          <div className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100" role="alert" data-testid="risk-warning">
            <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              <span className="font-medium">{t("warningTitle")}</span>{" "}
              {t("warningBody", { when: format.dateTime(new Date(r.warningAt), { dateStyle: "medium", timeStyle: "short" }) })}{" "}
              <a href="#kri" className="font-medium underline">
                {t("seeIndicators")}
              </a>
            </span>
          </div>
        )}
        {r.reviewOverdue && r.nextReviewOn && (
          <div className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/30 dark:text-amber-100" role="status" data-testid="risk-review-overdue">
            <CalendarClock className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              {t("reviewOverdue", { date: day(r.nextReviewOn) })} {mayUpdate && !closed && t("reviewOverdueAction")}
            </span>
          </div>
        )}
        {pending && (
          <div className="flex items-start gap-2 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950/30 dark:text-sky-100" role="status" data-testid="acceptance-pending">
            <Hourglass className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>
              {t("acceptancePending", { date: day(pending.expiresOn) })}{" "}
              {pending.approvalRequestId && (
                <Link className="font-medium underline" href={`/${org.slug}/approvals/${pending.approvalRequestId}`}>
                  {t("openRequest")}
                </Link>
              )}
            </span>
          </div>
        )}
        {r.status === "accepted" && r.acceptedUntil && (
          <div className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/30 dark:text-amber-100" role="status" data-testid="risk-accepted">
            <ShieldCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{t("acceptedUntil", { date: day(r.acceptedUntil) })}</span>
          </div>
        )}
        {closed && (
          <div className="rounded-md border border-zinc-300 bg-zinc-100 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-800" role="status">
            {r.closedReason ? t("closedBecause", { reason: r.closedReason }) : t("closed")}
          </div>
        )}
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          {(r.description || r.causes || r.consequences) && (
            <Section title={t("about")}>
              {r.description && <p className="whitespace-pre-line text-sm">{r.description}</p>}
              {(r.causes || r.consequences) && (
                <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
                  <div>
                    <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("causes")}</dt>
                    <dd className="mt-1 whitespace-pre-line">{r.causes || "—"}</dd>
                  </div>
                  <div>
                    <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("consequences")}</dt>
                    <dd className="mt-1 whitespace-pre-line">{r.consequences || "—"}</dd>
                  </div>
                </dl>
              )}
            </Section>
          )}
          <Assessment risk={r} mayUpdate={mayUpdate && !closed} onAssess={() => setAssessing(true)} />
          <Treatment risk={r} mayUpdate={mayUpdate} />
          <Kris risk={r} mayUpdate={mayUpdate && !closed} />
          <Comments entityType="risk" entityId={r.id} />
        </div>
        <div className="min-w-0 space-y-4">
          <Acceptance risk={r} canRequest={canRequestAcceptance} onRequest={() => setRequesting(true)} />
          <Section title={t("linked")}>
            <LinkedItems risk={r} />
          </Section>
          <Section title={t("kriEvents")}>
            {r.kriEvents.length === 0 ? (
              <p className="text-sm text-zinc-500">{t("noKriEvents")}</p>
            ) : (
              <KriEvents risk={r} />
            )}
          </Section>
          <Section title={t("activity")}>
            {r.activity.length === 0 ? (
              <p className="text-sm text-zinc-500">{t("noActivity")}</p>
            ) : (
              <ul className="space-y-1.5 text-sm">
                {r.activity.map((a) => (
                  <li key={a.id} className="flex justify-between gap-2">
                    <span>
                      <span className="font-medium">{a.actorName ?? t("system")}</span> {t.has(`action.${a.action}`) ? t(`action.${a.action}`) : a.action}
                    </span>
                    <time suppressHydrationWarning className="shrink-0 text-xs text-zinc-500" dateTime={new Date(a.createdAt).toISOString()} title={format.dateTime(new Date(a.createdAt), { dateStyle: "medium", timeStyle: "short" })}>
                      {format.relativeTime(new Date(Math.min(new Date(a.createdAt).getTime(), now.getTime())), now)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      </div>

      {editing && <RiskFormDialog mode="edit" risk={r} onClose={() => setEditing(false)} />}
      {assessing && <AssessDialog risk={r} onClose={() => setAssessing(false)} />}
      {requesting && <AcceptanceDialog risk={r} onClose={() => setRequesting(false)} />}
      {statusTo && <StatusDialog risk={r} to={statusTo} onClose={() => setStatusTo(null)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("deleteTitle")}
        description={t("deleteBody", { title: r.title })}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={onDelete}
        loading={remove.isPending}
        confirmTestId="risk-delete-confirm"
      />
    </div>
  );
}

function LinkedItems({ risk: r }: { risk: RiskView }) {
  const t = useTranslations("risks.detail");
  const org = useOrg();
  const groups = [
    { key: "objectives", items: r.links.flatMap((l) => (l.objectiveId ? [{ id: l.objectiveId, name: l.objectiveTitle ?? "", href: `/${org.slug}/okrs/o/${l.objectiveId}` }] : [])) },
    { key: "campaigns", items: r.links.flatMap((l) => (l.campaignId ? [{ id: l.campaignId, name: l.campaignName ?? "", href: `/${org.slug}/campaigns/${l.campaignId}` }] : [])) },
    { key: "products", items: r.links.flatMap((l) => (l.productId ? [{ id: l.productId, name: l.productName ?? "", href: `/${org.slug}/products/${l.productId}` }] : [])) },
  ] as const;
  if (!r.links.length) return <p className="text-sm text-zinc-500">{t("noLinks")}</p>;
  return (
    <div className="space-y-3" data-testid="risk-links">
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <div key={g.key}>
            <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{t(`linkGroup.${g.key}`)}</h3>
            <ul className="space-y-1 text-sm">
              {g.items.map((i) => (
                <li key={i.id}>
                  <Link className="text-brand-600 hover:underline" href={i.href}>
                    {i.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}

function KriEvents({ risk: r }: { risk: RiskView }) {
  const t = useTranslations("risks.detail");
  const format = useFormatter();
  const { reasonText } = useKriReason();
  const names = new Map(r.kris.map((k) => [k.id, k.targetName]));
  return (
    <ol className="space-y-2 text-sm" data-testid="kri-events">
      {r.kriEvents.map((e) => (
        <li key={e.id} className="flex gap-2">
          <span className={e.state === "breached" ? "mt-1.5 size-2 shrink-0 rounded-full bg-red-500" : "mt-1.5 size-2 shrink-0 rounded-full bg-emerald-500"} aria-hidden />
          <div className="min-w-0">
            <p>
              <span className="font-medium">{e.state === "breached" ? t("kriBreached") : t("kriCleared")}</span>
              {names.get(e.kriId) && <span className="text-zinc-600 dark:text-zinc-400"> · {names.get(e.kriId)}</span>}
            </p>
            {e.reason && <p className="text-xs text-zinc-600 dark:text-zinc-400">{reasonText(e.reason)}</p>}
            <time className="text-xs text-zinc-500" dateTime={new Date(e.createdAt).toISOString()}>
              {format.dateTime(new Date(e.createdAt), { dateStyle: "medium", timeStyle: "short" })}
            </time>
          </div>
        </li>
      ))}
    </ol>
  );
}
