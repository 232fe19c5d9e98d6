import { z } from "zod";
import { appRouter } from "../root";
import { pathParams, REST_ROUTES, type RestRoute } from "./routes";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; type?: unknown };
type ProcDef = { _def: { type: string; inputs: unknown[] } };

/** The procedure of the app router behind a route. */
export function procedureOf(route: RestRoute): ProcDef {
  const proc = (appRouter._def.procedures as unknown as Record<string, ProcDef | undefined>)[route.procedure];
  if (!proc) throw new Error(`REST route ${route.method} ${route.path} names no procedure "${route.procedure}"`);
  return proc;
}

/**
 * The JSON Schema of a procedure's whole input (the merge of its zod input objects: orgSlug from
 * orgProcedure, then the procedure's own), as a client sends it: defaults make fields optional.
 */
export function inputSchemaOf(route: RestRoute): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  for (const parser of procedureOf(route)._def.inputs) {
    const js = z.toJSONSchema(parser as z.ZodType, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    for (const [k, v] of Object.entries(js.properties ?? {})) properties[k] = v;
    for (const k of js.required ?? []) required.add(k);
  }
  return { properties, required: [...required] };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, …" },
        message: { type: "string", description: "In the language of the Accept-Language header (en or zh-CN)." },
        fieldErrors: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "string" } },
          description: "Invalid input fields and why.",
        },
        requestId: { type: "string" },
      },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** The OpenAPI 3.1 document of the public API, generated from the procedures' zod input schemas. */
export function openApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const { properties, required } = inputSchemaOf(route);
    const inPath = new Set(pathParams(route.path));
    const parameters: unknown[] = [...inPath].map((name) => ({
      name,
      in: "path",
      required: true,
      schema: properties[name] ?? { type: "string" },
      description: name === "orgSlug" ? "The organisation's web address; must be the API key's organisation." : undefined,
    }));
    const rest = Object.entries(properties).filter(([k]) => !inPath.has(k));
    const op: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses: {
        [String(route.status)]: {
          description: route.status === 201 ? "Created" : "OK",
          content: {
            "application/json": { schema: route.returns === "array" ? { type: "array", items: { type: "object" } } : { type: "object" } },
          },
        },
        "400": errorResponse("Invalid input (see fieldErrors)"),
        "401": errorResponse("Missing, unknown, revoked or expired API key"),
        "403": errorResponse("The key's role may not do this"),
        "404": errorResponse("Not found (or another organisation's)"),
        "429": {
          ...errorResponse("Too many requests for this key; retry after the Retry-After header's seconds"),
          headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds until the window resets" } },
        },
      },
    };
    if (route.method === "GET") {
      for (const [name, schema] of rest) {
        parameters.push({ name, in: "query", required: required.includes(name), schema, ...(schema.type === "array" ? { style: "form", explode: true } : {}) });
      }
    } else {
      parameters.push({
        name: "Idempotency-Key",
        in: "header",
        required: false,
        schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[A-Za-z0-9._:~-]+$" },
        description:
          "Makes a retry safe: a repeated request with the same key (per API key, kept 24 hours) returns the first request's response " +
          "(with the header `Idempotent-Replayed: true`) without writing again. The same key with a different request is refused " +
          "(422). Use a new random value (e.g. a UUID) for each new request. A request that failed may be retried with its key.",
      });
      const responses = op.responses as Record<string, unknown>;
      responses["409"] = errorResponse("A request with the same Idempotency-Key is still being processed; retry");
      responses["422"] = errorResponse("This Idempotency-Key was used for a different request");
      op.requestBody = {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", properties: Object.fromEntries(rest), required: required.filter((k) => !inPath.has(k)) },
          },
        },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Lodestar API",
      version: "1.0.0",
      description:
        "Read OKRs, KPIs, campaigns and risks, and write key-result check-ins and KPI values. Authenticate with an organisation's API key " +
        "(Settings → API keys) as `Authorization: Bearer lsk_…`. The key acts in its organisation with its role. " +
        "Requests are rate-limited per key (429 with Retry-After). Writes accept an `Idempotency-Key` header so a retried request " +
        "writes once.",
    },
    servers: [{ url: `${baseUrl.replace(/\/+$/, "")}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "OKRs" }, { name: "KPIs" }, { name: "Campaigns" }, { name: "Risks" }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key (lsk_…)" } },
      schemas: { Error: errorSchema },
    },
  };
}
