import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { campaigns, comments, objectives, products, risks, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, notFound } from "../errors";
import { notify } from "../notifications/service";
import { assertOrgMembers } from "../okrs/refs";
import type { Actor } from "../org/actor";
import type { COMMENT_ENTITIES, ZAddCommentInput, ZCommentTarget, ZUpdateCommentInput } from "./schema";

type EntityType = (typeof COMMENT_ENTITIES)[number];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TABLES = {
  objective: { table: objectives, title: objectives.title, path: (slug: string, id: string) => `/${slug}/okrs/o/${id}` },
  campaign: { table: campaigns, title: campaigns.name, path: (slug: string, id: string) => `/${slug}/campaigns/${id}` },
  product: { table: products, title: products.name, path: (slug: string, id: string) => `/${slug}/products/${id}` },
  risk: { table: risks, title: risks.title, path: (slug: string, id: string) => `/${slug}/risks/${id}` },
} as const;

/** The thing commented on, of the actor's organisation (another tenant's is simply not found). */
async function loadTarget(tx: DbOrTx, actor: Actor, entityType: EntityType, entityId: string) {
  const t = TABLES[entityType];
  if (!UUID_RE.test(entityId)) throw notFound(entityType);
  const [row] = await tx
    .select({ id: t.table.id, title: t.title })
    .from(t.table)
    .where(and(eq(t.table.id, entityId), eq(t.table.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound(entityType);
  return { ...row, link: t.path(actor.orgSlug, row.id) };
}


export async function listComments(db: DbOrTx, actor: Actor, input: z.infer<typeof ZCommentTarget>) {
  await loadTarget(db, actor, input.entityType, input.entityId);
  const rows = await db
    .select({ c: comments, authorName: users.name })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.orgId, actor.orgId), eq(comments.entityType, input.entityType), eq(comments.entityId, input.entityId)))
    .orderBy(asc(comments.createdAt))
    .limit(500);
  return rows.map(({ c, authorName }) => ({
    id: c.id,
    body: c.body,
    authorId: c.authorId,
    authorName,
    mentionIds: c.mentionIds,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    version: c.version,
    mine: c.authorId === actor.userId,
  }));
}

/** Adds a comment; the people it mentions (other than its author) are notified with a link to it. */
export async function addComment(db: Database, actor: Actor, input: z.infer<typeof ZAddCommentInput>) {
  return db.transaction(async (tx) => {
    const target = await loadTarget(tx, actor, input.entityType, input.entityId);
    const mentionIds = [...new Set(input.mentionIds)];
    await assertOrgMembers(tx, actor, mentionIds, "mentionIds");
    const [row] = await tx
      .insert(comments)
      .values({ orgId: actor.orgId, entityType: input.entityType, entityId: target.id, authorId: actor.userId, body: input.body, mentionIds })
      .returning();
    await notify(tx, actor.orgId, mentionIds.filter((u) => u !== actor.userId), { kind: "mention", params: { title: target.title }, link: target.link });
    await recordAudit(tx, actor, { entityType: input.entityType, entityId: target.id, action: "comment_add", after: { commentId: row!.id, mentionIds } });
    return row!;
  });
}

async function ownComment(tx: DbOrTx, actor: Actor, commentId: string, opts: { adminMay?: boolean } = {}) {
  if (!UUID_RE.test(commentId)) throw notFound("comment");
  const [c] = await tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!c) throw notFound("comment");
  const admin = actor.role === "admin" || actor.role === "owner";
  if (c.authorId !== actor.userId && !(opts.adminMay && admin)) throw new AppError("FORBIDDEN", "e.comment.notYours");
  return c;
}

/** Only its author edits a comment; newly mentioned people are notified. */
export async function updateComment(db: Database, actor: Actor, input: z.infer<typeof ZUpdateCommentInput>) {
  return db.transaction(async (tx) => {
    const before = await ownComment(tx, actor, input.commentId);
    if (before.version !== input.version) throw conflict("comment");
    const mentionIds = [...new Set(input.mentionIds)];
    await assertOrgMembers(tx, actor, mentionIds, "mentionIds");
    const [after] = await tx
      .update(comments)
      .set({ body: input.body, mentionIds, editedAt: new Date(), updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(comments.id, before.id), eq(comments.version, input.version)))
      .returning();
    if (!after) throw conflict("comment");
    const target = await loadTarget(tx, actor, before.entityType, before.entityId);
    const added = mentionIds.filter((u) => !before.mentionIds.includes(u) && u !== actor.userId);
    await notify(tx, actor.orgId, added, { kind: "mention", params: { title: target.title }, link: target.link });
    await recordAudit(tx, actor, { entityType: before.entityType, entityId: before.entityId, action: "comment_update", before: { commentId: before.id }, after: { commentId: before.id, mentionIds } });
    return after;
  });
}

/** Its author, or an admin (moderation), deletes a comment. */
export async function deleteComment(db: Database, actor: Actor, commentId: string) {
  return db.transaction(async (tx) => {
    const before = await ownComment(tx, actor, commentId, { adminMay: true });
    await tx.delete(comments).where(eq(comments.id, before.id));
    await recordAudit(tx, actor, { entityType: before.entityType, entityId: before.entityId, action: "comment_delete", before: { commentId: before.id, authorId: before.authorId } });
    return { id: before.id };
  });
}
