import "server-only";
// Reads the series: the time and target columns of the data file, ordered by time. A row without
// a time or a value, or two rows at the same time, is refused with the row named: filling or
// dropping them silently would shift every lag after it. Gaps in the spacing are counted and
// reported, not filled (this slice does not resample).

import { loadTable } from "../data/load-table";
import { getColumnOrThrow } from "../table";

export class SeriesError extends Error {}

export interface LoadedSeries {
  times: Float64Array;
  values: Float64Array;
  sha256: string;
  /** Steps whose spacing is more than 1.5 × the median spacing. */
  gaps: number;
}

export async function loadSeries(options: { data: string; timeColumn: string; target: string }): Promise<LoadedSeries> {
  const { table, sha256 } = await loadTable(options.data, {
    columnTypes: { [options.timeColumn]: "datetime", [options.target]: "numeric" },
  });
  const time = getColumnOrThrow(table, options.timeColumn);
  const target = getColumnOrThrow(table, options.target);
  if (time.type !== "datetime" || target.type !== "numeric")
    throw new SeriesError("the time and target columns could not be read");
  const order = Array.from({ length: table.rows }, (_, i) => i);
  for (const i of order) {
    if (!Number.isFinite(time.values[i])) throw new SeriesError(`row ${i + 1}: ${options.timeColumn} is missing or not a date`);
    if (!Number.isFinite(target.values[i])) throw new SeriesError(`row ${i + 1}: ${options.target} is missing or not a number`);
  }
  order.sort((a, b) => time.values[a] - time.values[b]);
  const times = Float64Array.from(order, (i) => time.values[i]);
  const values = Float64Array.from(order, (i) => target.values[i]);
  for (let i = 1; i < times.length; i++)
    if (times[i] === times[i - 1])
      throw new SeriesError(`two rows share the time ${new Date(times[i]).toISOString()}; one series needs one value per time`);
  const spacings = Array.from({ length: times.length - 1 }, (_, i) => times[i + 1] - times[i]).sort((a, b) => a - b);
  const median = spacings[Math.floor(spacings.length / 2)] ?? 0;
  const gaps = spacings.filter((s) => s > 1.5 * median).length;
  return { times, values, sha256, gaps };
}
