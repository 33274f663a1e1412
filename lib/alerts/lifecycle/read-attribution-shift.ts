import type { SqlConnection } from "@/lib/db/open-database";
import { HOUR_MS } from "@/lib/core/time/durations";
import type { AttributionShift, ModelContext, ModelVersionRef } from "@/lib/alerts/observations/observation";
import { readImportanceShares } from "@/lib/monitors/explanations/importance-store";

/** The healthy baseline: this long before the breach began. */
const BEFORE_HOURS = 24;
const SHOWN = 3;

/**
 * For a performance or business alert: which features' share of production importance moved most
 * between the day before the breach and the breach itself — where the model's reasoning changed.
 * Null when either side has no judged explanation window (the explanations job off, or too few
 * records explained).
 */
export async function readAttributionShift(
  sql: SqlConnection,
  options: { ctx: ModelContext; version: ModelVersionRef; since: Date; until: Date },
): Promise<AttributionShift[] | null> {
  const { ctx, version, since, until } = options;
  const read = (from: Date, to: Date) =>
    readImportanceShares(sql, { versionId: version.id, from, to, minimum: ctx.settings.explanations.minRecords, now: until });
  const [before, during] = await Promise.all([
    read(new Date(since.getTime() - BEFORE_HOURS * HOUR_MS), since),
    read(since, until),
  ]);
  if (!before || !during) return null;
  return attributionShift(before, during).slice(0, SHOWN);
}

/** Every feature's share before and during, largest absolute change first. */
export function attributionShift(before: Map<string, number>, during: Map<string, number>): AttributionShift[] {
  const features = new Set([...before.keys(), ...during.keys()]);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return [...features]
    .map((feature) => {
      const b = before.get(feature) ?? 0;
      const d = during.get(feature) ?? 0;
      return { feature, before: round(b), during: round(d), change: round(d - b) };
    })
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.feature.localeCompare(y.feature));
}
