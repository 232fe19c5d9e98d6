/**
 * `npm run bench:seed -- --scale N [--url <DATABASE_URL>]`
 *
 * Generates a deterministic large organisation (slug "bench") for the benchmarks. At scale 1: 20
 * departments, 500 users, 4 periods, 2,000 objectives, 8,000 key results, 100,000 check-ins, 1,000
 * campaigns with 20,000 spend entries, 2,000 risks with 10,000 assessments, 200 retros with 10,000
 * cards, 50,000 audit events (plus the memberships, alignments, budget lines, approvals, retro
 * groups, votes and actions that make the data look real). Scale N multiplies every count except
 * the periods (a year of quarters), so a department's OKR list keeps its size and the org grows.
 *
 * Rows go in with `insert … select from unnest($1::type[], …)`: one statement per batch of 5,000
 * rows, a handful of parameters, and works the same on PostgreSQL and PGlite. Generation streams
 * batch by batch, so memory holds only ids and one batch per table.
 *
 * Without --url, a local PostgreSQL is started on a persistent folder (bench/pg.ts) and the data
 * goes to database lodestar_bench_s<N> (dropped and recreated). With --url pglite:<folder> it goes
 * to PGlite. Every user's password is BENCH_PASSWORD.
 */
import fs from "node:fs";
import path from "node:path";
import { createDb } from "@/db/client";
import { DEFAULT_CAMPAIGN_CHANNELS } from "@/db/schema/campaigns";
import { DEFAULT_RISK_CATEGORIES } from "@/db/schema/risks";
import { hashPassword } from "@/server/auth/password";
import { BENCH_ORG_SLUG, BENCH_OWNER_EMAIL, BENCH_PASSWORD, parseArgs } from "./common";
import { benchDbName, rawClientOf, recreateDatabase, startLocalPostgres, type RawClient } from "./pg";
import { Rng, share } from "./prng";

/** "Today" inside the generated data (fixed, so runs are comparable). */
export const BENCH_NOW = new Date("2026-11-27T12:00:00Z");
const YEAR = 2026;
const BATCH = 5_000;
const DAY = 86_400_000;

type ColType = "uuid" | "text" | "int4" | "int8" | "int2" | "float8" | "bool" | "date" | "timestamptz" | "jsonb" | "text[]" | "uuid[]" | `enum:${string}`;

interface TableStats {
  rows: number;
  ms: number;
}

/** Buffers rows of one table column-wise and inserts them in batches (parents first). */
class Sink {
  private cols: unknown[][];
  private n = 0;
  readonly stats: TableStats = { rows: 0, ms: 0 };
  constructor(
    private readonly client: RawClient,
    readonly table: string,
    private readonly columns: [string, ColType][],
    private readonly parents: Sink[] = [],
  ) {
    this.cols = columns.map(() => []);
  }
  async push(...values: unknown[]) {
    if (values.length !== this.columns.length) throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    for (let i = 0; i < values.length; i++) this.cols[i]!.push(values[i]);
    if (++this.n >= BATCH) await this.flush();
  }
  async flush() {
    for (const p of this.parents) await p.flush();
    if (!this.n) return;
    const params = this.columns.map(([, t], i) => {
      const col = this.cols[i]!;
      if (t === "jsonb") return col.map((v) => (v == null ? null : JSON.stringify(v)));
      if (t === "text[]" || t === "uuid[]") return col.map((v) => (v == null ? null : `{${(v as string[]).map((s) => `"${s.replace(/["\\]/g, "\\$&")}"`).join(",")}}`));
      return col;
    });
    const paramType = (t: ColType) => (t === "jsonb" || t === "text[]" || t === "uuid[]" || t.startsWith("enum:") ? "text" : t);
    const cast = (t: ColType) => (t.startsWith("enum:") ? t.slice(5) : t);
    const text =
      `insert into "${this.table}" (${this.columns.map(([c]) => `"${c}"`).join(", ")}) ` +
      `select ${this.columns.map(([, t], i) => `u.c${i}::${cast(t)}`).join(", ")} ` +
      `from unnest(${this.columns.map(([, t], i) => `$${i + 1}::${paramType(t)}[]`).join(", ")}) as u(${this.columns.map((_, i) => `c${i}`).join(", ")})`;
    const started = performance.now();
    await this.client.query(text, params);
    this.stats.ms += performance.now() - started;
    this.stats.rows += this.n;
    this.cols = this.columns.map(() => []);
    this.n = 0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}

let peakRss = 0;

const FIRST = ["Ada", "Bo", "Chen", "Dana", "Emil", "Fatima", "Goro", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mina", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tao", "Uma", "Vera", "Wei", "Xenia", "Yusuf", "Zoe"];
const LAST = ["Abe", "Berg", "Costa", "Diaz", "Eng", "Fox", "Gupta", "Hill", "Ito", "Jensen", "Kim", "Li", "Moreau", "Novak", "Okafor", "Park", "Rossi", "Sato", "Tan", "Varga", "Wang", "Xu", "Young", "Zhou"];
const WORDS = ["pipeline", "onboarding", "retention", "latency", "activation", "NPS", "churn", "revenue", "margin", "quality", "coverage", "velocity", "adoption", "uptime", "conversion", "renewals", "hiring", "training", "compliance", "backlog"];
const VERBS = ["Grow", "Reduce", "Improve", "Launch", "Ship", "Double", "Stabilise", "Automate", "Simplify", "Expand"];

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

export interface SeedResult {
  tables: { table: string; rows: number; ms: number }[];
  totalRows: number;
  elapsedMs: number;
  peakRssMb: number;
}

/** Generates the organisation into an empty, migrated database through `client`. */
export async function generate(client: RawClient, scale: number, passwordHash: string, log = console.log): Promise<SeedResult> {
  const rng = new Rng(20261127 + scale);
  const started = performance.now();
  const S = (n: number) => n * scale;
  const sink = (table: string, columns: [string, ColType][], parents: Sink[] = []) => new Sink(client, table, columns, parents);

  const now = BENCH_NOW.getTime();
  const orgId = rng.uuid();
  const orgs = sink("organizations", [["id", "uuid"], ["slug", "text"], ["name", "text"]]);
  await orgs.push(orgId, BENCH_ORG_SLUG, `Bench Co. (scale ${scale})`);
  await orgs.flush();

  // Departments.
  const nDepts = S(20);
  const depts = sink("departments", [["id", "uuid"], ["org_id", "uuid"], ["name", "text"]], [orgs]);
  const deptIds: string[] = [];
  for (let d = 0; d < nDepts; d++) {
    const id = rng.uuid();
    deptIds.push(id);
    await depts.push(id, orgId, `Department ${String(d + 1).padStart(3, "0")}`);
  }

  // Users: owner, admins, two managers per department, viewers, members.
  const nUsers = S(500);
  const nAdmins = S(5);
  const nViewers = S(20);
  const usersSink = sink("users", [["id", "uuid"], ["email", "text"], ["name", "text"], ["password_hash", "text"]]);
  const memberships = sink("memberships", [["id", "uuid"], ["org_id", "uuid"], ["user_id", "uuid"], ["role", "enum:org_role"]], [orgs, usersSink]);
  const deptMembers = sink("department_members", [["org_id", "uuid"], ["department_id", "uuid"], ["user_id", "uuid"], ["is_manager", "bool"]], [depts, usersSink]);
  const userIds: string[] = [];
  const admins: string[] = [];
  const managersOf: string[][] = deptIds.map(() => []);
  const membersOf: string[][] = deptIds.map(() => []);
  for (let i = 0; i < nUsers; i++) {
    const id = rng.uuid();
    userIds.push(id);
    let role: string;
    let dept = -1;
    if (i === 0) role = "owner";
    else if (i <= nAdmins) role = "admin";
    else if (i <= nAdmins + 2 * nDepts) {
      role = "manager";
      dept = (i - nAdmins - 1) >> 1;
    } else if (i <= nAdmins + 2 * nDepts + nViewers) role = "viewer";
    else {
      role = "member";
      dept = i % nDepts;
    }
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
    await usersSink.push(id, i === 0 ? BENCH_OWNER_EMAIL : `user${i}@bench.lodestar.test`, name, passwordHash);
    await memberships.push(rng.uuid(), orgId, id, role);
    if (role === "admin") admins.push(id);
    if (dept >= 0) {
      await deptMembers.push(orgId, deptIds[dept]!, id, role === "manager");
      (role === "manager" ? managersOf : membersOf)[dept]!.push(id);
      if (role === "manager") membersOf[dept]!.push(id);
    }
  }
  const ownerId = userIds[0]!;
  const leaders = [ownerId, ...admins];

  // Periods: the four quarters of the year; the last is active, the others closed.
  const periods = sink(
    "periods",
    [["id", "uuid"], ["org_id", "uuid"], ["name", "text"], ["kind", "enum:period_kind"], ["starts_on", "date"], ["ends_on", "date"], ["status", "enum:period_status"], ["closed_at", "timestamptz"]],
    [orgs],
  );
  const quarters = [1, 2, 3, 4].map((q) => ({
    id: rng.uuid(),
    name: `${YEAR}-Q${q}`,
    start: Date.UTC(YEAR, (q - 1) * 3, 1),
    end: Date.UTC(YEAR, q * 3, 0),
    closed: q < 4,
  }));
  for (const p of quarters) {
    await periods.push(p.id, orgId, p.name, "quarter", isoDate(p.start), isoDate(p.end), p.closed ? "closed" : "active", p.closed ? iso(p.end + DAY) : null);
  }

  // Objectives, alignments, key results and check-ins.
  const objectivesSink = sink(
    "objectives",
    [["id", "uuid"], ["org_id", "uuid"], ["period_id", "uuid"], ["title", "text"], ["level", "enum:objective_level"], ["owner_id", "uuid"], ["department_id", "uuid"], ["status", "enum:objective_status"], ["commitment", "enum:objective_commitment"], ["score", "float8"], ["created_at", "timestamptz"]],
    [periods, depts, usersSink],
  );
  const alignments = sink("objective_alignments", [["org_id", "uuid"], ["child_id", "uuid"], ["parent_id", "uuid"]], [objectivesSink]);
  const krSink = sink(
    "key_results",
    [["id", "uuid"], ["org_id", "uuid"], ["objective_id", "uuid"], ["title", "text"], ["owner_id", "uuid"], ["type", "enum:kr_type"], ["unit", "text"], ["start_value", "float8"], ["target_value", "float8"], ["weight", "float8"], ["current_value", "float8"], ["confidence", "int2"], ["last_check_in_at", "timestamptz"], ["grade", "float8"], ["position", "int4"]],
    [objectivesSink],
  );
  const checkInSink = sink(
    "check_ins",
    [["id", "uuid"], ["org_id", "uuid"], ["key_result_id", "uuid"], ["value", "float8"], ["confidence", "int2"], ["note", "text"], ["author_id", "uuid"], ["created_at", "timestamptz"]],
    [krSink],
  );
  const nObjectives = S(2000);
  const nKrs = S(8000);
  const nCheckIns = S(100_000);
  const perPeriod = nObjectives / quarters.length;
  const companyPerPeriod = S(20);
  const objectiveIds: string[] = [];
  const krIds: string[] = [];
  let krIndex = 0;
  for (const p of quarters) {
    const companyIds: string[] = [];
    const until = Math.min(p.end + DAY, now);
    for (let k = 0; k < perPeriod; k++) {
      const company = k < companyPerPeriod;
      const dept = company ? -1 : (k - companyPerPeriod) % nDepts;
      const id = rng.uuid();
      objectiveIds.push(id);
      if (company) companyIds.push(id);
      const owner = company ? rng.pick(leaders) : rng.pick(managersOf[dept]!);
      const status = p.closed ? "closed" : rng.chance(0.7) ? "active" : rng.chance(0.5) ? "approved" : "draft";
      const title = `${rng.pick(VERBS)} ${rng.pick(WORDS)} ${p.name} #${k + 1}`;
      await objectivesSink.push(id, orgId, p.id, title, company ? "company" : "department", owner, company ? null : deptIds[dept]!, status, rng.chance(0.8) ? "committed" : "aspirational", p.closed ? Math.round(rng.next() * 10) / 10 : null, iso(p.start - 14 * DAY));
      if (!company) await alignments.push(orgId, id, companyIds[rng.int(0, companyIds.length - 1)]!);
      const krsHere = share(nKrs, nObjectives, objectiveIds.length - 1);
      for (let pos = 0; pos < krsHere; pos++) {
        const krId = rng.uuid();
        krIds.push(krId);
        const krOwner = company ? rng.pick(leaders) : rng.pick(membersOf[dept]!);
        const type = rng.pick(["number", "number", "percentage", "currency", "milestone"] as const);
        const target = type === "milestone" ? 1 : type === "percentage" ? rng.int(20, 100) : rng.int(100, 10_000);
        const n = share(nCheckIns, nKrs, krIndex++);
        const span = until - p.start;
        let value = 0;
        let confidence = 5;
        let last = 0;
        const history: unknown[][] = [];
        for (let c = 0; c < n; c++) {
          const at = p.start + Math.floor(((c + rng.next()) / n) * span);
          const trend = (c + 1) / n;
          value = type === "milestone" ? (c === n - 1 && rng.chance(0.5) ? 1 : 0) : Math.round(target * trend * (0.6 + rng.next() * 0.6));
          confidence = rng.int(2, 10);
          last = at;
          history.push([rng.uuid(), orgId, krId, value, confidence, c % 4 === 0 ? `Update ${c + 1}` : "", krOwner, iso(at)]);
        }
        // The key result first (its check-ins reference it), then its history.
        await krSink.push(krId, orgId, id, `${rng.pick(VERBS)} ${rng.pick(WORDS)} to ${target}`, krOwner, type, type === "percentage" ? "%" : "", 0, target, rng.pick([1, 1, 1, 2]), n ? value : null, n ? confidence : null, n ? iso(last) : null, p.closed ? Math.round(rng.next() * 10) / 10 : null, pos);
        for (const row of history) await checkInSink.push(...row);
      }
    }
  }

  // Campaigns with budget lines, spend, and their launch approvals.
  const campaignsSink = sink(
    "campaigns",
    [["id", "uuid"], ["org_id", "uuid"], ["name", "text"], ["department_id", "uuid"], ["owner_id", "uuid"], ["channels", "text[]"], ["starts_on", "date"], ["ends_on", "date"], ["status", "enum:campaign_status"], ["currency", "text"], ["approved_budget_minor", "int8"], ["approved_at", "timestamptz"], ["created_by", "uuid"], ["created_at", "timestamptz"]],
    [depts, usersSink],
  );
  const budgetLines = sink("campaign_budget_lines", [["id", "uuid"], ["org_id", "uuid"], ["campaign_id", "uuid"], ["channel", "text"], ["amount_minor", "int8"], ["currency", "text"], ["position", "int4"]], [campaignsSink]);
  const spendSink = sink(
    "campaign_spend",
    [["id", "uuid"], ["org_id", "uuid"], ["campaign_id", "uuid"], ["spent_on", "date"], ["channel", "text"], ["amount_minor", "int8"], ["currency", "text"], ["vendor", "text"], ["author_id", "uuid"]],
    [campaignsSink],
  );
  const requestsSink = sink(
    "approval_requests",
    [["id", "uuid"], ["org_id", "uuid"], ["subject_type", "text"], ["subject_id", "text"], ["requester_id", "uuid"], ["department_id", "uuid"], ["title", "text"], ["snapshot", "jsonb"], ["status", "enum:approval_status"], ["current_step", "int4"], ["due_at", "timestamptz"], ["decided_at", "timestamptz"], ["created_at", "timestamptz"]],
    [campaignsSink],
  );
  const stepsSink = sink("approval_steps", [["id", "uuid"], ["org_id", "uuid"], ["request_id", "uuid"], ["position", "int4"], ["rule", "jsonb"], ["status", "enum:approval_step_status"], ["decided_at", "timestamptz"]], [requestsSink]);
  const decisionsSink = sink("approval_decisions", [["id", "uuid"], ["org_id", "uuid"], ["request_id", "uuid"], ["step_id", "uuid"], ["decider_id", "uuid"], ["decision", "enum:approval_decision"], ["created_at", "timestamptz"]], [stepsSink]);
  const nCampaigns = S(1000);
  const nSpend = S(20_000);
  const campaignIds: string[] = [];
  for (let i = 0; i < nCampaigns; i++) {
    const id = rng.uuid();
    campaignIds.push(id);
    const dept = i % nDepts;
    const owner = rng.pick(membersOf[dept]!);
    const start = Date.UTC(YEAR, 0, 1) + rng.int(0, 350) * DAY;
    const end = start + rng.int(14, 75) * DAY;
    const status = end < now ? (rng.chance(0.9) ? "completed" : "cancelled") : start <= now ? "live" : rng.pick(["draft", "pending_approval", "approved"] as const);
    const channels = [rng.pick(DEFAULT_CAMPAIGN_CHANNELS), rng.pick(DEFAULT_CAMPAIGN_CHANNELS)].filter((c, k, a) => a.indexOf(c) === k);
    const lines = channels.map(() => rng.int(50, 500) * 10_000);
    const planned = lines.reduce((a, b) => a + b, 0);
    const approved = status === "approved" || status === "live" || status === "completed";
    const name = `${rng.pick(WORDS)} campaign ${i + 1}`;
    const createdAt = start - 20 * DAY;
    await campaignsSink.push(id, orgId, name, deptIds[dept]!, owner, channels, isoDate(start), isoDate(end), status, "USD", approved ? planned : null, approved ? iso(start - 7 * DAY) : null, owner, iso(createdAt));
    for (const [k, ch] of channels.entries()) await budgetLines.push(rng.uuid(), orgId, id, ch, lines[k]!, "USD", k);
    const spendHere = share(nSpend, nCampaigns, i);
    const spendUntil = Math.max(start, Math.min(end, now));
    for (let k = 0; k < spendHere; k++) {
      const on = start + Math.floor(((k + rng.next()) / spendHere) * (spendUntil - start));
      await spendSink.push(rng.uuid(), orgId, id, isoDate(on), rng.pick(channels), Math.floor(planned / spendHere / 1.1), "USD", `Vendor ${rng.int(1, 40)}`, owner);
    }
    if (status === "pending_approval" || approved) {
      const reqId = rng.uuid();
      const stepId = rng.uuid();
      const pending = status === "pending_approval";
      const requestedAt = start - 14 * DAY;
      const snapshot = {
        kind: "campaign_launch",
        campaign: { id, name, status: "draft", startsOn: isoDate(start), endsOn: isoDate(end), channels, departmentId: deptIds[dept]!, departmentName: `Department ${dept + 1}`, ownerId: owner, ownerName: null, description: "", audience: "", audienceTags: [] },
        keyResults: [],
        currency: "USD",
        lines: channels.map((ch, k) => ({ channel: ch, category: "", amountMinor: lines[k]! })),
        requestedMinor: planned,
        approvedMinor: null,
        baseCurrency: "USD",
        rate: null,
        requestedBaseMinor: planned,
        thresholdMinor: 1_000_000,
        twoStep: false,
      };
      const decidedAt = requestedAt + 2 * DAY;
      await requestsSink.push(reqId, orgId, "campaign_launch", id, owner, deptIds[dept]!, name, snapshot, pending ? "pending" : "approved", 0, iso(requestedAt + 3 * DAY), pending ? null : iso(decidedAt), iso(requestedAt));
      await stepsSink.push(stepId, orgId, reqId, 0, { kind: "role", roles: ["admin", "owner"] }, pending ? "pending" : "approved", pending ? null : iso(decidedAt));
      if (!pending) await decisionsSink.push(rng.uuid(), orgId, reqId, stepId, rng.pick(leaders), "approve", iso(decidedAt));
    }
  }

  // Risks and their assessment history.
  const risksSink = sink(
    "risks",
    [["id", "uuid"], ["org_id", "uuid"], ["title", "text"], ["category", "text"], ["owner_id", "uuid"], ["department_id", "uuid"], ["status", "enum:risk_status"], ["inherent_likelihood", "int2"], ["inherent_impact", "int2"], ["residual_likelihood", "int2"], ["residual_impact", "int2"], ["inherent_score", "int2"], ["residual_score", "int2"], ["strategy", "enum:risk_strategy"], ["last_assessed_at", "timestamptz"], ["next_review_on", "date"], ["created_by", "uuid"], ["created_at", "timestamptz"]],
    [depts, usersSink],
  );
  const assessSink = sink(
    "risk_assessments",
    [["id", "uuid"], ["org_id", "uuid"], ["risk_id", "uuid"], ["inherent_likelihood", "int2"], ["inherent_impact", "int2"], ["residual_likelihood", "int2"], ["residual_impact", "int2"], ["rationale", "text"], ["assessor_id", "uuid"], ["created_at", "timestamptz"]],
    [risksSink],
  );
  const nRisks = S(2000);
  const nAssess = S(10_000);
  const riskIds: string[] = [];
  for (let i = 0; i < nRisks; i++) {
    const id = rng.uuid();
    riskIds.push(id);
    const dept = i % nDepts;
    const owner = rng.pick(managersOf[dept]!);
    const created = Date.UTC(YEAR, 0, 1) + rng.int(0, 200) * DAY;
    const n = share(nAssess, nRisks, i);
    let il = 3, ii = 3, rl = 2, ri = 2, last = created;
    const history: unknown[][] = [];
    for (let k = 0; k < n; k++) {
      il = rng.int(1, 5);
      ii = rng.int(1, 5);
      rl = Math.max(1, il - rng.int(0, 2));
      ri = Math.max(1, ii - rng.int(0, 2));
      last = created + Math.floor(((k + rng.next()) / n) * (now - created));
      history.push([rng.uuid(), orgId, id, il, ii, rl, ri, k % 3 === 0 ? "Quarterly review" : "", owner, iso(last)]);
    }
    const status = rng.pick(["identified", "assessed", "treating", "treating", "monitoring", "closed", "accepted"] as const);
    await risksSink.push(id, orgId, `Risk: ${rng.pick(WORDS)} ${i + 1}`, rng.pick(DEFAULT_RISK_CATEGORIES), owner, deptIds[dept]!, status, il, ii, rl, ri, il * ii, rl * ri, status === "treating" ? "mitigate" : status === "accepted" ? "accept" : null, iso(last), isoDate(last + rng.pick([30, 60, 90]) * DAY), owner, iso(created));
    for (const row of history) await assessSink.push(...row);
  }

  // Retros with groups, cards, participants, votes and actions.
  const retrosSink = sink(
    "retros",
    [["id", "uuid"], ["org_id", "uuid"], ["title", "text"], ["period_id", "uuid"], ["department_ids", "uuid[]"], ["facilitator_id", "uuid"], ["template", "text"], ["columns", "jsonb"], ["phase", "enum:retro_phase"], ["revealed", "bool"], ["seq", "int8"], ["closed_at", "timestamptz"], ["created_at", "timestamptz"]],
    [periods, usersSink],
  );
  const groupsSink = sink("retro_groups", [["id", "uuid"], ["org_id", "uuid"], ["retro_id", "uuid"], ["title", "text"], ["position", "int4"]], [retrosSink]);
  const cardsSink = sink("retro_cards", [["id", "uuid"], ["org_id", "uuid"], ["retro_id", "uuid"], ["column_key", "text"], ["author_id", "uuid"], ["body", "text"], ["group_id", "uuid"], ["position", "int4"], ["created_at", "timestamptz"]], [groupsSink]);
  const participantsSink = sink("retro_participants", [["org_id", "uuid"], ["retro_id", "uuid"], ["user_id", "uuid"], ["votes_used", "int4"], ["last_seen_at", "timestamptz"]], [retrosSink]);
  const votesSink = sink("retro_votes", [["id", "uuid"], ["org_id", "uuid"], ["retro_id", "uuid"], ["group_id", "uuid"], ["user_id", "uuid"]], [groupsSink, participantsSink]);
  const retroActionsSink = sink("retro_actions", [["id", "uuid"], ["org_id", "uuid"], ["retro_id", "uuid"], ["title", "text"], ["owner_id", "uuid"], ["status", "enum:retro_action_status"], ["group_id", "uuid"]], [groupsSink]);
  const nRetros = S(200);
  const nCards = S(10_000);
  const columnKeys = ["start", "stop", "continue"];
  const retroColumns = columnKeys.map((key) => ({ key, label: "" }));
  const retroIds: string[] = [];
  for (let i = 0; i < nRetros; i++) {
    const id = rng.uuid();
    retroIds.push(id);
    const dept = i % nDepts;
    const facilitator = managersOf[dept]![0]!;
    const period = quarters[i % quarters.length]!;
    const created = period.start + rng.int(30, 80) * DAY;
    const closed = period.closed || rng.chance(0.5);
    const phase = closed ? "closed" : rng.pick(["collect", "group", "vote", "discuss", "actions"] as const);
    await retrosSink.push(id, orgId, `${period.name} retro · Department ${dept + 1} #${i + 1}`, period.id, [deptIds[dept]!], facilitator, "builtin:start_stop_continue", retroColumns, phase, phase !== "collect", 1, closed ? iso(Math.min(created + 2 * DAY, now)) : null, iso(created));
    const groups = Array.from({ length: 5 }, () => rng.uuid());
    for (const [k, g] of groups.entries()) await groupsSink.push(g, orgId, id, `Theme ${k + 1}`, k);
    const people = [...new Set([facilitator, ...membersOf[dept]!.slice(0, 7)])];
    const voted = phase === "closed" || phase === "discuss" || phase === "actions" || phase === "vote";
    for (const u of people) await participantsSink.push(orgId, id, u, voted ? 3 : 0, iso(created + DAY));
    const n = share(nCards, nRetros, i);
    for (let k = 0; k < n; k++) {
      await cardsSink.push(rng.uuid(), orgId, id, columnKeys[k % 3]!, rng.pick(people), `${rng.pick(VERBS)} the ${rng.pick(WORDS)} (${k + 1})`, phase === "collect" || rng.chance(0.4) ? null : rng.pick(groups), k, iso(created + k * 60_000));
    }
    if (voted) for (const u of people) for (let v = 0; v < 3; v++) await votesSink.push(rng.uuid(), orgId, id, rng.pick(groups), u);
    for (let k = 0; k < 2; k++) await retroActionsSink.push(rng.uuid(), orgId, id, `Follow up on ${rng.pick(WORDS)}`, rng.pick(people), closed ? rng.pick(["open", "done", "in_progress"] as const) : "open", groups[k]!);
  }

  // The audit trail: 50,000 events over the year, oldest first (ids grow with time).
  const auditSink = sink(
    "audit_events",
    [["org_id", "uuid"], ["actor_id", "uuid"], ["entity_type", "text"], ["entity_id", "text"], ["action", "text"], ["after", "jsonb"], ["created_at", "timestamptz"]],
    [orgs, usersSink, objectivesSink, krSink, campaignsSink, risksSink, retrosSink],
  );
  const nAudit = S(50_000);
  const auditStart = Date.UTC(YEAR, 0, 1);
  const kinds: [string, string[], string[]][] = [
    ["objective", objectiveIds, ["create", "update", "status_active"]],
    ["key_result", krIds, ["check_in", "check_in", "update"]],
    ["campaign", campaignIds, ["create", "update", "record_spend"]],
    ["risk", riskIds, ["create", "assess", "update"]],
    ["retro", retroIds, ["create", "add_card", "set_phase"]],
  ];
  for (let i = 0; i < nAudit; i++) {
    const [type, ids, actions] = kinds[i % 10 < 4 ? 1 : i % 10 < 6 ? 0 : i % 10 < 8 ? 2 : i % 10 < 9 ? 3 : 4]!;
    const at = auditStart + Math.floor((i / nAudit) * (now - auditStart));
    await auditSink.push(orgId, rng.pick(userIds), type, rng.pick(ids), rng.pick(actions), { n: i, title: `${rng.pick(VERBS)} ${rng.pick(WORDS)}` }, iso(at));
  }

  const all = [orgs, depts, usersSink, memberships, deptMembers, periods, objectivesSink, alignments, krSink, checkInSink, campaignsSink, budgetLines, spendSink, requestsSink, stepsSink, decisionsSink, risksSink, assessSink, retrosSink, groupsSink, cardsSink, participantsSink, votesSink, retroActionsSink, auditSink];
  for (const s of all) await s.flush();
  const analyzeStarted = performance.now();
  await client.query("analyze");
  log(`analyze: ${Math.round(performance.now() - analyzeStarted)} ms`);
  const tables = all.map((s) => ({ table: s.table, rows: s.stats.rows, ms: s.stats.ms }));
  const rusage = process.resourceUsage();
  return {
    tables,
    totalRows: tables.reduce((a, t) => a + t.rows, 0),
    elapsedMs: performance.now() - started,
    peakRssMb: Math.round(Math.max(peakRss, rusage.maxRSS * 1024) / 1048576),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scale = Number(args.scale ?? 1);
  if (!Number.isInteger(scale) || scale < 1 || scale > 100) throw new Error("--scale must be an integer from 1 to 100");
  let url = args.url;
  const local = url ? null : await startLocalPostgres();
  try {
    if (local) {
      await recreateDatabase(local.url(), benchDbName(scale));
      url = local.url(benchDbName(scale));
      console.log(`Local PostgreSQL ${local.version}, database ${benchDbName(scale)}`);
    }
    const handle = await createDb(url);
    try {
      const t0 = performance.now();
      await handle.migrate();
      console.log(`migrations: ${Math.round(performance.now() - t0)} ms (${handle.kind})`);
      const existing = await rawClientOf(handle.db).query("select 1 from organizations where slug = $1", [BENCH_ORG_SLUG]);
      if (existing.rows.length) throw new Error(`This database already has the "${BENCH_ORG_SLUG}" organisation: seed an empty database (or omit --url to recreate the local one).`);
      const passwordHash = await hashPassword(BENCH_PASSWORD); // hashed once, shared by every user
      const res = await generate(rawClientOf(handle.db), scale, passwordHash);
      console.log(`\nscale ${scale} on ${handle.kind}:`);
      console.log(`${"table".padEnd(24)}${"rows".padStart(10)}${"ms".padStart(10)}${"rows/s".padStart(10)}`);
      for (const t of res.tables) {
        console.log(`${t.table.padEnd(24)}${String(t.rows).padStart(10)}${String(Math.round(t.ms)).padStart(10)}${String(t.ms ? Math.round(t.rows / (t.ms / 1000)) : 0).padStart(10)}`);
      }
      fs.mkdirSync(".data", { recursive: true });
      fs.writeFileSync(path.join(".data", `bench-seed-s${scale}-${handle.kind}.json`), JSON.stringify({ scale, kind: handle.kind, ...res }, null, 2));
      console.log(`total ${res.totalRows} rows in ${(res.elapsedMs / 1000).toFixed(1)} s (${Math.round(res.totalRows / (res.elapsedMs / 1000))} rows/s), peak RSS ${res.peakRssMb} MB`);
    } finally {
      await handle.close();
    }
  } finally {
    await local?.stop();
  }
}

if (/seed\.[tj]s$/.test(process.argv[1] ?? "")) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exit(1);
  });
}
