/**
 * The public REST API (/api/v1): each route is an existing tRPC procedure of the app router, called
 * with an API-key context, so validation, the permission table (orgProcedure) and the domain code are
 * the very same as in the app. The OpenAPI document (./openapi.ts) is generated from those
 * procedures' zod inputs.
 */
export interface RestRoute {
  method: "GET" | "POST";
  /** Below /api/v1, with {param} segments that fill input fields of the same name. */
  path: string;
  /** Dotted path of the tRPC procedure of the app router. */
  procedure: string;
  operationId: string;
  summary: string;
  tag: "OKRs" | "KPIs" | "Campaigns" | "Risks";
  /** Status on success (201 for writes that create a row). */
  status: 200 | 201;
  /** The JSON shape of a success: a list of objects, or one object. */
  returns: "array" | "object";
}

export const REST_ROUTES: readonly RestRoute[] = [
  { method: "GET", path: "/orgs/{orgSlug}/periods", procedure: "period.list", operationId: "listPeriods", summary: "Quarterly and yearly periods", tag: "OKRs", status: 200, returns: "array" },
  { method: "GET", path: "/orgs/{orgSlug}/objectives", procedure: "objective.list", operationId: "listObjectives", summary: "Objectives of a period, with their key results and progress", tag: "OKRs", status: 200, returns: "array" },
  { method: "GET", path: "/orgs/{orgSlug}/objectives/{objectiveId}", procedure: "objective.get", operationId: "getObjective", summary: "One objective with its key results, check-ins and initiatives", tag: "OKRs", status: 200, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/key-results/{keyResultId}/check-ins", procedure: "keyResult.checkIns", operationId: "listCheckIns", summary: "Check-ins of a key result", tag: "OKRs", status: 200, returns: "array" },
  { method: "POST", path: "/orgs/{orgSlug}/key-results/{keyResultId}/check-ins", procedure: "keyResult.checkIn", operationId: "createCheckIn", summary: "Check in on a key result (value and confidence)", tag: "OKRs", status: 201, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/kpis", procedure: "kpi.list", operationId: "listKpis", summary: "KPIs with their latest value and band", tag: "KPIs", status: 200, returns: "array" },
  { method: "POST", path: "/orgs/{orgSlug}/kpis/{kpiId}/values", procedure: "kpi.recordValue", operationId: "recordKpiValue", summary: "Record a KPI value for a day", tag: "KPIs", status: 201, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/campaigns", procedure: "campaign.list", operationId: "listCampaigns", summary: "Campaigns (filtered, paginated by cursor)", tag: "Campaigns", status: 200, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/campaigns/{campaignId}", procedure: "campaign.get", operationId: "getCampaign", summary: "One campaign with budget, spend and results", tag: "Campaigns", status: 200, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/risks", procedure: "risk.list", operationId: "listRisks", summary: "The risk register (filtered)", tag: "Risks", status: 200, returns: "object" },
  { method: "GET", path: "/orgs/{orgSlug}/risks/{riskId}", procedure: "risk.get", operationId: "getRisk", summary: "One risk with assessments, actions and indicators", tag: "Risks", status: 200, returns: "object" },
];

/** The names of a path's {params}. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The route for a method and a path below /api/v1, with the path's params; or why none matches. */
export function matchRoute(
  method: string,
  path: string,
): { route: RestRoute; params: Record<string, string> } | { error: "NOT_FOUND" | "METHOD_NOT_SUPPORTED"; allow?: string[] } {
  const parts = path.split("/").filter(Boolean);
  const allow: string[] = [];
  for (const route of REST_ROUTES) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const seg = pattern[i]!;
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) {
        let value: string;
        try {
          value = decodeURIComponent(parts[i]!);
        } catch {
          ok = false;
          break;
        }
        params[m[1]!] = value;
      } else if (seg !== parts[i]) ok = false;
    }
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allow.push(route.method);
  }
  return allow.length ? { error: "METHOD_NOT_SUPPORTED", allow } : { error: "NOT_FOUND" };
}
