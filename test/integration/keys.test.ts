import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[name]/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

describe("API keys", () => {
  it("creates a key whose secret is returned once and stored only hashed", async () => {
    const res = await callRoute(keysRoute.POST, { key: keys.admin, json: { name: "ingestor", scopes: ["ingest", "read"] } });
    expect(res.status).toBe(201);
    expect(res.json.token).toMatch(/^tm_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(res.json.key).toMatchObject({ name: "ingestor", scopes: ["ingest", "read"], createdBy: "key:admin", revokedAt: null });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { name: "ingestor" } });
    expect(JSON.stringify(row)).not.toContain(res.json.token.split("_")[2]);

    const list = await callRoute(keysRoute.GET, { method: "GET", key: keys.admin });
    expect(list.json.keys.map((k: { name: string }) => k.name)).toEqual(["admin", "predictor", "reader", "ingestor"]);
    expect(JSON.stringify(list.json)).not.toContain(res.json.token);

    const usable = await callRoute(modelsRoute.GET, { method: "GET", key: res.json.token });
    expect(usable.status).toBe(200);
  });

  it.each([
    [{ name: "bad name", scopes: ["read"] }, [{ path: "name", message: "may contain letters, digits, _ . - only" }]],
    [{ name: "x", scopes: [] }, [{ path: "scopes", message: "must list at least one scope" }]],
    [{ name: "x", scopes: ["root"] }, [{ path: "scopes.0", message: "scope must be one of predict, ingest, read, admin" }]],
    [{ scopes: ["read"] }, [{ path: "name", message: "name is required" }]],
  ])("refuses %j with the field named", async (body, details) => {
    const res = await callRoute(keysRoute.POST, { key: keys.admin, json: body });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: { code: "validation_failed", message: "Invalid API key", details } });
  });

  it("refuses a duplicate name with 409", async () => {
    const res = await callRoute(keysRoute.POST, { key: keys.admin, json: { name: "reader", scopes: ["read"] } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ error: { code: "conflict", message: 'An API key named "reader" already exists' } });
  });

  it("a revoked key gets 401 at once, and the revocation is audited", async () => {
    const created = await callRoute(keysRoute.POST, { key: keys.admin, json: { name: "temp", scopes: ["read"] } });
    expect((await callRoute(modelsRoute.GET, { method: "GET", key: created.json.token })).status).toBe(200);
    const revoked = await callRoute(keyRoute.DELETE, { method: "DELETE", params: { name: "temp" }, key: keys.admin });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    const after = await callRoute(modelsRoute.GET, { method: "GET", key: created.json.token });
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ error: { code: "unauthorized", message: "Unknown or revoked API key" } });

    const audit = await callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?kind=api_key.revoked", key: keys.read });
    expect(audit.json.events).toEqual([
      expect.objectContaining({ actor: "key:admin", subject: "api_key:temp", before: { scopes: ["read"], revokedAt: null } }),
    ]);
    const missing = await callRoute(keyRoute.DELETE, { method: "DELETE", params: { name: "nobody" }, key: keys.admin });
    expect(missing.status).toBe(404);
  });

  it("scopes: read cannot register or manage keys (403); predict cannot read", async () => {
    const register = await callRoute(versionsRoute.POST, {
      params: { name: "m" },
      key: keys.read,
      body: registrationForm(binaryModelBytes(), binaryManifest()),
    });
    expect(register.status).toBe(403);
    expect(register.json).toEqual({ error: { code: "forbidden", message: 'This API key lacks the "admin" scope' } });
    expect((await callRoute(keysRoute.GET, { method: "GET", key: keys.read })).status).toBe(403);
    expect((await callRoute(modelsRoute.GET, { method: "GET", key: keys.predict })).status).toBe(403);
    expect((await callRoute(modelsRoute.GET, { method: "GET", key: "Bearer-less" })).status).toBe(401);
    expect(await db.prisma.model.count()).toBe(0);
  });
});
