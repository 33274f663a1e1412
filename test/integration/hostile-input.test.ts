// Issue 12, "no 500 for any input": each input the hostile run answered 500, through the route
// handlers (or, for pages, the functions they load with), with the whole answer compared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { Database } from "@/lib/db/open-database";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as keyRoute from "@/app/api/v1/keys/[name]/route";
import * as monitoringRoute from "@/app/api/v1/models/[name]/monitoring/route";
import * as retryRoute from "@/app/api/v1/alert-notifications/[id]/retry/route";
import * as unknownApiRoute from "@/app/api/[...path]/route";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { loadModelPage } from "@/lib/dashboard/loaders/model-page-context";
import { readPageQuery } from "@/lib/dashboard/page-input";
import { proxy } from "@/proxy";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "test",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
});
afterAll(async () => db.close());

const NUL = { code: "validation_failed", message: "Invalid request parameters" } as const;
const RANGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";
const ISO = "must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z";

describe("a notification id beyond int8's range", () => {
  // Found by the fuzz suite: the digits passed the id check, and Postgres refused the bigint (500).
  it.each(["9223372036854775808", "9".repeat(300)])("names no notification: 404 for %s", async (id) => {
    const res = await callRoute(retryRoute.POST, {
      path: `/api/v1/alert-notifications/${id}/retry`,
      params: { id },
      key: keys.admin,
    });
    expect(res.status).toBe(404);
    expect((res.json as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("NUL in a path or query parameter is a 422 naming it", () => {
  it.each([
    [
      "GET /api/v1/models/%00",
      () => callRoute(modelRoute.GET, { method: "GET", path: "/api/v1/models/%00", params: { name: "\u0000" }, key: keys.read }),
      [{ path: "name", in: "path", message: "contains a NUL character, which cannot be stored" }],
    ],
    [
      "DELETE /api/v1/keys/%00",
      () =>
        callRoute(keyRoute.DELETE, { method: "DELETE", path: "/api/v1/keys/%00", params: { name: "\u0000" }, key: keys.admin }),
      [{ path: "name", in: "path", message: "contains a NUL character, which cannot be stored" }],
    ],
    [
      "GET /api/v1/audit?model=%00",
      () => callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?model=%00", key: keys.read }),
      [{ path: "model", in: "query", message: "contains a NUL character, which cannot be stored" }],
    ],
    [
      "POST /api/v1/models/fraud/predict?alias=%00",
      () =>
        callRoute(predictRoute.POST, {
          path: "/api/v1/models/fraud/predict?alias=%00",
          params: { name: "fraud" },
          key: keys.predict,
          json: { inputs: [{ amount: 1, country: "US", is_new: true }] },
        }),
      [{ path: "alias", in: "query", message: "contains a NUL character, which cannot be stored" }],
    ],
    [
      "a NUL in a query parameter's name",
      () => callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?a%00=1", key: keys.read }),
      [{ path: '"a\\u0000"', in: "query", message: "its name contains a NUL character, which cannot be stored" }],
    ],
    [
      "a lone surrogate in a path parameter",
      () => callRoute(modelRoute.GET, { method: "GET", path: "/api/v1/models/x", params: { name: "\ud800" }, key: keys.read }),
      [{ path: "name", in: "path", message: "contains an unpaired UTF-16 surrogate" }],
    ],
  ])("%s", async (_name, call, details) => {
    const res = await call();
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: { ...NUL, details } });
  });

  it("still answers 401, not 422, to a caller without a key", async () => {
    const res = await callRoute(modelRoute.GET, { method: "GET", path: "/api/v1/models/%00", params: { name: "\u0000" } });
    expect(res.status).toBe(401);
  });
});

describe("times outside the years 0001-9999", () => {
  it.each([
    [
      "performance ?from=0&to=+275760-09-13T00:00:00Z",
      performanceRoute.GET,
      "/api/v1/models/fraud/performance?from=0&to=%2B275760-09-13T00:00:00Z",
      // Neither is an ISO 8601 time with a four-digit year: the one time parser (as the drift
      // routes and the CLI) refuses both before any range check.
      [
        { path: "from", message: ISO },
        { path: "to", message: ISO },
      ],
    ],
    [
      "service ?from=-000001-01-01T00:00:00Z",
      serviceRoute.GET,
      "/api/v1/models/fraud/service?from=-000001-01-01T00:00:00Z",
      [{ path: "from", message: ISO }],
    ],
    [
      "drift ?from=0000-01-01T00:00:00Z",
      driftRoute.GET,
      "/api/v1/models/fraud/drift?from=0000-01-01T00:00:00Z",
      [{ path: "from", message: RANGE }],
    ],
  ])("refuses %s with 422 naming the parameter", async (_name, handler, path, details) => {
    const res = await callRoute(handler, { method: "GET", path, params: { name: "fraud" }, key: keys.read });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: { code: "validation_failed", message: "Invalid query", details } });
  });

  it("clamps a derived bound: drift ?from=9999-12-31T00:00:00Z runs to the end of 9999", async () => {
    const res = await callRoute(driftRoute.GET, {
      method: "GET",
      path: "/api/v1/models/fraud/drift?from=9999-12-31T00:00:00Z",
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ from: "9999-12-31T00:00:00.000Z", to: "9999-12-31T23:59:59.999Z", windows: [] });
  });

  it("clamps a derived bound: performance ?to=0001-01-02T00:00:00Z starts at year 1", async () => {
    const res = await callRoute(performanceRoute.GET, {
      method: "GET",
      path: "/api/v1/models/fraud/performance?to=0001-01-02T00:00:00Z",
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ model: "fraud", from: "0001-01-01T00:00:00.000Z", to: "0001-01-02T00:00:00.000Z", points: [] });
  });

  it("clamps the histogram's whole-hour widening at the end of 9999", async () => {
    const path =
      "/api/v1/models/fraud/drift/histogram?feature=amount&from=9999-12-31T23:00:00Z&to=9999-12-31T23:59:59Z&reference=seasonal:4w";
    const res = await callRoute(histogramRoute.GET, { method: "GET", path, params: { name: "fraud" }, key: keys.read });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ from: "9999-12-31T23:00:00.000Z", to: "9999-12-31T23:59:59.999Z", bins: [] });
  });

  it("a seasonal reference before year 1 is empty, not an error", async () => {
    const path =
      "/api/v1/models/fraud/drift/histogram?feature=amount&from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z&reference=seasonal:4w";
    const res = await callRoute(histogramRoute.GET, { method: "GET", path, params: { name: "fraud" }, key: keys.read });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ referenceRows: 0, currentRows: 0, bins: [] });
  });
});

describe("a deeply nested body stored as sent", () => {
  it.each([20, 5_000])("monitoring settings nested %i deep are a 422, not a stack overflow", async (depth) => {
    const body = `{"schedules":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
    const res = await callRoute(monitoringRoute.PUT, {
      method: "PUT",
      params: { name: "fraud" },
      key: keys.admin,
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid monitoring settings",
        details: [{ path: "(root)", message: "must not nest deeper than 16 levels" }],
      },
    });
  });
});

describe("a path that is not percent-encoded UTF-8", () => {
  it.each(["/api/v1/models/%ff", "/api/v1/models/%ED%A0%80", "/api/v1/models/fraud/versions/%ff"])(
    "%s is a 400 in the one error shape",
    async (path) => {
      const res = await proxy(new NextRequest(`http://localhost${path}`));
      expect(res.status).toBe(400);
      const segment = path.split("/").at(-1);
      expect(await res.json()).toEqual({
        error: {
          code: "bad_request",
          message: "The path is not valid percent-encoded UTF-8",
          details: [{ path: segment, in: "path", message: "is not valid percent-encoded UTF-8" }],
        },
      });
    },
  );

  it("is a plain 400 for a page", async () => {
    const res = await proxy(new NextRequest("http://localhost/models/%ff/drift"));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("The path is not valid percent-encoded UTF-8: %ff\n");
  });

  it("passes a well-encoded path on", async () => {
    const res = await proxy(new NextRequest("http://localhost/api/v1/models/a%20b%C3%A9"));
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("an /api path no route serves", () => {
  it("is a JSON 404 for any method, a multipart POST included", async () => {
    const res = await callRoute(unknownApiRoute.POST, {
      path: "/api/v1/versions",
      body: "garbage",
      headers: { "content-type": "multipart/form-data; boundary=x" },
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "not_found", message: "No API route at this path" } });
  });
});

describe("a multipart POST to a page", () => {
  const post = (body: BodyInit, contentType?: string) =>
    proxy(
      new NextRequest("http://localhost/login", {
        method: "POST",
        body,
        headers: contentType ? { "content-type": contentType } : {},
      }),
    );

  it("whose body is not a form is a plain 400", async () => {
    const res = await post('{"minutes":5}', "multipart/form-data; boundary=x");
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("The body is not a multipart form\n");
  });

  it("that is a form goes on to the page", async () => {
    const form = new FormData();
    form.set("credential", "x");
    const res = await post(form);
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("model pages", () => {
  const notFound = { digest: "NEXT_HTTP_ERROR_FALLBACK;404" };
  const load = (name: string, query: Record<string, string | string[]>) =>
    loadModelPage(Promise.resolve({ name }), Promise.resolve(query));

  it.each(["garbage", "0", "1.5", "-1", "1e3", "99", " 1"])("answer the 404 page for ?version=%s", async (version) => {
    await expect(load("fraud", { version })).rejects.toMatchObject(notFound);
  });

  it("read a known version", async () => {
    expect((await load("fraud", { version: "1" })).version).toBe(1);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("show the default range for ?range=%s", async (range) => {
    const page = await load("fraud", { range });
    expect(page.range.key).toBe("24h");
    expect(page.range.to.getTime() - page.range.from.getTime()).toBe(86_400_000);
  });

  it("ignore a custom range outside the storable years", async () => {
    const page = await load("fraud", { from: "0", to: "+275760-09-13T00:00:00Z" });
    expect(page.range.key).toBe("24h");
  });

  it.each(["%00", "%2500", "%25ff", "%ED%A0%80"])("answer the 404 page for the name %s", async (name) => {
    await expect(load(name, {})).rejects.toMatchObject(notFound);
  });

  it("drop query values Postgres cannot take, and keep the first of repeated ones", async () => {
    const query = await readPageQuery(
      Promise.resolve({ segment: "a\u0000", model: ["fraud", "other"], range: ["7d"], x: "\ud800" }),
    );
    expect({ ...query }).toEqual({ model: "fraud", range: "7d" });
    expect(Object.getPrototypeOf(query)).toBeNull();
  });
});
