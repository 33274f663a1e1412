import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as trafficRoute from "@/app/api/v1/models/[name]/aliases/[alias]/traffic/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { getMetrics } from "@/lib/observability/prometheus";
import { compareRolloutTraffic } from "@/lib/prediction-log/compare-rollout-traffic";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import {
  createKeys,
  oddBatchFailingModelBytes,
  regressionManifest,
  regressionModelBytes,
  registrationForm,
} from "../helpers/fixtures";

const TRAFFIC_HANDLERS = { GET: trafficRoute.GET, PUT: trafficRoute.PUT, DELETE: trafficRoute.DELETE };
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

// price: v1 the champion; v2 returns its input x as the value but fails on an odd batch size (a
// challenger that breaks at run time); v3 is v2 with a test MAE that fails the gate.
beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const failingGate = { ...regressionManifest(), evaluation: { ...regressionManifest().evaluation, test: { mae: 3 } } };
  for (const [bytes, manifest] of [
    [regressionModelBytes(), regressionManifest()],
    [oddBatchFailingModelBytes(), regressionManifest()],
    [oddBatchFailingModelBytes(), failingGate],
  ] as const) {
    const reg = await callRoute(versionsRoute.POST, {
      params: { name: "price" },
      key: keys.admin,
      body: registrationForm(bytes, manifest),
    });
    expect(reg.status).toBe(201);
  }
  const moved = await move(1);
  expect(moved.status).toBe(200);
});
afterAll(async () => db.close());

const move = (version: number) =>
  callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "price", alias: "production" },
    key: keys.admin,
    json: { version },
  });
const traffic = (method: "GET" | "PUT" | "DELETE", json?: unknown, alias = "production") =>
  callRoute(TRAFFIC_HANDLERS[method], {
    method,
    params: { name: "price", alias },
    key: method === "GET" ? keys.read : keys.admin,
    json,
  });
const predict = (json: unknown) =>
  callRoute(predictRoute.POST, { path: "/api/v1/models/price/predict", params: { name: "price" }, key: keys.predict, json });

async function shadowRows(): Promise<{ id: string; version: number; paired: string; output: { value: number } }[]> {
  return db.sql.query(
    `SELECT p.id::text, v.version, p.paired_prediction_id::text AS paired, p.output FROM predictions p
       JOIN model_versions v ON v.id = p.model_version_id WHERE p.source = 'shadow' ORDER BY p.id`,
  );
}
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  return read();
}
const shadowCount = async (outcome: string) =>
  (await getMetrics().shadowRuns.get()).values.find((v) => v.labels.outcome === outcome && v.labels.version === "2")?.value ?? 0;
const lastAudit = async () => db.prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });

describe("setting a traffic policy", () => {
  it.each([
    [{ mode: "canary", version: 2, percent: 0 }, 422, "percent"],
    [{ mode: "canary", version: 2, percent: 100 }, 422, "percent"],
    [{ mode: "canary", version: 2 }, 422, "percent"],
    [{ mode: "shadow", version: 2, percent: 10 }, 422, "percent"],
    [{ mode: "blue-green", version: 2 }, 422, "mode"],
    [{ mode: "canary", version: 2, percent: 10, force: true }, 422, "reason"],
    [{ mode: "shadow", version: 1 }, 422, "version"],
    [{ mode: "shadow", version: 9 }, 404, null],
  ])("refuses %j with %i naming the field", async (body, status, field) => {
    const res = await traffic("PUT", body);
    expect(res.status).toBe(status);
    if (field) expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await db.prisma.trafficPolicy.count()).toBe(0);
  });

  it("needs the alias to exist, and the gate for canary unless forced with a reason", async () => {
    const staging = await traffic("PUT", { mode: "shadow", version: 2 }, "staging");
    expect(staging.status).toBe(409);
    expect(staging.json.error.message).toContain('no "staging" alias');
    const gated = await traffic("PUT", { mode: "canary", version: 3, percent: 10 });
    expect(gated.status).toBe(409);
    expect(gated.json.error.code).toBe("gate_failed");
    expect(gated.json.error.details[0]).toMatchObject({ rule: "deploy_threshold", passed: false, value: 3 });
    const forced = await traffic("PUT", { mode: "canary", version: 3, percent: 10, force: true, reason: "small test" });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ mode: "canary", championVersion: 1, challengerVersion: 3, percent: 10, forced: true });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ kind: "model.rollout_set", actor: "key:admin", before: null });
    expect(audit?.after).toMatchObject({
      mode: "canary",
      challengerVersion: 3,
      forced: true,
      reason: "small test",
      gatePassed: false,
    });
    // Shadow needs no gate: the failing version may shadow.
    const shadow = await traffic("PUT", { mode: "shadow", version: 3 });
    expect(shadow.status).toBe(200);
    expect((await lastAudit())?.before).toMatchObject({ mode: "canary", challengerVersion: 3 });
    const ended = await traffic("DELETE");
    expect(ended.status).toBe(200);
    expect(ended.json.ended).toMatchObject({ mode: "shadow", challengerVersion: 3 });
    expect(await lastAudit()).toMatchObject({ kind: "model.rollout_ended" });
    expect((await traffic("GET")).json).toEqual({ policy: null });
    expect((await traffic("DELETE")).status).toBe(404);
  });
});

describe("serving with a rollout", () => {
  it("shadow: answers with the champion, logs the challenger's rows paired, and survives its failures", async () => {
    expect((await traffic("PUT", { mode: "shadow", version: 2 })).status).toBe(200);
    const res = await predict({ inputs: [{ x: 3 }, { x: 5 }], entityIds: ["a", "b"] });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(1);
    const rows = await until(shadowRows, (r) => r.length === 2);
    expect(rows.map((r) => r.version)).toEqual([2, 2]);
    const championIds = res.json.predictions.map((p: { predictionId: string }) => p.predictionId);
    expect(rows.map((r) => r.paired).sort()).toEqual([...championIds].sort());
    // v2 is a reshape: the value is the input x.
    const byPair = new Map(rows.map((r) => [r.paired, r.output.value]));
    expect(championIds.map((id: string) => byPair.get(id))).toEqual([3, 5]);

    // One record: the challenger's run fails; the caller never sees it.
    const failedBefore = await shadowCount("failed");
    const original = console.error;
    console.error = () => {};
    try {
      const one = await predict({ inputs: [{ x: 7 }] });
      expect(one.status).toBe(200);
      expect(one.json.version).toBe(1);
      expect(
        await until(
          () => shadowCount("failed"),
          (n) => n === failedBefore + 1,
        ),
      ).toBe(failedBefore + 1);
    } finally {
      console.error = original;
    }
    expect(await shadowRows()).toHaveLength(2);
  });

  it("compares champion and challenger on the shadow's traffic, as brute force over the rows does", async () => {
    const ids = await db.prisma.modelVersion.findMany({ where: { model: { name: "price" } }, orderBy: { version: "asc" } });
    const all = await db.sql.query<{
      id: string;
      v: number;
      source: string | null;
      paired: string | null;
      value: number;
      ms: number;
    }>(
      `SELECT p.id::text, v.version AS v, p.source, p.paired_prediction_id::text AS paired, (p.output->>'value')::float8 AS value,
              p.latency_ms::float8 AS ms FROM predictions p JOIN model_versions v ON v.id = p.model_version_id`,
    );
    const champion = all.filter((r) => r.v === 1 && r.source === null);
    const shadow = all.filter((r) => r.v === 2 && r.source === "shadow");
    const byId = new Map(champion.map((r) => [r.id, r]));
    const diffs = shadow.map((s) => Math.abs(s.value - byId.get(s.paired!)!.value));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const got = await compareRolloutTraffic(db.sql, {
      championVersionId: ids[0].id,
      challengerVersionId: ids[1].id,
      start: new Date(Date.now() - 3_600_000),
      end: new Date(Date.now() + 60_000),
    });
    expect(got.pairs.count).toBe(2);
    expect(got.pairs.meanAbsDifference).toBeCloseTo(mean(diffs), 5);
    expect(got.pairs.agreement).toBeNull();
    expect(got.champion).toMatchObject({ served: champion.length, shadow: 0, labelShares: {} });
    expect(got.champion.meanValue).toBeCloseTo(mean(champion.map((r) => r.value)), 5);
    expect(got.challenger).toMatchObject({ served: 0, shadow: 2, meanValue: 4 });
    expect(got.challenger.latency?.meanMs).toBeCloseTo(mean(shadow.map((r) => r.ms)), 3);
  });

  it("canary: the challenger answers a sticky share of entities", async () => {
    expect((await traffic("PUT", { mode: "canary", version: 2, percent: 50 })).status).toBe(200);
    const versions = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const id = `customer-${i}`;
      const res = await predict({ inputs: [{ x: 1 }, { x: 2 }], entityIds: [id, "other"] });
      expect(res.status).toBe(200);
      versions.set(id, res.json.version);
    }
    // Both sides serve (all 40 on one side of a 50 % split: chance 2^-39).
    expect(new Set(versions.values())).toEqual(new Set([1, 2]));
    for (const [id, version] of [...versions].slice(0, 10)) {
      const again = await predict({ inputs: [{ x: 1 }, { x: 2 }], entityIds: [id, "other"] });
      expect(again.json.version).toBe(version);
    }
  });

  it("promoting the challenger ends the rollout, audited", async () => {
    expect((await move(2)).status).toBe(200);
    expect((await traffic("GET")).json).toEqual({ policy: null });
    const ended = await db.prisma.auditEvent.findFirst({ where: { kind: "model.rollout_ended" }, orderBy: { id: "desc" } });
    expect(ended?.after).toEqual({ reason: "challenger promoted" });
    const res = await predict({ inputs: [{ x: 4 }, { x: 6 }] });
    expect(res.json.version).toBe(2);
  });
});
