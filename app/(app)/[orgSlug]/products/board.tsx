"use client";

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { useSuspenseQuery } from "@tanstack/react-query";
import { GanttChartSquare, MoreHorizontal, Plus, Settings2 } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/app/_components/ui/dropdown";
import { Input, Select } from "@/app/_components/ui/field";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { BOARD_FILTERS, boardInput } from "./board-input";
import type { GateTarget } from "./gate-dialog";
import { ChecklistMeter, PendingGateBadge, useStageLabel } from "./shared";

const ProductFormDialog = dynamic(() => import("./product-form").then((m) => m.ProductFormDialog));
const GateDialog = dynamic(() => import("./gate-dialog").then((m) => m.GateDialog));

type Item = {
  id: string;
  name: string;
  stageId: string;
  ownerName: string;
  departmentName: string | null;
  daysInStage: number;
  checklist: { done: number; total: number; complete: boolean };
  pendingGate: { requestId: string; toStageId: string | null } | null;
};

/**
 * The lifecycle board: a column per stage. Dragging a card to a later column opens the gate request
 * (nothing moves until a manager approves); to an earlier one, the move-back dialog. Every card's
 * menu offers the same without a mouse.
 */
export function ProductsBoard({ myUserId, myDepartmentId }: { myUserId: string; myDepartmentId?: string }) {
  const t = useTranslations("products");
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const input = boardInput(new URLSearchParams(sp.toString()));
  const { data: stages } = useSuspenseQuery(trpc.product.stages.queryOptions({ orgSlug: org.slug }));
  const { data: items } = useSuspenseQuery(trpc.product.list.queryOptions({ orgSlug: org.slug, ...input }));
  const stageLabel = useStageLabel();
  const mayCreate = useCan("product.create");
  const mayMove = useCan("product.update");
  const maySettings = useCan("product.settings");
  const [creating, setCreating] = useState(false);
  const [gate, setGate] = useState<GateTarget | null>(null);
  const [dragging, setDragging] = useState<Item | null>(null);
  // A stable id: dnd-kit's generated accessibility ids would differ between server and client render.
  const dndId = useId();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On touch screens a card is picked up by pressing and holding, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );

  const setParam = (key: string, value: string) => {
    const p = new URLSearchParams(sp.toString());
    if (value) p.set(key, value);
    else p.delete(key);
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const anyFilter = BOARD_FILTERS.some((k) => sp.get(k));
  const indexOf = (stageId: string) => stages.findIndex((s) => s.id === stageId);

  const onDragStart = (e: DragStartEvent) => setDragging(items.find((i) => i.id === e.active.id) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const item = items.find((i) => i.id === e.active.id);
    const to = e.over?.id ? String(e.over.id) : null;
    if (!item || !to || to === item.stageId) return;
    setGate({ productId: item.id, toStageId: to, mode: indexOf(to) > indexOf(item.stageId) ? "advance" : "back" });
  };

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/${org.slug}/products/roadmap`} className="inline-flex h-10 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
              <GanttChartSquare className="size-4" aria-hidden /> {t("roadmap")}
            </Link>
            {maySettings && (
              <Link href={`/${org.slug}/settings/lifecycle`} className="inline-flex h-10 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
                <Settings2 className="size-4" aria-hidden /> {t("lifecycle")}
              </Link>
            )}
            {mayCreate && (
              <Button onClick={() => setCreating(true)} data-testid="new-product">
                <Plus className="size-4" aria-hidden /> {t("new")}
              </Button>
            )}
          </div>
        }
      />

      <div className="mb-4 flex flex-wrap items-end gap-2" role="search">
        <Input
          type="search"
          aria-label={t("search")}
          placeholder={t("search")}
          defaultValue={input.search ?? ""}
          onKeyDown={(e) => e.key === "Enter" && setParam("q", (e.target as HTMLInputElement).value)}
          onBlur={(e) => setParam("q", e.target.value)}
          className="w-56"
        />
        <Select aria-label={t("filterOwner")} value={input.ownerId ?? ""} onChange={(e) => setParam("owner", e.target.value)} className="w-48">
          <option value="">{t("anyOwner")}</option>
          <MemberOptions />
        </Select>
        <Select aria-label={t("filterDepartment")} value={input.departmentId ?? ""} onChange={(e) => setParam("department", e.target.value)} className="w-48">
          <option value="">{t("anyDepartment")}</option>
          <DepartmentOptions />
        </Select>
        {anyFilter && (
          <Button variant="ghost" onClick={() => router.replace(pathname, { scroll: false })}>
            {t("clearFilters")}
          </Button>
        )}
      </div>

      {items.length === 0 && !anyFilter ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            mayCreate && (
              <Button onClick={() => setCreating(true)}>
                <Plus className="size-4" aria-hidden /> {t("new")}
              </Button>
            )
          }
        />
      ) : (
        <>
          {mayMove && <p className="mb-2 text-xs text-zinc-500">{t("dragHint")}</p>}
          <DndContext id={dndId} sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
            <div className="flex gap-3 overflow-x-auto pb-4" data-testid="product-board">
              {stages.map((s, i) => (
                <Column key={s.id} id={s.id} title={stageLabel(s)} count={items.filter((p) => p.stageId === s.id).length} index={i}>
                  {items
                    .filter((p) => p.stageId === s.id)
                    .map((p) => (
                      <ProductCard
                        key={p.id}
                        item={p}
                        draggable={mayMove && !p.pendingGate}
                        onAdvance={i < stages.length - 1 ? () => setGate({ productId: p.id, mode: "advance" }) : undefined}
                        onBack={i > 0 ? () => setGate({ productId: p.id, mode: "back" }) : undefined}
                        mayMove={mayMove}
                      />
                    ))}
                </Column>
              ))}
            </div>
            <DragOverlay>{dragging ? <CardBody item={dragging} className="rotate-2 shadow-lg" /> : null}</DragOverlay>
          </DndContext>
          {items.length === 0 && <p className="text-sm text-zinc-500">{t("noMatches")}</p>}
        </>
      )}

      {creating && <ProductFormDialog mode="create" myUserId={myUserId} myDepartmentId={myDepartmentId} onClose={() => setCreating(false)} />}
      {gate && <GateDialog target={gate} onClose={() => setGate(null)} />}
    </div>
  );
}

function Column({ id, title, count, index, children }: { id: string; title: string; count: number; index: number; children: React.ReactNode }) {
  const { isOver, setNodeRef } = useDroppable({ id });
  return (
    <section
      ref={setNodeRef}
      aria-label={title}
      data-testid={`stage-column-${index}`}
      className={cn(
        "flex w-64 shrink-0 flex-col rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/50",
        isOver && "border-brand-500 ring-2 ring-brand-500/30",
      )}
    >
      <h2 className="flex items-center justify-between px-3 py-2 text-sm font-semibold">
        <span className="truncate">{title}</span>
        <span className="rounded-full bg-zinc-200 px-2 text-xs font-medium tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{count}</span>
      </h2>
      <div className="flex min-h-24 flex-1 flex-col gap-2 p-2 pt-0">{children}</div>
    </section>
  );
}

function CardBody({ item, className, menu }: { item: Item; className?: string; menu?: React.ReactNode }) {
  const t = useTranslations("products");
  const org = useOrg();
  return (
    <Card className={cn("space-y-2 p-3 text-sm", className)}>
      <div className="flex items-start justify-between gap-2">
        <Link href={`/${org.slug}/products/${item.id}`} className="font-medium hover:underline" data-testid="product-card-link">
          {item.name}
        </Link>
        {menu}
      </div>
      <div className="text-xs text-zinc-500">
        {item.ownerName}
        {item.departmentName ? ` · ${item.departmentName}` : ""}
      </div>
      <ChecklistMeter done={item.checklist.done} total={item.checklist.total} />
      <div className="flex flex-wrap items-center justify-between gap-1 text-xs text-zinc-500">
        <span>{t("daysInStage", { days: item.daysInStage })}</span>
        {item.pendingGate && <PendingGateBadge />}
      </div>
    </Card>
  );
}

function ProductCard({
  item,
  draggable,
  mayMove,
  onAdvance,
  onBack,
}: {
  item: Item;
  draggable: boolean;
  mayMove: boolean;
  onAdvance?: () => void;
  onBack?: () => void;
}) {
  const t = useTranslations("products");
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: item.id, disabled: !draggable });
  const menu =
    mayMove && (onAdvance || onBack) ? (
      <Menu>
        <MenuTrigger asChild>
          <button type="button" className="rounded p-0.5 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label={t("cardMenu", { name: item.name })}>
            <MoreHorizontal className="size-4" aria-hidden />
          </button>
        </MenuTrigger>
        <MenuContent align="end">
          {onAdvance && (
            <MenuItem onSelect={onAdvance} disabled={!!item.pendingGate}>
              {t("requestGate")}
            </MenuItem>
          )}
          {onBack && (
            <MenuItem onSelect={onBack} disabled={!!item.pendingGate}>
              {t("moveBack")}
            </MenuItem>
          )}
        </MenuContent>
      </Menu>
    ) : null;
  return (
    <div
      ref={setNodeRef}
      {...(draggable ? listeners : {})}
      {...(draggable ? attributes : {})}
      aria-roledescription={draggable ? t("draggableCard") : undefined}
      data-testid="product-card"
      data-product-id={item.id}
      className={cn(draggable && "cursor-grab", isDragging && "opacity-40")}
    >
      <CardBody item={item} menu={menu} />
    </div>
  );
}
