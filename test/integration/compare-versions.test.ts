import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { runServiceJob } from "@/jobs/monitoring/service-job";
import { compareVersions } from "@/lib/dashboard/loaders/compare-versions";
import { getOperatingThresholds } from "@/lib/registry/get-operating-thresholds";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { HOUR, settleLog } from "../helpers/stream-predictions";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const H0 = Date.UTC(2026, 10, 20, 8);

async function register(manifest: unknown) {
  const res = await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}

async function predictAt(version: number, at: number, count: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    vi.setSystemTime(new Date(at));
    const inputs = Array.from({ length: count }, (_, i) => ({ amount: 10 + i, country: "US", is_new: false }));
    const res = await callRoute(predictRoute.POST, {
      path: `/api/v1/models/fraud/predict?version=${version}`,
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs },
    });
    expect(res.status).toBe(200);
  } finally {
    vi.useRealTimers();
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const v1 = binaryManifest();
  await register(v1);
  await register(
    binaryManifest({
      features: [
        { name: "amount", type: "numeric", nullable: false, range: { min: 0, max: 20000 } },
        { name: "country", type: "categorical", nullable: false, categories: ["US", "DE", "GB"], unseenCategory: "reject" },
        { name: "is_new", type: "boolean", nullable: true },
      ],
      outputs: { classes: ["legit", "fraud"], threshold: 0.35 },
      evaluation: {
        ...v1.evaluation,
        test: { auc: 0.93, f1: 0.72 },
        baselines: [
          { name: "majority", metrics: { auc: 0.5 } },
          { name: "gbdt", metrics: { auc: 0.9 } },
        ],
      },
      lineage: { ...v1.lineage, dataSha256: "def", seed: 8 },
    }),
  );
  await predictAt(1, H0 + 10 * 60_000, 30);
  await predictAt(2, H0 + 20 * 60_000, 12);
  await settleLog();
  await runServiceJob(db, { model: "fraud", window: { start: new Date(H0), end: new Date(H0 + HOUR) } });
}, 180_000);
afterAll(async () => db.close());

describe("comparing two versions", () => {
  it("lists what the manifests change: features, ranges, categories, threshold, metrics, baselines, lineage", async () => {
    const { diff } = await compareVersions(db, { model: "fraud", a: 1, b: 2, from: new Date(H0), to: new Date(H0 + HOUR) });
    const changed = diff
      .filter((d) => d.change !== "same")
      .map(({ section, item, a, b, change }) => [section, item, a, b, change]);
    expect(changed).toEqual([
      ["features", "amount", "numeric, 0 … 10000", "numeric, 0 … 20000", "changed"],
      ["features", "country categories", "FR", "GB", "changed"],
      ["outputs", "operating threshold", "0.5", "0.35", "changed"],
      ["test metrics", "auc", "0.91", "0.93", "changed"],
      ["test metrics", "f1", "0.7", "0.72", "changed"],
      ["baselines (auc)", "gbdt", null, "0.9", "added"],
      ["baselines (auc)", "logistic", "0.86", null, "removed"],
      ["lineage", "dataSha256", "abc", "def", "changed"],
      ["lineage", "seed", "7", "8", "changed"],
    ]);
    expect(diff.find((d) => d.item === "country")).toMatchObject({ change: "same" });
    expect(diff.find((d) => d.item === "deployThreshold")).toMatchObject({ a: "0.8", b: "0.8", change: "same" });
  });

  it("puts each version's production figures side by side, over the same range", async () => {
    const { a, b } = await compareVersions(db, { model: "fraud", a: 1, b: 2, from: new Date(H0), to: new Date(H0 + HOUR) });
    expect([a.version, b.version]).toEqual([1, 2]);
    expect(a.production.traffic).toMatchObject({ rows: 30, errors: 0 });
    expect(b.production.traffic).toMatchObject({ rows: 12, errors: 0 });
    expect(a.production.latency?.p99Ms).toBeGreaterThan(0);
    expect(b.production.latency?.windowStart).toBe(new Date(H0).toISOString());
    // No labels and no drift run yet: no window, said as such rather than a zero.
    expect(a.production.realized).toBeNull();
    expect(b.production.drift).toBeNull();
    const outside = await compareVersions(db, {
      model: "fraud",
      a: 1,
      b: 2,
      from: new Date(H0 + HOUR),
      to: new Date(H0 + 2 * HOUR),
    });
    expect(outside.a.production.traffic).toEqual({ requests: 0, rows: 0, errors: 0 });
  });

  it("refuses a version the model does not have", async () => {
    await expect(
      compareVersions(db, { model: "fraud", a: 1, b: 9, from: new Date(H0), to: new Date(H0 + HOUR) }),
    ).rejects.toThrow(/no version 9/);
  });

  it("reads each binary version's operating threshold for the predictions list", async () => {
    const thresholds = await getOperatingThresholds(db.sql, [
      { model: "fraud", version: 1 },
      { model: "fraud", version: 2 },
      { model: "fraud", version: 9 },
    ]);
    expect(Object.fromEntries(thresholds)).toEqual({
      "fraud@1": { threshold: 0.5, positiveClass: "fraud" },
      "fraud@2": { threshold: 0.35, positiveClass: "fraud" },
    });
    expect((await getOperatingThresholds(db.sql, [])).size).toBe(0);
  });
});
