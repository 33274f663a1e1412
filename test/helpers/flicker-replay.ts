// The drift decision over the demo's flights, window by window, from profiles alone (no model, no
// database): the columns are built exactly as the drift job builds them (the training profile's
// grid, production buckets on it) and decided by computeColumnDrift + decideDrift. Shared by the
// flicker bench and its bounded test.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFlightsData } from "@/cli/demo/flights-data";
import { computeColumnDrift, type ColumnDrift } from "@/lib/monitors/drift/compute-column-drift";
import { decideDrift } from "@/lib/monitors/drift/decide-drift";
import { sustainedStates } from "@/lib/monitors/drift/sustained-drift";
import { fromReferenceProfile, type Comparable } from "@/lib/monitors/profiles/comparable-column";
import type { PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";
import { numericGrid } from "@/lib/monitors/shared/numeric-grid";
import { profileCategorical, profileNumeric } from "@/lib/profiles/column-profile";
import { DEFAULT_WINDOWS } from "@/lib/alerts/rules/rule-schema";
import { seededRandom } from "./seeded-random";

export type Flight = Record<"dep_hour" | "distance", number> & Record<"weekday" | "origin" | "destination", string>;
const NUMERIC = ["dep_hour", "distance"] as const;
const CATEGORICAL = ["weekday", "origin", "destination"] as const;
export const FEATURES = [...NUMERIC, ...CATEGORICAL];

function readCsv(file: string): Flight[] {
  const [header, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
  const names = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const row = Object.fromEntries(names.map((n, i) => [n, cells[i]]));
    return { ...row, dep_hour: Number(row.dep_hour), distance: Number(row.distance) } as unknown as Flight;
  });
}

/** The demo's training months (January–February 2001) and its shuffled March traffic. */
export function loadFlights(): { training: Flight[]; traffic: Flight[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-flicker-"));
  try {
    const files = writeFlightsData(dir);
    return { training: readCsv(files.trainFile), traffic: readCsv(files.trafficFile) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Column = { plan: PlanColumn; reference: Comparable };

function referenceColumns(training: Flight[]): Column[] {
  const columns: Column[] = [];
  for (const name of NUMERIC) {
    const profile = profileNumeric(training.map((f) => f[name]));
    const plan: PlanColumn = {
      kind: "feature",
      name,
      type: "numeric",
      grid: numericGrid({ kind: "edges", edges: profile.binEdges }),
      importance: 1,
    };
    columns.push({ plan, reference: fromReferenceProfile(plan, profile)! });
  }
  for (const name of CATEGORICAL) {
    const profile = profileCategorical(training.map((f) => f[name]));
    const plan: PlanColumn = { kind: "feature", name, type: "categorical", boolean: false, importance: 1 };
    columns.push({ plan, reference: fromReferenceProfile(plan, profile)! });
  }
  return columns;
}

/** One window's column as the profile job would have stored it, on the reference's grid. */
function currentColumn(column: PlanColumn, rows: Flight[]): Comparable {
  if (column.type === "categorical") {
    const frequencies: Record<string, number> = {};
    for (const r of rows) {
      const v = r[column.name as (typeof CATEGORICAL)[number]];
      frequencies[v] = (frequencies[v] ?? 0) + 1;
    }
    return { kind: "categorical", frequencies, total: rows.length, missing: 0 };
  }
  const values = rows.map((r) => r[column.name as (typeof NUMERIC)[number]]);
  const counts = new Map<number, number>();
  for (const v of values) counts.set(column.grid.keyOf(v), (counts.get(column.grid.keyOf(v)) ?? 0) + 1);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return {
    kind: "numeric",
    grid: column.grid,
    counts,
    total: values.length,
    missing: 0,
    std,
    mean,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export type Replay = {
  /** Per window, per feature (in FEATURES order): the window's own decision under each floor. */
  before: string[][];
  after: string[][];
  /** Per feature, per window: the page's state (the consecutive-window rule over `after`). */
  states: string[][];
  thresholds: number[][];
};

/**
 * Decides every window: "before" with the configured effect floors only (the product until now),
 * "after" with the sampling-noise floor; `states` applies the alerts' consecutive-window rule.
 */
export function replayWindows(
  training: Flight[],
  windows: Flight[][],
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
): Replay {
  const columns = referenceColumns(training);
  const before: string[][] = [];
  const after: string[][] = [];
  const thresholds: number[][] = [];
  for (const rows of windows) {
    const drift: ColumnDrift[] = columns.map((c) =>
      computeColumnDrift({ segment: "", column: c.plan, reference: c.reference, current: currentColumn(c.plan, rows), settings }),
    );
    after.push(decideDrift(drift, settings).map((d) => d.decision));
    const configured = drift.map((d) => ({ ...d, threshold: settings.effectFloors[d.effectMethod] }));
    before.push(decideDrift(configured, settings).map((d) => d.decision));
    thresholds.push(drift.map((d) => d.threshold));
  }
  const fireAfter = DEFAULT_WINDOWS.feature_drift.fireAfter;
  const states = FEATURES.map((_, f) =>
    sustainedStates(
      after.map((w) => ({ decision: w[f] })),
      fireAfter,
    ),
  );
  return { before, after, states, thresholds };
}

/** The demo's history: `hours` windows of `rowsPerHour` March flights, distance × 1.5 from `driftAt` of the way in. */
export function demoWindows(traffic: Flight[], options: { hours: number; rowsPerHour: number; driftAt: number }): Flight[][] {
  const total = options.hours * options.rowsPerHour;
  return Array.from({ length: options.hours }, (_, h) =>
    Array.from({ length: options.rowsPerHour }, (_, k) => {
      const i = h * options.rowsPerHour + k;
      const row = traffic[i % traffic.length];
      // As lib/simulation/drift-spec.ts applies "distance*=1.5@driftAt": by progress through the replay.
      return i / total >= options.driftAt ? { ...row, distance: row.distance * 1.5 } : row;
    }),
  );
}

/** Undrifted windows: rows drawn with replacement from the training data itself (seeded). */
export function trainingReplayWindows(
  training: Flight[],
  options: { windows: number; rowsPerHour: number; seed: number },
): Flight[][] {
  const rng = seededRandom(options.seed);
  return Array.from({ length: options.windows }, () =>
    Array.from({ length: options.rowsPerHour }, () => training[Math.floor(rng.uniform() * training.length)]),
  );
}

/** False flags per 100 feature-windows, over the features that were not injected. */
export function falseFlagRate(
  decisions: string[][],
  injected: ReadonlySet<string>,
): { flags: number; featureWindows: number; per100: number } {
  let flags = 0;
  let featureWindows = 0;
  for (const window of decisions)
    window.forEach((d, f) => {
      if (injected.has(FEATURES[f]) || d === "insufficient_data") return;
      featureWindows++;
      if (d === "drift") flags++;
    });
  return { flags, featureWindows, per100: featureWindows ? (100 * flags) / featureWindows : 0 };
}
