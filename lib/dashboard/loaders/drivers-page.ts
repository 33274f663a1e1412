import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { pooledImportance, readImportance, type JudgedImportanceRow } from "@/lib/monitors/explanations/importance-store";
import { importanceShares } from "@/lib/monitors/explanations/production-importance";
import { userFacingName } from "@/lib/inference/validate-records";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";
import type { ProvisionalSeries } from "../components/provisional-marks";

/** Features drawn over time: the largest few, so the chart stays readable. */
const CHARTED = 5;

/**
 * The drivers page: which features drive the version's predictions in production (mean |attribution|
 * over the explained sample of each window, pooled over the range's judged windows) beside what
 * training measured (the manifest's importance), and each top feature's share over time.
 */
export async function loadDriversPage(params: PageParams, searchParams: SearchParams) {
  await requireDashboardSession();
  const { db, name, model, range, version: asked, carried } = await loadModelPage(params, searchParams);
  const version = asked ?? (model.aliases.production as number | undefined) ?? model.versions[0]?.version;
  if (version === undefined) return { name, model, range, carried, version: null, view: null };
  const monitored = await getMonitoredModelOrThrow(db.prisma, name, version);
  const { manifest, versionId } = monitored.versions[0];
  const { explanations } = monitored.settings;
  const rows = await readImportance(db.sql, {
    versionIds: [versionId],
    from: range.from,
    to: range.to,
    minimum: explanations.minRecords,
    now: new Date(),
  });
  const label = new Map(manifest.features.map((f) => [f.name, userFacingName(f)]));
  const nameOf = (feature: string) => label.get(feature) ?? feature;
  const pooled = pooledImportance(rows);
  const productionShares = pooled ? importanceShares(pooled.features) : new Map<string, number>();
  const training = manifest.featureImportance ?? {};
  const trainingShares = importanceShares(Object.entries(training).map(([feature, meanAbs]) => ({ feature, meanAbs })));
  const rankOf = (shares: Map<string, number>) =>
    new Map([...shares].sort((a, b) => b[1] - a[1]).map(([feature], i) => [feature, i + 1]));
  const productionRank = rankOf(productionShares);
  const trainingRank = rankOf(trainingShares);
  const features = manifest.features
    .map((f) => ({
      feature: nameOf(f.name),
      production: pooled?.features.find((p) => p.feature === f.name) ?? null,
      productionShare: productionShares.get(f.name) ?? null,
      productionRank: productionRank.get(f.name) ?? null,
      trainingShare: trainingShares.size ? (trainingShares.get(f.name) ?? 0) : null,
      trainingRank: trainingRank.get(f.name) ?? null,
    }))
    .sort(
      (a, b) =>
        (a.productionRank ?? Infinity) - (b.productionRank ?? Infinity) ||
        (a.trainingRank ?? Infinity) - (b.trainingRank ?? Infinity),
    );
  const charted = (pooled?.features ?? []).slice(0, CHARTED).map((f) => f.feature);
  const last = rows.at(-1);
  return {
    name,
    model,
    range,
    carried,
    version,
    view: {
      task: manifest.task,
      features,
      pooled,
      method: last?.method ?? null,
      space: last?.space ?? null,
      settings: explanations,
      windows: new Set(rows.map((r) => new Date(r.window_start).getTime())).size,
      chart: shareSeries(rows, charted, nameOf),
    },
  };
}

/** Per window, each charted feature's share of the window's total importance, provisional windows marked. */
function shareSeries(rows: JudgedImportanceRow[], charted: string[], nameOf: (feature: string) => string) {
  const byWindow = new Map<string, JudgedImportanceRow[]>();
  for (const r of rows) {
    const key = new Date(r.window_start).toISOString();
    byWindow.set(key, [...(byWindow.get(key) ?? []), r]);
  }
  const data = [...byWindow].map(([time, windowRows]) => {
    const shares = importanceShares(windowRows.map((r) => ({ feature: r.feature, meanAbs: r.mean_abs })));
    return Object.fromEntries([["time", time], ...charted.map((f) => [nameOf(f), shares.get(f) ?? null])]) as Record<
      string,
      string | number | null
    >;
  });
  const windows = [...byWindow].map(([time, [first]]) => ({
    time,
    provisional: first.provisional,
    open: first.open,
    count: first.count,
    minimum: first.minimum,
  }));
  const provisional: ProvisionalSeries[] = charted.map((f) => ({ category: nameOf(f), unit: "explained records", windows }));
  return { data, categories: charted.map(nameOf), provisional };
}
