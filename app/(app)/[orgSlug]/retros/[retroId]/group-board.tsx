"use client";

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { useMutation } from "@tanstack/react-query";
import { MoreHorizontal } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "@/app/_components/ui/dropdown";
import { Input } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import { useShowError } from "@/app/_components/retros/retro-ui";
import { CardColumns, RetroCardView, short, useGroupTitle, type Changed } from "./cards";
import type { RetroCard, RetroGroup, RetroState } from "./live";

/* The group phase's board (drag and drop with @dnd-kit): its own module, loaded only when a retro is in that phase. */

/** Drop targets are other cards (never the dragged one); under the pointer first, then by overlap (keyboard). */
const collision: CollisionDetection = (args) => {
  const others = { ...args, droppableContainers: args.droppableContainers.filter((d) => d.id !== `drop:${args.active.id}`) };
  const p = pointerWithin(others);
  return p.length ? p : rectIntersection(others);
};

export function GroupBoard({ retro: r, mayWrite, onChanged }: { retro: RetroState; mayWrite: boolean } & Changed) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const groupTitle = useGroupTitle(r);
  const groupCard = useMutation(trpc.retro.groupCard.mutationOptions());
  const [dragging, setDragging] = useState<RetroCard | null>(null);
  const dndId = useId();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));
  const groups = r.groups.filter((g) => r.cards.some((c) => c.groupId === g.id));

  const move = async (cardId: string, ontoCardId: string | null) => {
    try {
      await groupCard.mutateAsync({ orgSlug: org.slug, cardId, ontoCardId });
      onChanged();
    } catch (e) {
      showError(e, onChanged);
    }
  };
  const onDragStart = (e: DragStartEvent) => setDragging(r.cards.find((c) => c.id === e.active.id) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const over = e.over?.id ? String(e.over.id) : null;
    const card = r.cards.find((c) => c.id === e.active.id);
    if (!over || !card) return;
    let onto: string | undefined;
    if (over.startsWith("drop:")) onto = over.slice(5);
    else if (over.startsWith("group:")) onto = r.cards.find((c) => c.groupId === over.slice(6) && c.id !== card.id)?.id;
    if (!onto || onto === card.id) return;
    const target = r.cards.find((c) => c.id === onto);
    if (target?.groupId && target.groupId === card.groupId) return;
    void move(card.id, onto);
  };

  const menuFor = (c: RetroCard) => {
    if (!mayWrite) return undefined;
    const others = r.cards.filter((o) => o.id !== c.id && o.body && (!c.groupId || o.groupId !== c.groupId));
    return (
      <Menu>
        <MenuTrigger asChild>
          <button type="button" className="no-print shrink-0 rounded p-0.5 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label={t("cardMenu")} data-testid="card-menu">
            <MoreHorizontal className="size-4" aria-hidden />
          </button>
        </MenuTrigger>
        <MenuContent align="end" className="max-h-80 max-w-[min(20rem,90vw)] overflow-y-auto">
          <MenuLabel>{t("groupWith")}</MenuLabel>
          {others.length === 0 && <MenuItem disabled>{t("noOtherCards")}</MenuItem>}
          {others.map((o) => (
            <MenuItem key={o.id} onSelect={() => void move(c.id, o.id)} data-testid="group-with">
              <span className="truncate">{t("groupWithCard", { text: short(o.body ?? "", 40) })}</span>
            </MenuItem>
          ))}
          {c.groupId && (
            <>
              <MenuSeparator />
              <MenuItem onSelect={() => void move(c.id, null)} data-testid="ungroup">
                {t("ungroup")}
              </MenuItem>
            </>
          )}
        </MenuContent>
      </Menu>
    );
  };
  const renderCard = (c: RetroCard) => <DraggableCard retro={r} card={c} draggable={mayWrite && !!c.body} mayEdit={mayWrite} menu={menuFor(c)} onChanged={onChanged} />;

  return (
    <DndContext id={dndId} sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
      {groups.length > 0 && (
        <section aria-labelledby="groups-title" className="space-y-2">
          <h2 id="groups-title" className="text-sm font-semibold">
            {t("groupsTitle")}
          </h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {groups.map((g) => (
              <DroppableGroup key={g.id} group={g}>
                <GroupTitleEditor group={g} placeholder={groupTitle(g)} mayWrite={mayWrite} onChanged={onChanged} />
                <div className="space-y-2">{r.cards.filter((c) => c.groupId === g.id).map((c) => <div key={c.id}>{renderCard(c)}</div>)}</div>
              </DroppableGroup>
            ))}
          </div>
        </section>
      )}
      <CardColumns retro={r} mayAdd={mayWrite} loose renderCard={renderCard} onChanged={onChanged} />
      <DragOverlay>{dragging ? <Card className="rotate-2 p-2.5 text-sm shadow-lg">{dragging.body}</Card> : null}</DragOverlay>
    </DndContext>
  );
}

function DroppableGroup({ group, children }: { group: RetroGroup; children: React.ReactNode }) {
  const { isOver, setNodeRef } = useDroppable({ id: `group:${group.id}` });
  return (
    <div ref={setNodeRef} data-testid="group" data-group-id={group.id} className={cn("space-y-2 rounded-lg border border-indigo-200 bg-indigo-50/50 p-2 dark:border-indigo-900 dark:bg-indigo-950/30", isOver && "ring-2 ring-brand-500/40")}>
      {children}
    </div>
  );
}

function DraggableCard({ retro, card, draggable, mayEdit, menu, onChanged }: { retro: RetroState; card: RetroCard; draggable: boolean; mayEdit: boolean; menu?: React.ReactNode } & Changed) {
  const t = useTranslations("retros.board");
  const drag = useDraggable({ id: card.id, disabled: !draggable });
  const drop = useDroppable({ id: `drop:${card.id}` });
  return (
    <div
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      {...(draggable ? drag.listeners : {})}
      {...(draggable ? drag.attributes : {})}
      aria-roledescription={draggable ? t("dragCard") : undefined}
      className={cn(draggable && "cursor-grab touch-none", drag.isDragging && "opacity-40", drop.isOver && !drag.isDragging && "rounded-lg ring-2 ring-brand-500")}
    >
      <RetroCardView retro={retro} card={card} mayEdit={mayEdit} menu={menu} onChanged={onChanged} />
    </div>
  );
}

function GroupTitleEditor({ group, placeholder, mayWrite, onChanged }: { group: RetroGroup; placeholder: string; mayWrite: boolean } & Changed) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const update = useMutation(trpc.retro.updateGroup.mutationOptions());
  const [draft, setDraft] = useState<string | null>(null);
  if (!mayWrite) return <h3 className="break-words px-1 text-sm font-semibold">{group.title || placeholder}</h3>;
  const save = async () => {
    if (draft === null || draft.trim() === group.title) return setDraft(null);
    try {
      await update.mutateAsync({ orgSlug: org.slug, groupId: group.id, version: group.version, title: draft, notes: group.notes });
      setDraft(null);
      onChanged();
    } catch (e) {
      showError(e, onChanged);
    }
  };
  return (
    <Input
      value={draft ?? group.title}
      placeholder={placeholder}
      aria-label={t("groupTitle")}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          void save();
        }
        if (e.key === "Escape") setDraft(null);
      }}
      maxLength={200}
      className="h-8 bg-white py-1 font-semibold dark:bg-zinc-900"
      data-testid="group-title"
    />
  );
}

