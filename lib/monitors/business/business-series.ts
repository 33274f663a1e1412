import type { Database } from "@/lib/db/open-database";
import { isoOf, resolveSeriesScope, type SeriesQuery } from "@/lib/monitors/shared/series-query";
import type { WindowCompleteness } from "@/lib/monitors/shared/provisional";
import { readBusinessResults, type BusinessResultRow } from "./business-store";

export type BusinessPoint = {
  version: number | undefined;
  windowStart: string;
  windowEnd: string;
  name: string;
  predictions: number;
  events: number;
  sum: number;
  rate: number;
  correlation: number | null;
  deciles: BusinessResultRow["deciles"];
} & WindowCompleteness;

export type BusinessSeries = { model: string; points: BusinessPoint[] };

/**
 * Each business metric per window, oldest first, ready to chart; a window still open or whose
 * smallest score decile is below business.minPredictionsPerDecile is marked provisional.
 */
export async function businessSeries(db: Database, modelName: string, query: SeriesQuery): Promise<BusinessSeries> {
  const s = await resolveSeriesScope(db, modelName, query);
  const rows = await readBusinessResults(db.sql, {
    versionIds: s.versionIds,
    from: s.from,
    to: s.to,
    name: query.name ?? null,
    minimum: s.settings.business.minPredictionsPerDecile,
    now: s.now,
  });
  return {
    model: modelName,
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: isoOf(r.window_start),
      windowEnd: isoOf(r.window_end),
      name: r.name,
      predictions: r.predictions,
      events: r.events,
      sum: r.sum,
      rate: r.rate,
      correlation: r.correlation,
      deciles: r.deciles,
      provisional: r.provisional,
      open: r.open,
      count: r.count,
      minimum: r.minimum,
    })),
  };
}
