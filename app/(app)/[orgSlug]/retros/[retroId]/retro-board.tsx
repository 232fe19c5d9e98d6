"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowLeft, ChevronLeft, ChevronRight, Eye, Settings, Timer } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { RETRO_PHASES } from "@/server/retros/constants";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Select } from "@/app/_components/ui/field";
import { lazyPart } from "@/app/_components/ui/lazy-part";
import { useOrg } from "@/app/_components/app/org-context";
import { initials, useRetroLabels, useRunThenRefresh, useShowError, type RetroPhase } from "@/app/_components/retros/retro-ui";
import { CardColumns } from "./cards";
import { useLiveRetro, type RetroState } from "./live";

const RetroSettingsDialog = lazyPart(() => import("./settings-dialog").then((m) => m.RetroSettingsDialog));
// Phase-specific parts load with their phase: the open actions (prepare), drag and drop (group), the votes (vote),
// the groups and the action form (discuss, actions), the summary (closed).
const GroupBoard = lazyPart(() => import("./group-board").then((m) => m.GroupBoard));
const ActionsPanel = lazyPart(() => import("./actions-panel").then((m) => m.ActionsPanel));
const Summary = lazyPart(() => import("./summary").then((m) => m.Summary));
const VoteGroups = lazyPart(() => import("./group-views").then((m) => m.VoteGroups));
const DiscussGroups = lazyPart(() => import("./group-views").then((m) => m.DiscussGroups));
const OpenActions = lazyPart(() => import("./open-actions").then((m) => m.OpenActions));
const PeriodInputs = lazyPart(() => import("./open-actions").then((m) => m.PeriodInputs));

/** The live retro board: phase stepper, presence, and what the current phase is about. */
export function RetroBoard({ retroId }: { retroId: string }) {
  const t = useTranslations("retros");
  const org = useOrg();
  const labels = useRetroLabels();
  const { state, isError, refresh } = useLiveRetro(retroId);
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (!state) return null;
  const r = state;
  const closed = r.phase === "closed";
  const mayWrite = r.me.participant && !closed;

  return (
    <div className="space-y-5">
      <div className="no-print">
        <Link href={`/${org.slug}/retros`} className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          <ArrowLeft className="size-4" aria-hidden /> {t("board.back")}
        </Link>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold tracking-tight">{r.title}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            <span className="sr-only">{labels.phase(r.phase)}: </span>
            {t(`phaseHint.${r.phase}`)}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <Presence participants={r.participants} />
          {r.me.facilitator && !closed && (
            <Button variant="secondary" size="sm" className="no-print" onClick={() => setSettingsOpen(true)} data-testid="retro-settings">
              <Settings className="size-4" aria-hidden /> {t("settings.button")}
            </Button>
          )}
        </div>
      </div>
      {settingsOpen && r.me.facilitator && !closed && <RetroSettingsDialog retro={r} onClose={() => setSettingsOpen(false)} onDone={() => void refresh()} />}

      <PhaseStepper retro={r} onChanged={refresh} />

      {isError && (
        <p role="status" className="no-print rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-200">
          {t("board.connectionLost")}
        </p>
      )}

      {!r.me.participant && !closed && <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">{t("board.notParticipant")}</p>}

      {r.phase === "prepare" && (
        <div className="grid gap-4 lg:grid-cols-2">
          <OpenActions retro={r} />
          <PeriodInputs retroId={r.id} />
        </div>
      )}

      {(r.phase === "prepare" || r.phase === "collect") && (
        <>
          {r.hideUntilReveal && !r.revealed && <p className="text-xs text-zinc-500">{t("board.hiddenNote")}</p>}
          <CardColumns retro={r} mayAdd={mayWrite} onChanged={refresh} />
        </>
      )}
      {r.phase === "group" && <GroupBoard retro={r} mayWrite={mayWrite} onChanged={refresh} />}
      {r.phase === "vote" && <VoteGroups retro={r} onChanged={refresh} />}
      {r.phase === "discuss" && (
        <>
          <DiscussGroups retro={r} mayWrite={mayWrite} onChanged={refresh} />
          <ActionsPanel retro={r} onChanged={refresh} />
        </>
      )}
      {r.phase === "actions" && (
        <>
          <ActionsPanel retro={r} onChanged={refresh} />
          <DiscussGroups retro={r} mayWrite={false} compact onChanged={refresh} />
        </>
      )}
      {closed && <Summary retro={r} onChanged={refresh} />}
      <p className="no-print text-xs text-zinc-500" aria-live="off">
        {t("board.live")}
      </p>
    </div>
  );
}

function Presence({ participants }: { participants: RetroState["participants"] }) {
  const t = useTranslations("retros.board");
  const here = participants.filter((p) => p.present).length;
  return (
    <div className="no-print flex items-center gap-2" data-testid="presence">
      <span className="sr-only">{t("participants")}:</span>
      <ul className="flex -space-x-1.5">
        {participants.map((p) => (
          <li
            key={p.userId}
            title={p.present ? t("present", { name: p.name }) : t("away", { name: p.name })}
            data-present={p.present}
            className={cn(
              "relative flex size-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold dark:border-zinc-950",
              p.present ? "bg-brand-600 text-white" : "bg-zinc-200 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
            )}
          >
            <span aria-hidden>{initials(p.name)}</span>
            <span className="sr-only">{p.present ? t("present", { name: p.name }) : t("away", { name: p.name })}</span>
            {p.present && <span className="absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full border-2 border-white bg-emerald-500 dark:border-zinc-950" aria-hidden />}
          </li>
        ))}
      </ul>
      <span className="text-xs text-zinc-500">{t("hereNow", { n: here })}</span>
    </div>
  );
}

/** The current time, ticking every second; null until mounted so server and client render alike. */
function useNow() {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, []);
  return now;
}

function TimerDisplay({ endsAt }: { endsAt: Date | string }) {
  const t = useTranslations("retros.board");
  const end = new Date(endsAt).getTime();
  const now = useNow();
  if (now === null) return null;
  const left = Math.max(0, Math.round((end - now) / 1000));
  const mm = Math.floor(left / 60);
  const ss = String(left % 60).padStart(2, "0");
  return (
    <Badge className={cn("gap-1 text-sm tabular-nums", left === 0 ? "bg-red-50 text-red-700 dark:bg-red-900/40 dark:text-red-300" : "bg-amber-50 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300")} data-testid="timer">
      <Timer className="size-3.5" aria-hidden />
      {left === 0 ? t("timeUp") : t("timeLeft", { time: `${mm}:${ss}` })}
    </Badge>
  );
}

function PhaseStepper({ retro: r, onChanged }: { retro: RetroState; onChanged: () => void }) {
  const t = useTranslations("retros.board");
  const tc = useTranslations("common");
  const labels = useRetroLabels();
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const setPhase = useMutation(trpc.retro.setPhase.mutationOptions());
  const reveal = useMutation(trpc.retro.reveal.mutationOptions());
  const setTimer = useMutation(trpc.retro.setTimer.mutationOptions());
  const [minutes, setMinutes] = useState(5);
  const [confirmClose, setConfirmClose] = useState(false);
  const i = RETRO_PHASES.indexOf(r.phase);
  const next: RetroPhase | undefined = RETRO_PHASES[i + 1];
  const prev: RetroPhase | undefined = r.phase === "closed" ? undefined : RETRO_PHASES[i - 1];
  const closed = r.phase === "closed";
  const stepper = useRef<HTMLOListElement>(null);
  // On a narrow screen the stepper scrolls sideways: keep the current phase in view.
  useEffect(() => {
    const ol = stepper.current;
    const li = ol?.querySelector<HTMLElement>('[aria-current="step"]');
    if (ol && li) ol.scrollLeft = li.offsetLeft - ol.offsetLeft - (ol.clientWidth - li.offsetWidth) / 2;
  }, [r.phase]);

  const go = async (phase: RetroPhase) => {
    try {
      await setPhase.mutateAsync({ orgSlug: org.slug, retroId: r.id, version: r.version, phase });
      setConfirmClose(false);
      onChanged();
    } catch (e) {
      showError(e, onChanged);
    }
  };
  const run = useRunThenRefresh(onChanged);

  return (
    <Card className="space-y-3 p-3">
      <ol ref={stepper} className="flex gap-1 overflow-x-auto pb-1 text-xs" aria-label={t("facilitatorControls")}>
        {RETRO_PHASES.map((p, n) => (
          <li
            key={p}
            aria-current={p === r.phase ? "step" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-1 rounded-full px-2.5 py-1 font-medium",
              p === r.phase ? "bg-brand-600 text-white" : n < i ? "bg-brand-50 text-brand-700 dark:bg-brand-900/30 dark:text-brand-300" : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800",
            )}
          >
            <span aria-hidden>{n + 1}.</span>
            {p === r.phase ? <span data-testid="retro-phase">{labels.phase(p)}</span> : labels.phase(p)}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2 empty:hidden">
        {r.timerEndsAt && !closed && <TimerDisplay endsAt={r.timerEndsAt} />}
        {r.me.facilitator && !closed && (
          <div className="no-print flex flex-wrap items-center gap-2">
            {prev && (
              <Button variant="secondary" size="sm" onClick={() => void go(prev)} loading={setPhase.isPending && setPhase.variables?.phase === prev} data-testid="phase-prev">
                <ChevronLeft className="size-4" aria-hidden /> {t("prev", { phase: labels.phase(prev) })}
              </Button>
            )}
            {next && (
              <Button
                size="sm"
                onClick={() => (next === "closed" ? setConfirmClose(true) : void go(next))}
                loading={setPhase.isPending && setPhase.variables?.phase === next}
                data-testid="phase-next"
              >
                {t("next", { phase: labels.phase(next) })} <ChevronRight className="size-4" aria-hidden />
              </Button>
            )}
            {r.hideUntilReveal && !r.revealed && (r.phase === "prepare" || r.phase === "collect") && (
              <Button variant="secondary" size="sm" onClick={() => void run(reveal.mutateAsync({ orgSlug: org.slug, retroId: r.id }))} loading={reveal.isPending} data-testid="reveal">
                <Eye className="size-4" aria-hidden /> {t("reveal")}
              </Button>
            )}
            <div className="flex items-center gap-1">
              <Select aria-label={t("timerMinutes")} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className="h-8 w-28 py-1">
                {[1, 2, 3, 5, 10, 15, 30].map((m) => (
                  <option key={m} value={m}>
                    {t("minutes", { n: m })}
                  </option>
                ))}
              </Select>
              <Button variant="secondary" size="sm" onClick={() => void run(setTimer.mutateAsync({ orgSlug: org.slug, retroId: r.id, minutes }))} loading={setTimer.isPending && setTimer.variables?.minutes !== 0}>
                <Timer className="size-4" aria-hidden /> {t("startTimer")}
              </Button>
              {r.timerEndsAt && (
                <Button variant="ghost" size="sm" onClick={() => void run(setTimer.mutateAsync({ orgSlug: org.slug, retroId: r.id, minutes: 0 }))}>
                  {t("stopTimer")}
                </Button>
              )}
            </div>
          </div>
        )}
        {r.hideUntilReveal && r.revealed && (r.phase === "prepare" || r.phase === "collect") && <Badge>{t("revealed")}</Badge>}
      </div>
      <ConfirmDialog
        open={confirmClose}
        onOpenChange={setConfirmClose}
        title={t("confirmNextTitle", { phase: labels.phase("closed") })}
        description={t("confirmClose")}
        confirmLabel={t("next", { phase: labels.phase("closed") })}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={() => go("closed")}
        loading={setPhase.isPending}
        confirmTestId="phase-confirm"
      />
    </Card>
  );
}
