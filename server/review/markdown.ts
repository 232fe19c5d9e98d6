/**
 * Pure text of the quarterly review: the Markdown export and the retro cards it proposes, both in
 * the reader's language (the `review` message namespace). No database access here.
 */
import { createTranslator } from "next-intl";
import { CATALOGS } from "@/app/_i18n/catalog";
import { formatMinor } from "../campaigns/money";
import type { MessageLocale } from "../i18n";
import { GOOD_GRADE, type Review } from "./queries";

export type ReviewT = (key: string, params?: Record<string, string | number>) => string;

/** A translator for the `review` namespace in a locale. */
export function reviewTranslator(locale: MessageLocale): ReviewT {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: "review" as never });
  return t as unknown as ReviewT;
}

/** Text inside a table cell: pipes escaped, line breaks kept as <br>, no stray HTML. */
export function mdCell(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r\n|\r|\n/g, "<br>")
    .trim();
}

/** Text on one line outside tables (headings, list items): line breaks become spaces. */
export function mdInline(s: string): string {
  return s.replace(/\s*(\r\n|\r|\n)+\s*/g, " ").trim();
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(mdCell).join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`)];
}

export interface Formatters {
  grade: (v: number | null) => string;
  percent: (v: number | null) => string;
  money: (minor: number | null, currency: string) => string;
  stage: (s: { key: string | null; name: string } | null) => string;
}

export function formatters(locale: MessageLocale, t: ReviewT, stageName: (key: string) => string | null): Formatters {
  const num = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return {
    grade: (v) => (v == null ? "—" : num.format(v)),
    percent: (v) => (v == null ? "—" : pct.format(v)),
    money: (minor, currency) => (minor == null ? "—" : `${formatMinor(minor, currency)} ${currency}`),
    stage: (s) => {
      if (!s) return "—";
      if (s.name) return s.name;
      return (s.key && stageName(s.key)) || s.key || t("md.unknown");
    },
  };
}

/** The product stage names of the default lifecycle, in a locale. */
export function defaultStageName(locale: MessageLocale) {
  const stages = (CATALOGS[locale].products as { stage?: Record<string, unknown> } | undefined)?.stage ?? {};
  return (key: string) => (typeof stages[key] === "string" ? (stages[key] as string) : null);
}

export function metricLabel(t: ReviewT, g: { metric: string; customName: string }) {
  return g.metric === "custom" ? g.customName || t("metric.custom") : t(`metric.${g.metric}`);
}

/** The whole review as a Markdown document. */
export function reviewMarkdown(r: Review, locale: MessageLocale): string {
  const t = reviewTranslator(locale);
  const f = formatters(locale, t, defaultStageName(locale));
  const out: string[] = [];
  const section = (title: string) => out.push("", `## ${title}`, "");
  const empty = (key: string) => out.push(`_${t(key)}_`);

  out.push(`# ${mdInline(t("title", { period: r.period.name }))}`, "");
  out.push(t("md.range", { from: r.period.startsOn, to: r.period.endsOn, status: t(`periodStatus.${r.period.status}`) }));
  out.push("", `_${t("md.generated", { date: r.generatedOn })}_`);

  // OKRs ---------------------------------------------------------------------------------------
  section(t("okrs.title"));
  const s = r.okrs.summary;
  if (!s.objectives) empty("okrs.empty");
  else {
    out.push(`- ${t("okrs.summary", { graded: s.graded, objectives: s.objectives, mean: f.grade(s.meanScore) })}`);
    out.push(`- ${t("okrs.krSummary", { total: s.keyResults, graded: s.krGraded, missed: s.krMissed, skipped: s.krSkipped })}`, "");
    out.push(`### ${t("okrs.byDepartment")}`, "");
    out.push(
      ...table(
        [t("col.department"), t("col.objectives"), t("col.graded"), t("col.meanGrade"), t("col.meanProgress")],
        r.okrs.departments.map((d) => [d.departmentName ?? t("okrs.noDepartment"), String(d.objectives), String(d.graded), f.grade(d.meanScore), `${Math.round(d.meanProgress)}%`]),
      ),
    );
    out.push("", `### ${t("okrs.objectives")}`, "");
    out.push(
      ...table(
        [t("col.objective"), t("col.department"), t("col.owner"), t("col.grade"), t("col.progress"), t("col.keyResults")],
        r.okrs.objectives.map((o) => [
          o.title,
          o.departmentName ?? t("okrs.noDepartment"),
          o.ownerName,
          f.grade(o.score),
          `${Math.round(o.progress)}%`,
          o.keyResults
            .map((k) => `${k.title}: ${k.skipped ? t("okrs.skipped") : f.grade(k.grade)}${k.missed ? ` (${t("okrs.missed")})` : ""}`)
            .join("\n"),
        ]),
      ),
    );
  }

  // Campaigns ----------------------------------------------------------------------------------
  section(t("campaigns.title"));
  if (!r.campaigns.items.length) empty("campaigns.empty");
  else {
    out.push(
      ...table(
        [t("col.campaign"), t("col.status"), t("col.budget"), t("col.spend"), t("col.revenue"), t("col.roi"), t("col.goals")],
        r.campaigns.items.map((c) => [
          c.name,
          t(`campaignStatus.${c.status}`),
          f.money(c.budgetMinor, c.currency),
          `${f.money(c.spendMinor, c.currency)}${c.overBudget ? ` (${t("campaigns.overBudget")})` : ""}`,
          f.money(c.revenueMinor, c.currency),
          f.percent(c.roi),
          c.goals.length
            ? c.goals.map((g) => `${metricLabel(t, g)}: ${g.metric === "revenue" ? formatMinor(g.actual, c.currency) : g.actual} / ${g.metric === "revenue" ? formatMinor(g.target, c.currency) : g.target} ${g.met ? "✓" : "✗"}`).join("\n")
            : "—",
        ]),
      ),
    );
    const b = r.campaigns.base;
    out.push("", t("campaigns.totals", { budget: f.money(b.budgetMinor, b.currency), spend: f.money(b.spendMinor, b.currency), revenue: f.money(b.revenueMinor, b.currency) }));
  }

  // Risks --------------------------------------------------------------------------------------
  section(t("risks.title"));
  const rk = r.risks;
  if (!rk.moves.length && !rk.created.length && !rk.closed.length) empty("risks.empty");
  else {
    out.push(`- ${t("risks.summary", { rose: rk.rose, fell: rk.fell, created: rk.created.length, closed: rk.closed.length, unchanged: rk.unchanged })}`);
    if (rk.moves.length) {
      out.push("", `### ${t("risks.movement")}`, "");
      out.push(
        ...table(
          [t("col.risk"), t("col.start"), t("col.end"), t("col.change")],
          rk.moves.map((m) => [m.title, m.from ? `${m.from.score} (${m.from.likelihood}×${m.from.impact})` : "—", `${m.to.score} (${m.to.likelihood}×${m.to.impact})`, t(`direction.${m.direction}`)]),
        ),
      );
    }
    if (rk.created.length) {
      out.push("", `### ${t("risks.created")}`, "");
      for (const x of rk.created) out.push(`- ${mdInline(x.title)} (${x.createdAt.slice(0, 10)})`);
    }
    if (rk.closed.length) {
      out.push("", `### ${t("risks.closed")}`, "");
      for (const x of rk.closed) out.push(`- ${mdInline(x.title)} (${x.closedAt.slice(0, 10)})`);
    }
  }

  // Products -----------------------------------------------------------------------------------
  section(t("products.title"));
  if (!r.products.changes.length) empty("products.empty");
  else {
    out.push(
      ...table(
        [t("col.product"), t("col.from"), t("col.to"), t("col.date"), t("col.how")],
        r.products.changes.map((c) => [c.productName, f.stage(c.from), f.stage(c.to), c.enteredAt.slice(0, 10), t(`visitKind.${c.kind}`)]),
      ),
    );
  }

  // Retro actions ------------------------------------------------------------------------------
  section(t("retros.title"));
  const rs = r.retros;
  const actionRow = (a: (typeof rs.actions)[number]) => [
    a.title,
    a.retroTitle,
    a.ownerName ?? "—",
    a.dueOn ?? "—",
    `${t(`actionStatus.${a.status}`)}${a.overdue ? ` (${t("retros.overdue")})` : ""}`,
  ];
  const head = [t("col.action"), t("col.retro"), t("col.owner"), t("col.due"), t("col.status")];
  if (!rs.retros.length && !rs.carried.length) empty("retros.empty");
  else {
    out.push(`- ${t("retros.summary", { total: rs.summary.total, done: rs.summary.done, open: rs.summary.open, overdue: rs.summary.overdue })}`);
    if (rs.actions.length) out.push("", ...table(head, rs.actions.map(actionRow)));
    else out.push("", `_${t("retros.noActions")}_`);
    if (rs.carried.length) {
      out.push("", `### ${t("retros.carried", { period: rs.previousPeriod?.name ?? "" })}`, "");
      out.push(...table(head, rs.carried.map(actionRow)));
    }
  }
  return `${out.join("\n")}\n`;
}

export type PrefillKind = "good" | "bad";
export interface PrefillItem {
  /** Stable across runs and languages: what the card is about. */
  key: string;
  kind: PrefillKind;
  body: string;
}

/** The retro cards the review proposes: what went well and what to improve. */
export function prefillItems(r: Review, locale: MessageLocale): PrefillItem[] {
  const t = reviewTranslator(locale);
  const f = formatters(locale, t, defaultStageName(locale));
  const items: PrefillItem[] = [];
  for (const o of r.okrs.objectives) {
    if (o.score != null && o.score >= GOOD_GRADE - 1e-9) items.push({ key: `objective:${o.id}`, kind: "good", body: t("card.objectiveGood", { title: o.title, grade: f.grade(o.score) }) });
  }
  for (const c of r.campaigns.items) {
    if (c.goalsMet && !c.overBudget) items.push({ key: `campaignGoals:${c.id}`, kind: "good", body: t("card.campaignGood", { name: c.name, roi: f.percent(c.roi) }) });
  }
  for (const m of r.risks.moves) {
    if (m.direction === "down") items.push({ key: `riskDown:${m.riskId}`, kind: "good", body: t("card.riskDown", { title: m.title, from: m.from?.score ?? 0, to: m.to.score }) });
  }
  for (const o of r.okrs.objectives) {
    for (const k of o.keyResults) {
      if (k.missed) items.push({ key: `keyResult:${k.id}`, kind: "bad", body: t("card.krMissed", { title: k.title, grade: f.grade(k.grade) }) });
    }
  }
  for (const c of r.campaigns.items) {
    if (c.overBudget) items.push({ key: `campaignBudget:${c.id}`, kind: "bad", body: t("card.campaignOver", { name: c.name, spend: f.money(c.spendMinor, c.currency), budget: f.money(c.budgetMinor, c.currency) }) });
    // A running campaign may still reach its goals: only a finished one has missed them.
    if (c.goalsMet === false && c.finished) {
      const missed = c.goals.filter((g) => !g.met).map((g) => metricLabel(t, g)).join(", ");
      items.push({ key: `campaignMissed:${c.id}`, kind: "bad", body: t("card.campaignMissed", { name: c.name, goals: missed }) });
    }
  }
  for (const m of r.risks.moves) {
    if (m.direction === "up") items.push({ key: `riskUp:${m.riskId}`, kind: "bad", body: t("card.riskUp", { title: m.title, from: m.from?.score ?? 0, to: m.to.score }) });
  }
  for (const a of [...r.retros.actions, ...r.retros.carried]) {
    if (a.overdue) items.push({ key: `actionOverdue:${a.id}`, kind: "bad", body: t("card.actionOverdue", { title: a.title }) });
  }
  return items;
}
