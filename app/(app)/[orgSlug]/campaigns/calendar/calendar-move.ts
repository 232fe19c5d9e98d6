"use client";

/**
 * Moving draft campaigns on the calendar: drag with native pointer events (whole days, the length
 * kept) and a keyboard/menu path through the same `moveBy`. Moves are optimistic: every cached
 * calendar query shows the new dates at once; the `campaign.reschedule` calls of one campaign run one
 * after another (each with the version the previous one returned), and a failure puts the campaign
 * back, drops the moves queued behind it, tells the user and reloads the calendar.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { AppRouter } from "@/server/api/root";
import { can, type Role } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { errorData, errorMessage } from "@/app/_components/app/errors";
import { addDays, dayNumber, toDate } from "./calendar-params";

type CalendarData = inferRouterOutputs<AppRouter>["campaign"]["calendar"];
export type Item = CalendarData["items"][number];

export interface Me {
  userId: string;
  role: Role;
  departmentIds: string[];
  managedDepartmentIds: string[];
}

/** Why a bar cannot move (null: it can). */
export type Lock = "notDraft" | "noPermission" | null;

/** Finds the calendar day under a point of the screen (null: none). */
export type DayAt = (clientX: number, clientY: number) => string | null;

export interface CalendarMove {
  lockOf(item: Item): Lock;
  /** Starts a drag from a pointerdown on a bar; `dayAt` maps the pointer to a day of the view. */
  startDrag(e: React.PointerEvent, item: Item, dayAt: DayAt): void;
  /** Moves by whole days (negative: earlier). `focusKey` is the bar to keep focused afterwards. */
  moveBy(item: Item, days: number, focusKey?: string): void;
  /** Says why a campaign cannot move (a keyboard move on a locked bar). */
  refuse(item: Item): void;
  /** The campaign being dragged and by how many days so far. */
  dragging: { id: string; delta: number } | null;
}

const Ctx = createContext<CalendarMove | null>(null);
export const CalendarMoveProvider = Ctx.Provider;
export function useCalendarMove(): CalendarMove {
  const v = useContext(Ctx);
  if (!v) throw new Error("useCalendarMove outside CalendarMoveProvider");
  return v;
}

/** Calendar order: by start, longer first, then by name. */
export function sortForCalendar(items: Item[]) {
  return [...items].sort(
    (a, b) =>
      a.startsOn.localeCompare(b.startsOn) ||
      b.endsOn.localeCompare(a.endsOn) ||
      a.name.localeCompare(b.name),
  );
}

/** The items with the dragged one shown at its new dates (in place: the order stays). */
export function withDragPreview(items: Item[], dragging: CalendarMove["dragging"]) {
  if (!dragging || !dragging.delta) return items;
  return items.map((i) =>
    i.id === dragging.id
      ? { ...i, startsOn: addDays(i.startsOn, dragging.delta), endsOn: addDays(i.endsOn, dragging.delta) }
      : i,
  );
}

const DRAG_THRESHOLD_PX = 5;
const DATE_OPTS = { dateStyle: "medium", timeZone: "UTC" } as const;

export function useCalendarMoveState({
  orgSlug,
  me,
  announce,
}: {
  orgSlug: string;
  me: Me;
  announce: (text: string) => void;
}): CalendarMove {
  const t = useTranslations("campaignCalendar");
  const tc = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const reschedule = useMutation(trpc.campaign.reschedule.mutationOptions());
  const [dragging, setDragging] = useState<CalendarMove["dragging"]>(null);
  const chains = useRef(new Map<string, { tail: Promise<void>; gen: number }>());
  const focusAfter = useRef<{ key: string; until: number } | null>(null);
  const calendarKey = useMemo(() => trpc.campaign.calendar.pathKey(), [trpc]);

  const lockOf = useCallback(
    (item: Item): Lock => {
      if (!can(me, "campaign.update", { departmentId: item.departmentId, ownerId: item.ownerId }))
        return "noPermission";
      return item.status === "draft" ? null : "notDraft";
    },
    [me],
  );

  /** The campaign as the cache has it now (optimistic dates, latest version). */
  const cached = useCallback(
    (id: string): Item | undefined => {
      for (const [, data] of qc.getQueriesData<CalendarData>({ queryKey: calendarKey })) {
        const hit = data?.items.find((i) => i.id === id);
        if (hit) return hit;
      }
      return undefined;
    },
    [qc, calendarKey],
  );

  const patch = useCallback(
    (id: string, change: Partial<Pick<Item, "startsOn" | "endsOn" | "version">>) =>
      qc.setQueriesData<CalendarData>({ queryKey: calendarKey }, (data) =>
        data ? { ...data, items: data.items.map((i) => (i.id === id ? { ...i, ...change } : i)) } : data,
      ),
    [qc, calendarKey],
  );

  const refresh = useCallback(
    () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: calendarKey }),
        qc.invalidateQueries({ queryKey: trpc.campaign.list.pathKey() }),
        qc.invalidateQueries({ queryKey: trpc.campaign.get.pathKey() }),
      ]),
    [qc, calendarKey, trpc],
  );

  const range = useCallback(
    (s: string, e: string) => format.dateTimeRange(toDate(s), toDate(e), DATE_OPTS),
    [format],
  );

  const moveBy = useCallback(
    (item: Item, days: number, focusKey?: string) => {
      if (!days || lockOf(item)) return;
      const cur = cached(item.id) ?? item;
      const next = { startsOn: addDays(cur.startsOn, days), endsOn: addDays(cur.endsOn, days) };
      void qc.cancelQueries({ queryKey: calendarKey });
      patch(item.id, next);
      if (focusKey) focusAfter.current = { key: focusKey, until: Date.now() + 2000 };
      announce(t("moved", { name: item.name, dates: range(next.startsOn, next.endsOn) }));

      const chain = chains.current.get(item.id) ?? { tail: Promise.resolve(), gen: 0 };
      chains.current.set(item.id, chain);
      const gen = chain.gen;
      const tail = chain.tail.then(async () => {
        if (chain.gen !== gen) return; // an earlier move of this campaign failed: this one is void
        try {
          const after = await reschedule.mutateAsync({
            orgSlug,
            campaignId: item.id,
            version: cached(item.id)?.version ?? cur.version,
            ...next,
          });
          patch(item.id, { version: after.version });
        } catch (err) {
          chain.gen++;
          patch(item.id, { startsOn: cur.startsOn, endsOn: cur.endsOn });
          const conflict = errorData(err).code === "CONFLICT";
          toast.error(t("moveFailed", { name: item.name }), {
            description: errorMessage(err),
            duration: conflict ? 10_000 : undefined,
            action: conflict ? { label: tc("reload"), onClick: () => void refresh() } : undefined,
          });
          announce(t("moveRolledBack", { name: item.name, dates: range(cur.startsOn, cur.endsOn) }));
        }
      });
      chain.tail = tail;
      // Once the last queued move of the campaign is through, reload: overlaps are the server's to say.
      void tail.then(() => {
        if (chain.tail === tail) void refresh();
      });
    },
    [lockOf, cached, qc, calendarKey, patch, announce, t, tc, range, reschedule, orgSlug, refresh],
  );

  const refuse = useCallback(
    (item: Item) => {
      const lock = lockOf(item);
      if (lock) toast.info(t(`hint.${lock}`), { id: `calendar-refuse-${item.id}` });
    },
    [lockOf, t],
  );

  // The drag in progress (refs: pointer events must not wait for renders).
  const drag = useRef<{ stop: (commit: boolean) => void } | null>(null);
  useEffect(() => () => drag.current?.stop(false), []);

  const startDrag = useCallback(
    (e: React.PointerEvent, item: Item, dayAt: DayAt) => {
      // Plain primary-button drags only: modified clicks keep opening the link (new tab…).
      if (e.button !== 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || lockOf(item) || drag.current)
        return;
      const grab = dayAt(e.clientX, e.clientY);
      if (!grab) return;
      const grabDay = dayNumber(grab);
      const { pointerId, clientX: x0, clientY: y0 } = e;
      let active = false;
      let delta = 0;

      const onMove = (ev: PointerEvent) => {
        if (ev.pointerId !== pointerId) return;
        if (!active) {
          if (Math.hypot(ev.clientX - x0, ev.clientY - y0) < DRAG_THRESHOLD_PX) return;
          active = true;
          document.body.style.cursor = "grabbing";
          document.body.style.userSelect = "none";
          setDragging({ id: item.id, delta: 0 });
        }
        ev.preventDefault();
        const day = dayAt(ev.clientX, ev.clientY);
        if (!day) return;
        const d = dayNumber(day) - grabDay;
        if (d !== delta) {
          delta = d;
          setDragging({ id: item.id, delta: d });
        }
      };
      const onUp = (ev: PointerEvent) => ev.pointerId === pointerId && stop(true);
      const onCancel = (ev: PointerEvent) => ev.pointerId === pointerId && stop(false);
      const onKey = (ev: KeyboardEvent) => {
        if (ev.key === "Escape" && active) {
          ev.preventDefault();
          stop(false);
        }
      };
      const swallowClick = (ev: MouseEvent) => {
        ev.preventDefault();
        ev.stopPropagation();
      };
      function stop(commit: boolean) {
        window.removeEventListener("pointermove", onMove);
        window.removeEventListener("pointerup", onUp);
        window.removeEventListener("pointercancel", onCancel);
        window.removeEventListener("keydown", onKey, true);
        drag.current = null;
        if (!active) return;
        document.body.style.cursor = "";
        document.body.style.userSelect = "";
        // The click that ends a drag must not open the campaign.
        window.addEventListener("click", swallowClick, true);
        setTimeout(() => window.removeEventListener("click", swallowClick, true), 0);
        setDragging(null);
        if (commit && delta) moveBy(item, delta);
        else if (!commit) announce(t("moveCancelled", { name: item.name }));
      }
      window.addEventListener("pointermove", onMove);
      window.addEventListener("pointerup", onUp);
      window.addEventListener("pointercancel", onCancel);
      window.addEventListener("keydown", onKey, true);
      drag.current = { stop };
    },
    [lockOf, moveBy, announce, t],
  );

  // Keeps the keyboard focus on the moved bar: a move to another week renders it as a new element,
  // and the old one takes the focus with it. Only a lost focus comes back (never stolen from elsewhere).
  useEffect(() => {
    const f = focusAfter.current;
    if (!f) return;
    if (Date.now() > f.until) {
      focusAfter.current = null;
      return;
    }
    const active = document.activeElement;
    if (active && active !== document.body) return;
    document.querySelector<HTMLElement>(`[data-bar-key="${CSS.escape(f.key)}"]`)?.focus();
  });

  return useMemo(
    () => ({ lockOf, startDrag, moveBy, refuse, dragging }),
    [lockOf, startDrag, moveBy, refuse, dragging],
  );
}
