import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { expect } from "vitest";
import { callRoute, type CallOptions } from "./call-route";
import { apiOperations, SHARED_SCHEMAS } from "@/lib/api/openapi/api-operations";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/api/openapi/build-openapi-document";

/**
 * Checks bodies against the OpenAPI document itself (its JSON Schemas, with a JSON Schema 2020-12
 * validator), not against the zod schemas it was generated from: what a client's generated code
 * would see is what is checked.
 */

export const TEST_LIMITS = { maxBatch: 1000 };

export function testDocument(): OpenApiDocument {
  return buildOpenApiDocument({ operations: apiOperations(TEST_LIMITS), version: "test", shared: SHARED_SCHEMAS });
}

type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};

export function contractChecker(doc: OpenApiDocument = testDocument()) {
  // Formats (uuid, date-time) come with zod's own patterns, which are checked; the format names are not.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(doc as object, "openapi.json");
  const compiled = new Map<object, ValidateFunction>();
  const validate = (schema: object, body: unknown): string[] => {
    const fn = compiled.get(schema) ?? ajv.compile({ $ref: `openapi.json${refOf(schema)}` });
    compiled.set(schema, fn);
    return fn(body) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message} ${JSON.stringify(e.params)}`);
  };
  const operation = (method: string, path: string): Operation => {
    const op = (doc.paths as Record<string, Record<string, Operation>>)[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${path} is not in the document`);
    return op;
  };
  return {
    doc,
    operation,
    /** Problems of a response body for this operation and status ([] when it conforms). */
    response(method: string, path: string, status: number, body: unknown): string[] {
      const op = operation(method, path);
      const response = op.responses[String(status)] ?? op.responses.default;
      const schema = response?.content?.["application/json"]?.schema;
      if (!schema) return [`${method} ${path} documents no JSON body for ${status}`];
      return validate(schema, body);
    },
    /** Problems of a request body for this operation ([] when it conforms). */
    request(method: string, path: string, body: unknown, contentType = "application/json"): string[] {
      const schema = operation(method, path).requestBody?.content[contentType]?.schema;
      if (!schema) return [`${method} ${path} documents no ${contentType} body`];
      return validate(schema, body);
    },
  };
}

function refOf(schema: object): string {
  const ref = (schema as { $ref?: string }).$ref;
  if (!ref?.startsWith("#/")) throw new Error(`Expected a component reference, got ${JSON.stringify(schema).slice(0, 200)}`);
  return ref;
}

/** The tags test/integration/openapi-contract-alerts.test.ts covers; openapi-contract.test.ts covers all others. */
export const ALERT_TAGS = ["Alerts", "Destinations and notifications"];

type Params = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: each route types its own params; call() passes them through
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

/**
 * call(): calls the handler of METHOD TEMPLATE, checks the status and the answer against the
 * document, and remembers the operation; uncalled(): the documented operations under the given
 * tags that no call reached.
 */
export function contractCalls(contract: ReturnType<typeof contractChecker>) {
  const called = new Set<string>();
  return {
    called,
    async call(method: string, template: string, handler: Handler, options: CallOptions<Params> & { status: number }) {
      const path = template.replace(/\{(\w+)\}/g, (_, p) => encodeURIComponent(options.params?.[p] ?? p));
      const res = await callRoute(handler, { method, ...options, path: `${path}${options.path ?? ""}` });
      expect(res.status, `${method} ${template}: ${JSON.stringify(res.json)}`).toBe(options.status);
      expect(contract.response(method, template, res.status, res.json), `${method} ${template} → ${res.status}`).toEqual([]);
      called.add(`${method} ${template}`);
      return res;
    },
    uncalled(tags: (tag: string) => boolean): string[] {
      const paths = contract.doc.paths as Record<string, Record<string, { tags: string[] }>>;
      return Object.entries(paths)
        .flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, tag: op.tags[0] })))
        .filter((o) => tags(o.tag) && !called.has(o.key))
        .map((o) => o.key);
    },
  };
}
