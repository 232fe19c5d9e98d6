"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { Fragment, useRef, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { COMMENT_ENTITIES } from "@/server/comments/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { EmptyState, Skeleton } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { SectionCard } from "@/app/_components/ui/section-card";
import { errorData, showServerError } from "./errors";
import { useCan, useOrg } from "./org-context";
import { useErrorText } from "./use-error-text";

export type CommentEntity = (typeof COMMENT_ENTITIES)[number];

export interface Member {
  userId: string;
  name: string;
}

/** The organisation's members who can be @mentioned, by user id. */
export function useMentionMembers(): Map<string, Member> {
  const org = useOrg();
  const trpc = useTRPC();
  const membersQuery = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  return new Map<string, Member>((membersQuery.data?.items ?? []).map((m) => [m.userId, { userId: m.userId, name: m.name }]));
}

const MAX_BODY = 5000;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Keeps only the mentioned people whose "@Name" is still in the text (each once). */
function keptMentions(body: string, ids: string[], members: Map<string, Member>): string[] {
  return [...new Set(ids)].filter((id) => {
    const m = members.get(id);
    return m ? body.includes(`@${m.name}`) : false;
  });
}

/**
 * The comments of one objective, campaign, product or risk, with @mentions (the people mentioned are
 * notified by the server). Everyone may read; all but viewers may write; authors edit and delete their
 * own comments, admins and owners may delete any.
 */
export function Comments({ entityType, entityId }: { entityType: CommentEntity; entityId: string }) {
  const t = useTranslations("comments");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mayWrite = useCan("comment.write");
  const mayModerate = org.role === "owner" || org.role === "admin";
  const listOptions = trpc.comment.list.queryOptions({ orgSlug: org.slug, entityType, entityId });
  const list = useQuery(listOptions);
  const members = useMentionMembers();
  const add = useMutation(trpc.comment.add.mutationOptions());
  const remove = useMutation(trpc.comment.delete.mutationOptions());
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: listOptions.queryKey });

  const onDelete = async () => {
    if (!deletingId) return;
    try {
      await remove.mutateAsync({ orgSlug: org.slug, commentId: deletingId });
      toast.success(t("deleted"));
      setDeletingId(null);
    } catch (e) {
      showServerError(e);
    } finally {
      await invalidate();
    }
  };

  const items = list.data ?? [];

  return (
    <SectionCard title={t("title")} id="comments" className="min-w-0">
      <div data-testid="comments" className="space-y-4">
        {list.isPending ? (
          <div className="space-y-3" aria-busy="true" aria-label={t("loading")}>
            {[0, 1].map((i) => (
              <div key={i} className="space-y-2">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-10 w-full" />
              </div>
            ))}
          </div>
        ) : list.isError ? (
          <div role="alert" className="flex flex-wrap items-center gap-2 text-sm text-red-600 dark:text-red-400">
            <span>{t("loadError")}</span>
            <Button size="sm" variant="secondary" onClick={() => void list.refetch()}>
              {t("retry")}
            </Button>
          </div>
        ) : items.length === 0 ? (
          <EmptyState title={t("empty")} description={mayWrite ? t("emptyHint") : undefined} />
        ) : (
          <ul className="space-y-4">
            {items.map((c) => (
              <CommentItem
                key={c.id}
                comment={c}
                members={members}
                mayEdit={mayWrite && c.mine}
                mayDelete={mayWrite && (c.mine || mayModerate)}
                onDelete={() => setDeletingId(c.id)}
                onChanged={invalidate}
              />
            ))}
          </ul>
        )}

        {mayWrite && (
          <MentionComposer
            members={members}
            label={t("add")}
            submitLabel={t("submit")}
            submitTestId="comment-submit"
            onSubmit={async (body, mentionIds) => {
              await add.mutateAsync({ orgSlug: org.slug, entityType, entityId, body, mentionIds });
              toast.success(t("added"));
              await invalidate();
            }}
            pending={add.isPending}
            resetOnSubmit
          />
        )}
      </div>
      <ConfirmDialog
        open={deletingId !== null}
        onOpenChange={(open) => !open && setDeletingId(null)}
        title={t("deleteTitle")}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={onDelete}
        loading={remove.isPending}
        confirmTestId="comment-delete-confirm"
      />
    </SectionCard>
  );
}

interface CommentView {
  id: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  mentionIds: string[];
  createdAt: Date | string;
  editedAt: Date | string | null;
  version: number;
  mine: boolean;
}

function CommentItem({
  comment: c,
  members,
  mayEdit,
  mayDelete,
  onDelete,
  onChanged,
}: {
  comment: CommentView;
  members: Map<string, Member>;
  mayEdit: boolean;
  mayDelete: boolean;
  onDelete: () => void;
  onChanged: () => Promise<unknown>;
}) {
  const t = useTranslations("comments");
  const tc = useTranslations("common");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const update = useMutation(trpc.comment.update.mutationOptions());
  const [editing, setEditing] = useState(false);
  const created = new Date(c.createdAt);
  const edited = c.editedAt ? new Date(c.editedAt) : null;
  const ago = (d: Date) => format.relativeTime(new Date(Math.min(d.getTime(), now.getTime())), now);
  const full = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <li data-testid="comment" className="group">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-medium">{c.authorName ?? t("unknownAuthor")}</span>
          <time suppressHydrationWarning className="text-xs text-zinc-500" dateTime={created.toISOString()} title={full(created)}>
            {ago(created)}
          </time>
          {edited && (
            <span suppressHydrationWarning className="text-xs text-zinc-500" title={t("editedAt", { when: full(edited) })}>
              ({t("edited")})
            </span>
          )}
        </div>
        {!editing && (mayEdit || mayDelete) && (
          <div className="flex items-center gap-1">
            {mayEdit && (
              <Button size="sm" variant="ghost" className="h-7 px-2" aria-label={t("edit")} title={t("edit")} onClick={() => setEditing(true)}>
                <Pencil className="size-3.5" aria-hidden />
              </Button>
            )}
            {mayDelete && (
              <Button size="sm" variant="ghost" className="h-7 px-2" aria-label={t("delete")} title={t("delete")} onClick={onDelete}>
                <Trash2 className="size-3.5" aria-hidden />
              </Button>
            )}
          </div>
        )}
      </div>
      {editing ? (
        <div className="mt-2">
          <MentionComposer
            members={members}
            label={t("editLabel")}
            submitLabel={tc("save")}
            initialBody={c.body}
            initialMentionIds={c.mentionIds}
            pending={update.isPending}
            onCancel={() => setEditing(false)}
            onSubmit={async (body, mentionIds) => {
              await update.mutateAsync({ orgSlug: org.slug, commentId: c.id, version: c.version, body, mentionIds });
              toast.success(t("updated"));
              setEditing(false);
              await onChanged();
            }}
            onReload={async () => {
              setEditing(false);
              await onChanged();
            }}
            autoFocus
          />
        </div>
      ) : (
        <p data-testid="comment-body" className="mt-1 whitespace-pre-wrap break-words text-sm">
          <Body body={c.body} mentionIds={c.mentionIds} members={members} />
        </p>
      )}
    </li>
  );
}

/** The text, with each "@Name" of a mentioned member shown as a chip. */
function Body({ body, mentionIds, members }: { body: string; mentionIds: string[]; members: Map<string, Member> }) {
  const names = [...new Set(mentionIds.flatMap((id) => (members.get(id) ? [members.get(id)!.name] : [])))]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  if (!names.length) return <>{body}</>;
  const parts = body.split(new RegExp(`(@(?:${names.map(escapeRe).join("|")}))`, "g"));
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span
            key={i}
            data-testid="comment-mention"
            className="rounded bg-brand-50 px-1 font-medium text-brand-700 dark:bg-brand-500/20 dark:text-brand-100"
          >
            {part}
          </span>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * The text box for a new comment or an edit: "Mention…" inserts "@Name " at the cursor; Ctrl/Cmd+Enter
 * submits with the ids of the people still named in the text. Also used for comments on approval requests.
 */
export function MentionComposer({
  members,
  label,
  submitLabel,
  submitTestId,
  initialBody = "",
  initialMentionIds = [],
  pending,
  onSubmit,
  onCancel,
  onReload,
  resetOnSubmit,
  autoFocus,
  maxLength = MAX_BODY,
}: {
  members: Map<string, Member>;
  label: string;
  submitLabel: string;
  submitTestId?: string;
  initialBody?: string;
  initialMentionIds?: string[];
  pending: boolean;
  onSubmit: (body: string, mentionIds: string[]) => Promise<void>;
  onCancel?: () => void;
  onReload?: () => Promise<void>;
  resetOnSubmit?: boolean;
  autoFocus?: boolean;
  maxLength?: number;
}) {
  const t = useTranslations("comments");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const [body, setBody] = useState(initialBody);
  const [mentionIds, setMentionIds] = useState<string[]>(initialMentionIds);
  const [error, setError] = useState<string | undefined>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const empty = body.trim().length === 0;

  const mention = (userId: string) => {
    const m = members.get(userId);
    if (!m) return;
    const el = ref.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const before = body.slice(0, start);
    const insert = `${before && !/\s$/.test(before) ? " " : ""}@${m.name} `;
    const next = before + insert + body.slice(end);
    setBody(next);
    setMentionIds((ids) => (ids.includes(userId) ? ids : [...ids, userId]));
    requestAnimationFrame(() => {
      if (!ref.current) return;
      const pos = start + insert.length;
      ref.current.focus();
      ref.current.setSelectionRange(pos, pos);
    });
  };

  const submit = async () => {
    if (empty || pending) return;
    setError(undefined);
    try {
      await onSubmit(body.trim(), keptMentions(body, mentionIds, members));
      if (resetOnSubmit) {
        setBody("");
        setMentionIds([]);
      }
    } catch (e) {
      const fields = errorData(e).fieldErrors;
      const msg = fields?.body ?? fields?.mentionIds;
      if (msg?.length) setError(errorText(msg.join(" ")));
      else showServerError(e, { reloadLabel: tc("reload"), onReload: onReload ? () => void onReload() : undefined });
    }
  };

  const memberList = [...members.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label={label} error={error} hint={t("shortcut")}>
        {(p) => (
          <Textarea
            {...p}
            ref={ref}
            rows={3}
            maxLength={maxLength}
            value={body}
            autoFocus={autoFocus}
            placeholder={t("placeholder")}
            onChange={(e) => {
              setBody(e.target.value);
              if (error) setError(undefined);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              } else if (e.key === "Escape" && onCancel) {
                e.preventDefault();
                onCancel();
              }
            }}
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Select
          aria-label={t("mentionLabel")}
          className="w-auto max-w-56 py-1.5"
          value=""
          disabled={memberList.length === 0}
          onChange={(e) => e.target.value && mention(e.target.value)}
        >
          <option value="">{t("mention")}</option>
          {memberList.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </Select>
        <div className="flex items-center gap-2">
          {onCancel && (
            <Button size="sm" variant="secondary" onClick={onCancel}>
              {tc("cancel")}
            </Button>
          )}
          <Button size="sm" type="submit" loading={pending} disabled={empty} data-testid={submitTestId}>
            {submitLabel}
          </Button>
        </div>
      </div>
    </form>
  );
}
