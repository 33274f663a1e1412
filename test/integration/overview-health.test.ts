import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { loadModelHealth, type ModelHealth } from "@/lib/dashboard/loaders/load-model-health";
import { openTestDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

// The overview's health loader over stored job results, seeded row by row so every state and every
// "which row counts" rule is pinned: the watched version, the latest window, the configured
// reference, the all-rows segment, realized before estimated, the model's own sla rule.
const T0 = Date.UTC(2026, 10, 20, 0);
const HOUR = 3_600_000;
const at = (h: number) => new Date(T0 + h * HOUR).toISOString();

let db: Database;
let health: Map<string, ModelHealth>;
const versionIds: Record<string, string> = {};

async function register(model: string) {
  const out = await registerModelVersion(db, {
    modelName: model,
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "cli:test",
    maxBytes: 1e8,
  });
  const [row] = await db.sql.query<{ id: string }>(
    `SELECT v.id::text AS id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1 AND v.version = $2`,
    [model, out.version],
  );
  return row.id;
}

async function driftWindow(
  versionId: string,
  hour: number,
  o: { tested: number; drifted: number; verdict: string; reference?: string; segment?: string },
) {
  await db.sql.query(
    `INSERT INTO drift_windows (run_id, model_version_id, segment, window_start, window_end, reference, rows, features_tested, features_drifted, drifted_share, weighted_score, verdict)
     VALUES (1, $1::uuid, $2, $3, $4, $5, 500, $6, $7, $8, $8, $9)`,
    [
      versionId,
      o.segment ?? "",
      at(hour),
      at(hour + 1),
      o.reference ?? "training",
      o.tested,
      o.drifted,
      o.tested ? o.drifted / o.tested : null,
      o.verdict,
    ],
  );
}

async function performance(
  versionId: string,
  hour: number,
  o: { kind: "realized" | "estimated"; value: number | null; meets: boolean | null; labeled: number },
) {
  await db.sql.query(
    `INSERT INTO performance_results (run_id, model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage, metrics, primary_metric, primary_value, meets_threshold)
     VALUES (1, $1::uuid, $2, $3, $4, 1000, $5::int, $5::int / 1000.0, '{}', 'auc', $6, $7)`,
    [versionId, at(hour), at(hour + 1), o.kind, o.labeled, o.value, o.meets],
  );
}

async function service(versionId: string, hour: number, o: { requests: number; errors: number; p95: number; p99: number }) {
  await db.sql.query(
    `INSERT INTO service_results (run_id, model_version_id, window_start, window_end, requests, errors, rows, p50_ms, p95_ms, p99_ms, requests_per_s, rows_per_s, error_rate, sla_p99_ms, sla_min_rps, breaches)
     VALUES (1, $1::uuid, $2, $3, $4::int, $5::int, $4::int, 1, $6, $7, $4::int / 3600.0, $4::int / 3600.0, $8, 50, 100, '[]')`,
    [versionId, at(hour), at(hour + 1), o.requests, o.errors, o.p95, o.p99, o.requests ? o.errors / o.requests : 0],
  );
}

async function alert(model: string, status: "open" | "acknowledged" | "resolved", severity: "info" | "warning" | "critical") {
  const now = new Date(T0);
  await db.prisma.alert.create({
    data: {
      id: randomUUID(),
      ruleName: "test rule",
      kind: "sla",
      modelName: model,
      subject: randomUUID(),
      status,
      severity,
      title: "seeded",
      evidence: {},
      firstSeenAt: now,
      lastSeenAt: now,
      evaluatedThrough: now,
    },
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  // healthy: v1 in production; v2 registered later, with its own (bad) results that must not count.
  versionIds.healthy = await register("healthy");
  versionIds.healthyV2 = await register("healthy");
  await moveAlias(db.prisma, { name: "healthy", alias: "production", input: { version: 1 }, actor: "cli:test" });
  await driftWindow(versionIds.healthy, 0, { tested: 3, drifted: 3, verdict: "drift" });
  await driftWindow(versionIds.healthy, 1, { tested: 3, drifted: 0, verdict: "no_drift" });
  // Newer, but for another reference and for one segment: neither is the overview's verdict.
  await driftWindow(versionIds.healthy, 2, { tested: 3, drifted: 3, verdict: "drift", reference: "seasonal:1w" });
  await driftWindow(versionIds.healthy, 2, { tested: 3, drifted: 3, verdict: "drift", segment: "country=FR" });
  await driftWindow(versionIds.healthyV2, 5, { tested: 3, drifted: 3, verdict: "drift" });
  await performance(versionIds.healthy, 0, { kind: "realized", value: 0.6, meets: false, labeled: 900 });
  await performance(versionIds.healthy, 1, { kind: "realized", value: 0.9, meets: true, labeled: 800 });
  // The newest realized windows have no labels yet, or too few to be judged (an AUC of 0 from 9
  // labels): the one before is the latest realized figure.
  await performance(versionIds.healthy, 2, { kind: "realized", value: null, meets: null, labeled: 0 });
  await performance(versionIds.healthy, 3, { kind: "realized", value: 0, meets: null, labeled: 9 });
  await service(versionIds.healthy, 1, { requests: 1000, errors: 1, p95: 12, p99: 20 });
  await service(versionIds.healthy, 2, { requests: 0, errors: 0, p95: 0, p99: 0 });
  await service(versionIds.healthyV2, 5, { requests: 1000, errors: 900, p95: 300, p99: 500 });

  // troubled: no production alias (the newest version is watched), everything wrong.
  versionIds.troubled = await register("troubled");
  await driftWindow(versionIds.troubled, 3, { tested: 3, drifted: 2, verdict: "drift" });
  await performance(versionIds.troubled, 2, { kind: "realized", value: 0.6, meets: false, labeled: 700 });
  await performance(versionIds.troubled, 3, { kind: "estimated", value: 0.95, meets: true, labeled: 0 });
  // 3 % errors: within the default 5 % ceiling, above this model's own sla rule (1 %).
  await service(versionIds.troubled, 3, { requests: 1000, errors: 30, p95: 40, p99: 80 });
  const troubled = await db.prisma.model.findUniqueOrThrow({ where: { name: "troubled" } });
  await db.prisma.alertRule.create({
    data: {
      modelId: troubled.id,
      name: "tight sla",
      kind: "sla",
      condition: { maxErrorRate: 0.01 },
      severity: "warning",
      fireAfter: 2,
      resolveAfter: 2,
      channels: [],
      createdBy: "test",
    },
  });
  await alert("troubled", "open", "warning");
  await alert("troubled", "open", "critical");
  await alert("troubled", "acknowledged", "info");
  await alert("troubled", "resolved", "critical");

  // quiet: too few rows to test drift, an estimate only, within SLA by the default error ceiling.
  versionIds.quiet = await register("quiet");
  await driftWindow(versionIds.quiet, 3, { tested: 0, drifted: 0, verdict: "insufficient_data" });
  await performance(versionIds.quiet, 3, { kind: "estimated", value: 0.7, meets: false, labeled: 0 });
  await service(versionIds.quiet, 3, { requests: 1000, errors: 30, p95: 40, p99: 45 });
  await alert("quiet", "acknowledged", "warning");

  // fresh: registered, nothing computed.
  versionIds.fresh = await register("fresh");
  health = await loadModelHealth(db.sql);
}, 120_000);

afterAll(async () => {
  await db?.close();
});

const view = (model: string) => {
  const h = health.get(model)!;
  const cell = (c: ModelHealth["drift"]) => (c ? { status: c.status, label: c.label } : null);
  return {
    version: h.version?.version,
    production: h.version?.production,
    drift: cell(h.drift),
    performance: cell(h.performance),
    sla: cell(h.sla),
    alerts: cell(h.alerts),
  };
};

describe("overview health loader", () => {
  it("a healthy production version: the latest windows of the configured reference, all rows, that version only", () => {
    expect(view("healthy")).toEqual({
      version: 1,
      production: true,
      drift: { status: "ok", label: "no drift" },
      performance: { status: "ok", label: "auc 0.900" },
      sla: { status: "ok", label: "within SLA · p95 12.0 ms" },
      alerts: { status: "ok", label: "0 open" },
    });
    const h = health.get("healthy")!;
    // The drift page opens on the day leading up to the judged window's end.
    expect(h.drift!.href).toBe(
      `/models/healthy/drift?version=1&from=${encodeURIComponent(at(2 - 24))}&to=${encodeURIComponent(at(2))}`,
    );
    expect(h.drift!.asOf).toBe(at(2));
    expect(h.performance!.detail).toBe("auc 0.900, realized (800 of 1000 labelled): meets against the deploy threshold 0.8.");
    expect(h.sla!.href.startsWith("/models/healthy/service?version=1")).toBe(true);
    expect(h.alerts.href).toBe("/alerts?model=healthy");
  });

  it("a troubled model: drift, realized performance below threshold (not the newer estimate), SLA breached by its own rule, open alerts", () => {
    expect(view("troubled")).toEqual({
      version: 1,
      production: false,
      drift: { status: "breach", label: "drift: 2/3" },
      performance: { status: "breach", label: "auc 0.600 below" },
      sla: { status: "breach", label: "breached: latency, errors" },
      alerts: { status: "breach", label: "2 open" },
    });
    const h = health.get("troubled")!;
    expect(h.drift!.detail).toBe("Dataset drift: 2 of 3 features drifted (score 66.7 % ≥ 50.0 %).");
    expect(h.sla!.detail).toBe("p95 40.0 ms, p99 80.0 ms (SLA p99 ≤ 50 ms); error rate 3.0 % (max 1.0 %).");
    expect(h.alerts.detail).toBe("2 open, 1 acknowledged; most severe: critical.");
  });

  it("a quiet model: insufficient data, an estimate only, acknowledged alerts only", () => {
    expect(view("quiet")).toEqual({
      version: 1,
      production: false,
      drift: { status: "unknown", label: "insufficient data" },
      performance: { status: "warning", label: "est. auc 0.700 below" },
      sla: { status: "ok", label: "within SLA · p95 40.0 ms" },
      alerts: { status: "warning", label: "1 acknowledged" },
    });
    expect(health.get("quiet")!.performance!.detail).toContain(
      "estimated from the scores, no judged labelled window yet: misses",
    );
  });

  it("a model with nothing computed says so for every aspect", () => {
    expect(view("fresh")).toEqual({
      version: 1,
      production: false,
      drift: { status: "unknown", label: "no run yet" },
      performance: { status: "unknown", label: "not judged yet" },
      sla: { status: "unknown", label: "not judged yet" },
      alerts: { status: "ok", label: "0 open" },
    });
    expect(health.get("fresh")!.drift!.asOf).toBeNull();
  });
});
