import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import {
  binaryManifest,
  binaryModelBytes,
  createKeys,
  regressionManifest,
  regressionModelBytes,
  registrationForm,
} from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

const register = (name: string, manifest: unknown, onnx = binaryModelBytes(), key = keys.admin) =>
  callRoute(versionsRoute.POST, { params: { name }, key, body: registrationForm(onnx, manifest) });

describe("registering versions", () => {
  it("stores numbered versions with their manifest, hash and registrant", async () => {
    const first = await register("fraud", binaryManifest());
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ model: "fraud", version: 1, registeredBy: "key:admin", aliases: [] });
    expect(first.json.sha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await register("fraud", binaryManifest());
    expect(second.json.version).toBe(2);
    // Same bytes, same content hash: stored once.
    expect(second.json.sha256).toBe(first.json.sha256);
    expect(await db.prisma.modelArtifact.count()).toBe(1);

    const got = await callRoute(versionRoute.GET, { method: "GET", params: { name: "fraud", version: "2" }, key: keys.read });
    expect(got.status).toBe(200);
    expect(got.json.manifest.features.map((f: { name: string }) => f.name)).toEqual(["amount", "country", "is_new"]);
    expect(got.json.metrics.test.auc).toBe(0.91);
    expect(got.json.productionGate.passed).toBe(true);

    const list = await callRoute(modelsRoute.GET, { method: "GET", key: keys.read });
    expect(list.json.models).toEqual([expect.objectContaining({ name: "fraud", task: "binary", versions: 2 })]);
  });

  it("rejects a manifest with every problem listed and writes nothing", async () => {
    const before = await db.prisma.modelVersion.count();
    const bad = binaryManifest({ outputs: { classes: ["only-one"] } }) as Record<string, unknown>;
    delete bad.evaluation;
    const res = await register("broken", bad);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid manifest",
        details: [{ path: "evaluation", message: "Invalid input: expected object, received undefined" }],
      },
    });
    const res2 = await register("broken", binaryManifest({ outputs: { classes: ["only-one"] } }));
    expect(res2.json.error.details).toEqual([
      { path: "outputs.classes", message: "must list exactly 2 classes (negative, positive)" },
      { path: "outputs.threshold", message: "is required for binary models (the operating threshold)" },
    ]);
    expect(await db.prisma.modelVersion.count()).toBe(before);
    expect(await db.prisma.model.findUnique({ where: { name: "broken" } })).toBeNull();
  });

  it("rejects a manifest holding a string Postgres cannot store, naming it", async () => {
    const manifest = binaryManifest({ description: "fraud\u0000screen" });
    const res = await register("nul-manifest", manifest);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid registration",
        details: [{ path: "manifest.description", message: "contains a NUL character, which cannot be stored" }],
      },
    });
    expect(await db.prisma.model.findUnique({ where: { name: "nul-manifest" } })).toBeNull();
  });

  it("rejects a file ONNX Runtime cannot load, and one whose inputs do not match", async () => {
    const garbage = await register("garbage", binaryManifest(), new TextEncoder().encode("not an onnx file at all"));
    expect(garbage.status).toBe(422);
    expect(garbage.json.error.message).toBe("The model file does not load in ONNX Runtime");
    expect(garbage.json.error.details[0].path).toBe("model");

    const manifest = binaryManifest();
    manifest.features = [...manifest.features.slice(0, 2), { name: "tenure", type: "numeric", nullable: false }];
    const mismatch = await register("mismatch", manifest);
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error.details).toEqual([
      { path: "model", message: 'the model has no input named "tenure" (inputs: amount, country, is_new)' },
      { path: "model", message: 'the model input "is_new" is not declared in manifest.features' },
    ]);
    expect(await db.prisma.model.count({ where: { name: { in: ["garbage", "mismatch"] } } })).toBe(0);
  });

  it("refuses a model file over the size limit with 413 and stores nothing", async () => {
    const onnx = binaryModelBytes();
    await expect(
      registerModelVersion(db, {
        modelName: "big",
        onnx,
        manifest: binaryManifest(),
        actor: "test",
        maxBytes: onnx.byteLength - 1,
      }),
    ).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
      message: `The model file is ${onnx.byteLength} bytes; the limit is ${onnx.byteLength - 1}`,
    });
    expect(await db.prisma.model.findUnique({ where: { name: "big" } })).toBeNull();
  });

  it("refuses a different task under an existing name", async () => {
    const res = await register("fraud", regressionManifest(), regressionModelBytes());
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      error: { code: "conflict", message: 'Model "fraud" is a binary model; this manifest declares regression' },
    });
  });
});

describe("the production gate", () => {
  it("refuses a version that misses the deploy threshold or a baseline, naming each rule and number", async () => {
    const weak = binaryManifest({
      evaluation: {
        successCriteria: { primaryMetric: "auc", deployThreshold: 0.8 },
        test: { auc: 0.75 },
        baselines: [
          { name: "majority", metrics: { auc: 0.5 } },
          { name: "gbdt", metrics: { auc: 0.79 } },
        ],
      },
    });
    const reg = await register("churn", weak);
    expect(reg.json.version).toBe(1);
    const refused = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "churn", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("gate_failed");
    expect(refused.json.error.details).toEqual([
      {
        rule: "deploy_threshold",
        passed: false,
        metric: "auc",
        value: 0.75,
        target: 0.8,
        message: "test auc 0.75 must be at least the deploy threshold 0.8",
      },
      {
        rule: "beats_baseline",
        passed: false,
        metric: "auc",
        value: 0.75,
        target: 0.79,
        baseline: "gbdt",
        message: 'test auc 0.75 must beat baseline "gbdt" (0.79)',
      },
    ]);
    expect(await db.prisma.modelAlias.count({ where: { alias: "production", model: { name: "churn" } } })).toBe(0);

    const noReason = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "churn", alias: "production" },
      key: keys.admin,
      json: { version: 1, force: true },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error.details).toEqual([{ path: "reason", message: "is required when force is true" }]);

    const forced = await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "churn", alias: "production" },
      key: keys.admin,
      json: { version: 1, force: true, reason: "only model we have; accepted by risk team" },
    });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ alias: "production", version: 1, previousVersion: null, forced: true });
  });

  it("promotes, rolls back, and keeps the whole alias history and audit trail", async () => {
    const toProd = (version: number, reason?: string) =>
      callRoute(aliasRoute.PUT, {
        method: "PUT",
        params: { name: "fraud", alias: "production" },
        key: keys.admin,
        json: { version, reason },
      });
    expect((await toProd(1)).status).toBe(200);
    expect((await toProd(2, "retrained")).json).toMatchObject({ version: 2, previousVersion: 1, forced: false });
    expect((await toProd(1, "rollback: v2 latency")).json).toMatchObject({ version: 1, previousVersion: 2 });

    const model = await callRoute(modelRoute.GET, { method: "GET", params: { name: "fraud" }, key: keys.read });
    expect(model.json.aliases).toEqual({ production: 1 });
    expect(
      model.json.aliasHistory.map((h: { fromVersion: number | null; toVersion: number }) => [h.fromVersion, h.toVersion]),
    ).toEqual([
      [2, 1],
      [1, 2],
      [null, 1],
    ]);

    const audit = await callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?model=fraud&limit=2", key: keys.read });
    expect(audit.status).toBe(200);
    expect(audit.json.events).toHaveLength(2);
    expect(audit.json.events[0]).toMatchObject({
      kind: "model.alias_moved",
      actor: "key:admin",
      model: "fraud",
      before: { version: 2 },
      after: { version: 1, forced: false, reason: "rollback: v2 latency", gatePassed: true },
    });
    const next = await callRoute(auditRoute.GET, {
      method: "GET",
      path: `/api/v1/audit?model=fraud&before=${audit.json.nextBefore}`,
      key: keys.read,
    });
    expect(next.json.events.map((e: { kind: string }) => e.kind)).toEqual([
      "model.alias_moved",
      "model.version_registered",
      "model.version_registered",
    ]);
    expect(next.json.nextBefore).toBeNull();
  });

  it("keeps the audit trail immutable", async () => {
    await expect(db.sql.exec("UPDATE audit_events SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.sql.exec("DELETE FROM audit_events")).rejects.toThrow(/append-only/);
  });
});
