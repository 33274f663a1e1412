import { z } from "zod";
import { ApiError } from "@/lib/core/errors";
import { clampInstant } from "@/lib/core/time/storable-instant";
import type { Database } from "@/lib/db/open-database";
import { alignCategorical, alignNumeric, type NumericHistogram } from "@/lib/monitors/drift/aligned-histogram";
import { fromProductionState, type ComparableNumeric } from "@/lib/monitors/profiles/comparable-column";
import { findPlanColumnOrThrow, getReportedVersionOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { parseReferenceKey, referenceKey } from "@/lib/monitors/shared/monitoring-settings";
import { HOUR_MS } from "@/lib/core/time/durations";
import { formatRange } from "@/lib/core/text/format-number";
import { emptyCategorical, emptyNumeric, mergeBySegment } from "@/lib/monitors/profiles/production-profile";
import { loadProfiles } from "@/lib/monitors/profiles/profile-store";
import { loadReferenceSet, referenceColumn } from "@/lib/monitors/drift/reference-side";
import { rangeIsOrdered, rangeOrderIssue, reportQueryShape, resolveRange } from "@/lib/monitors/shared/report-query";

/**
 * The reference-vs-current histogram of one column over any window, from merged hourly profiles.
 * Numeric columns come back in `bins` display bins of equal reference mass inside the reference's
 * range, plus one bin each for values below and above it; categorical ones per category.
 */

export const histogramQuerySchema = z
  .object({
    ...reportQueryShape,
    feature: z.string({ error: "is required" }).min(1, "is required").max(200),
    bins: z.coerce
      .number({ error: "must be a number" })
      .int()
      .min(2, "must be at least 2")
      .max(100, "must be at most 100")
      .default(20),
  })
  .strict()
  .refine(rangeIsOrdered, rangeOrderIssue);
export type HistogramQuery = z.infer<typeof histogramQuerySchema>;

type DisplayBin = { from: number; to: number; reference: number; current: number; region: "below" | "inside" | "above" };

/** Groups fine aligned bins into display bins; see the header. */
export function displayBins(h: NumericHistogram, bins: number): DisplayBin[] {
  const n = h.reference.length;
  let first = 0;
  while (first < n && h.tail[first]) first++;
  let last = n;
  while (last > first && h.tail[last - 1]) last--;
  const out: DisplayBin[] = [];
  const span = (from: number, to: number, region: DisplayBin["region"]) => {
    let reference = 0;
    let current = 0;
    for (let i = from; i < to; i++) {
      reference += h.reference[i];
      current += h.current[i];
    }
    out.push({ from: h.edges[from], to: h.edges[to], reference, current, region });
  };
  if (first > 0) span(0, first, "below");
  const weights = h.reference.slice(first, last);
  const useCurrent = weights.every((w) => w === 0);
  const mass = (i: number) => (useCurrent ? h.current[i] : h.reference[i]);
  let total = 0;
  for (let i = first; i < last; i++) total += mass(i);
  let start = first;
  let cumulative = 0;
  let next = 1;
  for (let i = first; i < last; i++) {
    cumulative += mass(i);
    // The last display bin takes whatever remains, so there are never more than `bins`.
    if (i === last - 1 || (next < bins && total > 0 && cumulative >= (next * total) / bins - 1e-9)) {
      span(start, i + 1, "inside");
      start = i + 1;
      while (total > 0 && cumulative >= (next * total) / bins - 1e-9) next++;
    }
  }
  if (last < n) span(last, n, "above");
  return out;
}

export async function getDriftHistogram(db: Database, modelName: string, query: HistogramQuery) {
  const { settings, version } = await getReportedVersionOrThrow(db.prisma, modelName, query.version);
  const column = findPlanColumnOrThrow(version, query.feature);
  const requested = resolveRange(query);
  // Profiles are hourly: the window is widened to whole hours, and says so in the answer.
  const from = clampInstant(Math.floor(requested.start.getTime() / HOUR_MS) * HOUR_MS);
  const to = clampInstant(Math.ceil(requested.end.getTime() / HOUR_MS) * HOUR_MS);
  const setting = query.reference ? parseReferenceKey(query.reference) : settings.reference;
  if (!setting)
    throw new ApiError("validation_failed", "Invalid query", [
      { path: "reference", message: "must be training, seasonal:Nw or window:FROM/TO" },
    ]);
  const segment = query.segment;
  const current = mergeBySegment(await loadProfiles(db.sql, { versionId: version.versionId, from, to, segments: [segment] })).get(
    segment,
  );
  const stored = current ? (column.kind === "feature" ? current.features[column.name] : current.outputs[column.name]) : undefined;
  const state = stored ?? (column.type === "numeric" ? emptyNumeric() : emptyCategorical());
  const currentSide = fromProductionState(column, state);
  const referenceSet = await loadReferenceSet(db.sql, {
    version,
    setting,
    window: { start: from, end: to },
    segments: segment ? [segment] : [],
  });
  const reference = referenceColumn(referenceSet.forSegment(segment), column);

  const header = {
    model: version.modelName,
    version: version.version,
    feature: query.feature,
    segment,
    reference: referenceKey(setting),
    from: from.toISOString(),
    to: to.toISOString(),
    referenceRows: reference.comparable?.total ?? 0,
    currentRows: currentSide.total,
    ...(reference.comparable ? {} : { note: reference.reason }),
  };
  const share = (n: number, total: number) => (total > 0 ? n / total : 0);
  if (currentSide.kind === "numeric") {
    const empty: ComparableNumeric = { ...currentSide, counts: new Map(), total: 0, missing: 0, min: null, max: null };
    const referenceSide = reference.comparable?.kind === "numeric" ? reference.comparable : empty;
    if (referenceSide.total === 0 && currentSide.total === 0) return { ...header, kind: "numeric", bins: [] };
    const bins = displayBins(alignNumeric(referenceSide, currentSide), query.bins);
    return {
      ...header,
      kind: "numeric",
      bins: bins.map((b) => ({
        ...b,
        // The stored edges carry float noise (223.60000610351562); charts and readers want "224–310".
        label: formatRange(b.from, b.to),
        referenceShare: share(b.reference, referenceSide.total),
        currentShare: share(b.current, currentSide.total),
      })),
    };
  }
  const referenceSide =
    reference.comparable?.kind === "categorical"
      ? reference.comparable
      : { ...currentSide, frequencies: {}, total: 0, missing: 0 };
  const aligned = alignCategorical(referenceSide, currentSide);
  const bins = aligned.categories
    .map((category, i) => ({
      category,
      reference: aligned.reference[i],
      current: aligned.current[i],
      referenceShare: share(aligned.reference[i], referenceSide.total),
      currentShare: share(aligned.current[i], currentSide.total),
    }))
    .sort((a, b) => b.reference - a.reference || b.current - a.current || (a.category < b.category ? -1 : 1));
  return { ...header, kind: "categorical", bins };
}
