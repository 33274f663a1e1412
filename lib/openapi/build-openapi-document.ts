import type { z } from "zod";
import { errorBodySchema } from "@/lib/core/error-body-schema";
import type { ApiOperation, NamedSchema } from "./api-operation";
import { componentsFor, schemaFor, type JsonSchema } from "./to-json-schema";

export const ERROR_COMPONENT = "Error";
export const SECURITY_SCHEME = "apiKey";

const errorRef = { $ref: `#/components/schemas/${ERROR_COMPONENT}` };

/** Failures every keyed operation can answer, whatever else it says. */
const AUTH_ERRORS: Record<number, string> = {
  401: "No API key, or an unknown or revoked one",
  403: "The key lacks the scope this operation needs",
};

/** Builds the OpenAPI 3.1 document of the given operations from their zod schemas. */
export function buildOpenApiDocument(options: {
  operations: ApiOperation[];
  version: string;
  /** Schemas nested in several bodies or answers, named so the document holds them once. */
  shared?: { requests?: NamedSchema[]; answers?: NamedSchema[] };
}) {
  const requests = new Map<z.ZodType, string>();
  const answers = new Map<z.ZodType, string>([[errorBodySchema, ERROR_COMPONENT]]);
  const taken = new Map<string, z.ZodType>([[ERROR_COMPONENT, errorBodySchema]]);
  const name: Namer = (named, side) => {
    const into = side === "request" ? requests : answers;
    const owner = taken.get(named.name);
    if (owner && owner !== named.schema) throw new Error(`Two different schemas are both named ${named.name}`);
    taken.set(named.name, named.schema);
    if (!into.has(named.schema)) into.set(named.schema, named.name);
    return { $ref: `#/components/schemas/${into.get(named.schema)}` };
  };
  for (const named of options.shared?.requests ?? []) name(named, "request");
  for (const named of options.shared?.answers ?? []) name(named, "answer");

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of options.operations) {
    paths[op.path] ??= {};
    const item = paths[op.path];
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is declared twice`);
    item[op.method] = operationObject(op, name);
  }

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Tidemark API",
      version: options.version,
      description:
        "Train, serve and watch machine-learning models. Every request but this document's and the health probes' carries an API key " +
        "(`Authorization: Bearer tm_…`) whose scopes include the operation's `x-scope`; `admin` may do everything. " +
        'Every failure answers `{ "error": { "code", "message", "details"? } }`, but on the Open Inference ' +
        'Protocol\'s /v2 paths, which answer its `{ "error": "…" }`.',
    },
    servers: [{ url: "/" }],
    tags: [...new Set(options.operations.map((o) => o.tag))].map((tag) => ({ name: tag })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: "http",
          scheme: "bearer",
          description: "An API key created with `tidemark keys create` or POST /api/v1/keys; its scopes decide what it may call",
        },
      },
      schemas: components(requests, answers),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

type Namer = (named: NamedSchema, side: "request" | "answer") => { $ref: string };

/** One operation object; `name` turns a named schema into a reference to its component. */
function operationObject(op: ApiOperation, name: Namer) {
  const errorSchema = op.errorBody ? name(op.errorBody, "answer") : errorRef;
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    "x-scope": op.scope,
    security: op.scope ? [{ [SECURITY_SCHEME]: [op.scope] }] : [],
    parameters: [...parameters(op.pathParams, "path"), ...parameters(op.query, "query"), ...parameters(op.headers, "header")],
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required ?? true,
            content: {
              [op.body.contentType ?? "application/json"]: {
                schema: name(op.body, "request"),
                ...(op.body.partTypes ? { encoding: encoding(op.body.partTypes) } : {}),
              },
            },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.headers
              ? {
                  headers: Object.fromEntries(
                    Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }]),
                  ),
                }
              : {}),
            ...(r.body
              ? { content: { [r.contentType ?? "application/json"]: { schema: name(r.body, "answer") } } }
              : r.contentType
                ? { content: { [r.contentType]: { schema: { type: "string" } } } }
                : {}),
          },
        ]),
      ),
      ...Object.fromEntries(
        Object.entries({ ...(op.scope ? AUTH_ERRORS : {}), ...op.errors }).map(([status, description]) => [
          status,
          { description, content: { "application/json": { schema: errorSchema } } },
        ]),
      ),
      default: {
        description: `Any other failure, in ${op.errorBody ? "this operation's" : "the one"} error shape (500 carries no internal detail; 503 has Retry-After)`,
        content: { "application/json": { schema: errorSchema } },
      },
    },
  };
}

const encoding = (parts: Record<string, string>) =>
  Object.fromEntries(Object.entries(parts).map(([part, contentType]) => [part, { contentType }]));

function components(requests: Map<z.ZodType, string>, answers: Map<z.ZodType, string>) {
  const inputs = componentsFor(requests, "input");
  const outputs = componentsFor(answers, "output");
  const both = Object.keys(inputs).filter((n) => n in outputs);
  if (both.length) throw new Error(`${both.join(", ")}: a request and an answer need names of their own`);
  return { ...inputs, ...outputs };
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query" | "header") {
  if (!schema) return [];
  const json = schemaFor(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}
