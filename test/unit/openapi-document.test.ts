import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import Ajv2020 from "ajv/dist/2020";
import { apiOperations } from "@/lib/openapi/api-operations";
import { DATA_PLANE_PATHS } from "@/lib/server/data-plane-paths";
import { INFERENCE_PROTOCOL_TAG } from "@/lib/openapi/operations/inference-protocol";
import { contractChecker, TEST_LIMITS, testDocument } from "../helpers/openapi-contract";
import { readmeExamples } from "../helpers/readme-examples";

const ROOT = path.resolve(__dirname, "../..");
const doc = testDocument();
const paths = doc.paths as Record<string, Record<string, Record<string, any>>>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

// The catch-all answers 404 in the error shape at any /api path no route serves: not an operation.
const NOT_OPERATIONS = new Set(["app/api/[...path]/route.ts"]);

type RouteFile = { file: string; template: string; method: string; scope: string | null; source: string };

/** Every exported HTTP method of every route.ts under app/api, with the scope its apiRoute asks for. */
function routeFiles(): RouteFile[] {
  const found: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name === "route.ts" && !NOT_OPERATIONS.has(rel)) {
        const source = readFileSync(path.join(ROOT, rel), "utf8");
        const template = dir.slice("app".length).replace(/\[([^\]]+)\]/g, "{$1}");
        for (const method of METHODS) {
          const exported = new RegExp(`export (?:const ${method}\\b[^=]*=|(?:async )?function ${method}\\b)(.*)`).exec(source);
          if (!exported) continue;
          const scope = /apiRoute(?:<[^>]*>)?\(\{ scope: "(\w+)" \}/.exec(exported[1])?.[1] ?? null;
          // This handler's own text: from its export to the next one.
          const next = source.indexOf("\nexport ", exported.index + 1);
          found.push({ file: rel, template, method, scope, source: source.slice(exported.index, next < 0 ? undefined : next) });
        }
      }
    }
  };
  walk("app/api");
  return found;
}

describe("the OpenAPI document", () => {
  const routes = routeFiles();

  it("finds the routes it checks", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual(
      expect.objectContaining({ template: "/api/v1/models/{name}/predict", method: "POST", scope: "predict" }),
    );
  });

  it.each(routes.map((r) => [`${r.method} ${r.template}`, r] as const))(
    "documents %s with its scope, request and responses",
    (_, route) => {
      const op = paths[route.template]?.[route.method.toLowerCase()];
      expect(op, `${route.file} exports ${route.method}; declare it in lib/openapi/operations/`).toBeDefined();
      expect(op["x-scope"]).toBe(route.scope);
      expect(op.security).toEqual(route.scope ? [{ apiKey: [route.scope] }] : []);
      const readsBody = /readJsonBody|readOptionalJson|readRegistrationForm/.test(route.source);
      expect(Boolean(op.requestBody), "a request body is documented exactly when the route reads one").toBe(readsBody);
      if (/searchParams/.test(route.source))
        expect(
          op.parameters.some((p: { in: string }) => p.in === "query"),
          "the route reads query parameters",
        ).toBe(true);
      const success = Object.entries(op.responses as Record<string, { content?: Record<string, unknown> }>).filter(([s]) =>
        /^2\d\d$/.test(s),
      );
      expect(success.length).toBeGreaterThan(0);
      for (const [, response] of success) expect(Object.keys(response.content ?? {}).length).toBeGreaterThan(0);
      expect(op.responses.default.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    },
  );

  it("documents every path the data plane serves outside app/api: the Open Inference Protocol's", () => {
    const documented = (key: string) => {
      const [method, template] = key.split(" ");
      return Boolean(paths[template]?.[method.toLowerCase()]);
    };
    expect(DATA_PLANE_PATHS.filter((key) => !documented(key))).toEqual([]);
    for (const [template, item] of Object.entries(paths).filter(([t]) => t.startsWith("/v2")))
      for (const op of Object.values(item)) {
        expect(op.tags, template).toEqual([INFERENCE_PROTOCOL_TAG]);
        // The protocol's failures are `{"error": "…"}`, not the API's one error shape.
        for (const [status, response] of Object.entries(op.responses as Record<string, { content?: any }>))
          if (!/^2\d\d$/.test(status))
            expect(response.content["application/json"].schema, `${template} ${status}`).toEqual({
              $ref: "#/components/schemas/V2Error",
            });
      }
  });

  it("documents no operation that no route serves", () => {
    const served = new Set([...routes.map((r) => `${r.method} ${r.template}`), ...DATA_PLANE_PATHS]);
    const documented = Object.entries(paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
  });

  it("has the fields OpenAPI 3.1 requires, unique operation ids and path parameters that match their templates", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const ids: string[] = [];
    for (const [template, item] of Object.entries(paths)) {
      expect(template).toMatch(/^\/(api\/|v2(\/|$))/);
      const inTemplate = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        expect(["get", "put", "post", "delete", "options", "head", "patch", "trace"]).toContain(method);
        ids.push(op.operationId);
        expect(op.summary).toBeTruthy();
        const params = op.parameters as { name: string; in: string; required: boolean; schema: object }[];
        expect(
          params
            .filter((p) => p.in === "path")
            .map((p) => p.name)
            .sort(),
          `${method} ${template}`,
        ).toEqual(inTemplate);
        for (const p of params) {
          expect(["path", "query", "header", "cookie"]).toContain(p.in);
          if (p.in === "path") expect(p.required).toBe(true);
          expect(p.schema).toBeTypeOf("object");
        }
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses as Record<string, { description: string }>)) {
          expect(status).toMatch(/^([1-5]\d\d|default)$/);
          expect(response.description).toBeTruthy();
        }
        for (const requirement of op.security)
          for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every $ref", () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object")
        for (const [key, value] of Object.entries(node)) key === "$ref" ? refs.push(value as string) : walk(value);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    const unresolved = refs.filter((ref) => {
      if (!ref.startsWith("#/")) return true;
      let node: unknown = doc;
      for (const part of ref.slice(2).split("/"))
        node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      return node === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  it("holds component schemas that are valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(ajv.validateSchema(schema as object), `${name}: ${ajv.errorsText()}`).toBe(true);
    }
    // And as a whole: every reference compiles.
    ajv.addSchema(doc as object, "openapi.json");
    for (const name of Object.keys(doc.components.schemas)) ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
  }, 60_000);

  it("is served as JSON that round-trips", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe("the README's request examples", () => {
  const examples = readmeExamples(readFileSync(path.join(ROOT, "README.md"), "utf8"));
  const contract = contractChecker(doc);
  const operations = apiOperations(TEST_LIMITS);
  const templateOf = (concrete: string) =>
    Object.keys(paths).find((t) => new RegExp(`^${t.replace(/\{\w+\}/g, "[^/]+")}$`).test(concrete));

  it("are found", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(examples.map((e) => e.path)).toContain("/api/v1/models/fraud/predict");
  });

  it.each(examples.map((e) => [`${e.method} ${e.path} (README line ${e.line})`, e] as const))(
    "%s validates against its operation's request schema",
    (_, example) => {
      const template = templateOf(example.path);
      if (!template) throw new Error(`no documented path matches ${example.path}`);
      // The document's JSON Schema, as a client's generated code would check it …
      expect(contract.request(example.method, template, example.body)).toEqual([]);
      // … and the zod schema itself, which also holds the rules JSON Schema cannot say.
      const body = operations.find((o) => o.path === template && o.method === example.method.toLowerCase())?.body;
      if (!body) throw new Error(`${example.method} ${template} documents no request body`);
      const parsed = (body.schema as z.ZodType).safeParse(example.body);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    },
    // The first check compiles the whole document's schemas.
    60_000,
  );
});
