import { HOUR_MS } from "@/lib/core/time/durations";
import { CATEGORY_CAP, OTHER_CATEGORY } from "@/lib/profiles/column-profile";
import type {
  CategoricalPlanColumn,
  MonitoringPlan,
  NumericPlanColumn,
  OutputName,
  PlanColumn,
} from "@/lib/monitors/shared/monitoring-plan";
import {
  capCounts,
  UNSEEN_EXAMPLES_CAP,
  type CategoricalColumnState,
  type ColumnState,
  type NumericColumnState,
  type ProfileDocument,
} from "@/lib/monitors/profiles/production-profile";

/**
 * Folds logged predictions into per-hour, per-segment profile deltas in one pass. Mutable
 * accumulators keep the per-row cost to a binary search and a few additions per column; the stored
 * form (production-profile.ts) is produced once at the end.
 */

/** Segment values kept by name per segment column and hour; the rest are profiled together. */
export const SEGMENT_VALUE_CAP = 20;
export const MISSING_SEGMENT_VALUE = "(missing)";

export type LoggedRow = { createdAtMs: number; features: Record<string, unknown>; output: unknown };

class NumericAccumulator {
  count = 0;
  missing = 0;
  min = Infinity;
  max = -Infinity;
  mean = 0;
  m2 = 0;
  outOfRange = 0;
  /** Counts of the reference bins by index (the hot path: no hashing), and of every other key. */
  private readonly inner: Float64Array;
  private readonly others = new Map<number, number>();
  private readonly low: number;
  private readonly high: number;

  constructor(private readonly column: NumericPlanColumn) {
    this.low = column.range?.min ?? -Infinity;
    this.high = column.range?.max ?? Infinity;
    this.inner = new Float64Array(column.grid.innerBins);
  }

  add(value: unknown) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.missing++;
      return;
    }
    this.count++;
    // Welford: exact enough for any count, and merged across hours with Chan's formula.
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value < this.low || value > this.high) this.outOfRange++;
    const key = this.column.grid.keyOf(value);
    if (key >= 0 && key < this.inner.length) this.inner[key]++;
    else this.others.set(key, (this.others.get(key) ?? 0) + 1);
  }

  toState(): NumericColumnState {
    const buckets: Record<string, number> = {};
    this.inner.forEach((n, k) => {
      if (n > 0) buckets[k] = n;
    });
    for (const [k, n] of this.others) buckets[k] = n;
    return {
      kind: "numeric",
      count: this.count,
      missing: this.missing,
      min: this.count ? this.min : null,
      max: this.count ? this.max : null,
      mean: this.mean,
      m2: this.m2,
      buckets,
      outOfRange: this.outOfRange,
    };
  }
}

class CategoricalAccumulator {
  count = 0;
  missing = 0;
  unseen = 0;
  readonly frequencies = new Map<string, number>();
  readonly unseenExamples = new Map<string, number>();
  private readonly declared: Set<string> | null;

  constructor(private readonly column: CategoricalPlanColumn) {
    this.declared = column.categories ? new Set(column.categories) : null;
  }

  add(raw: unknown) {
    let value: string;
    if (this.column.boolean) {
      if (typeof raw !== "boolean") {
        this.missing++;
        return;
      }
      value = raw ? "true" : "false";
    } else {
      if (raw === null || raw === undefined || raw === "") {
        this.missing++;
        return;
      }
      value = String(raw);
    }
    this.count++;
    this.frequencies.set(value, (this.frequencies.get(value) ?? 0) + 1);
    if (this.declared && !this.declared.has(value)) {
      this.unseen++;
      this.unseenExamples.set(value, (this.unseenExamples.get(value) ?? 0) + 1);
    }
  }

  toState(): CategoricalColumnState {
    return {
      kind: "categorical",
      count: this.count,
      missing: this.missing,
      frequencies: capCounts(Object.fromEntries(this.frequencies), CATEGORY_CAP, OTHER_CATEGORY),
      unseen: this.unseen,
      unseenExamples: capCounts(Object.fromEntries(this.unseenExamples), UNSEEN_EXAMPLES_CAP),
    };
  }
}

type Accumulator = NumericAccumulator | CategoricalAccumulator;

function accumulatorFor(column: PlanColumn): Accumulator {
  return column.type === "numeric" ? new NumericAccumulator(column) : new CategoricalAccumulator(column);
}

class ProfileAccumulator {
  rows = 0;
  readonly features: Accumulator[];
  readonly outputs: Accumulator[];

  constructor(private readonly plan: MonitoringPlan) {
    this.features = plan.features.map(accumulatorFor);
    this.outputs = plan.outputs.map(accumulatorFor);
  }

  add(row: LoggedRow) {
    this.rows++;
    const { features, outputs } = this.plan;
    for (let i = 0; i < features.length; i++) this.features[i].add(row.features[features[i].name]);
    for (let i = 0; i < outputs.length; i++) this.outputs[i].add(this.plan.readOutput(row.output, outputs[i].name as OutputName));
  }

  toDocument(): ProfileDocument {
    const pack = (columns: PlanColumn[], accumulators: Accumulator[]) => {
      const out: Record<string, ColumnState> = {};
      columns.forEach((c, i) => {
        out[c.name] = accumulators[i].toState();
      });
      return out;
    };
    return { rows: this.rows, features: pack(this.plan.features, this.features), outputs: pack(this.plan.outputs, this.outputs) };
  }
}

/** The segment value of a row for one segment column, as stored in a segment key "column=value". */
export function segmentValue(raw: unknown): string {
  if (raw === null || raw === undefined || raw === "") return MISSING_SEGMENT_VALUE;
  return String(raw);
}

export const segmentKey = (column: string, value: string) => `${column}=${value}`;

export type ProfileDelta = { hourMs: number; segment: string; profile: ProfileDocument };

export class ProfileBuilder {
  /** Accumulators by segment, then hour (numeric keys: no string is built per row). */
  private readonly bySegment = new Map<string, Map<number, ProfileAccumulator>>();
  /** Segment values seen per hour and segment column, to apply SEGMENT_VALUE_CAP. */
  private readonly segmentValues = new Map<string, Set<string>>();
  rowsRead = 0;

  constructor(private readonly plan: MonitoringPlan) {}

  private accumulator(hourMs: number, segment: string): ProfileAccumulator {
    let hours = this.bySegment.get(segment);
    if (!hours) this.bySegment.set(segment, (hours = new Map()));
    let accumulator = hours.get(hourMs);
    if (!accumulator) hours.set(hourMs, (accumulator = new ProfileAccumulator(this.plan)));
    return accumulator;
  }

  add(row: LoggedRow) {
    this.rowsRead++;
    const t = row.createdAtMs;
    const hourMs = t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
    this.accumulator(hourMs, "").add(row);
    for (const column of this.plan.segmentColumns) {
      let value = segmentValue(row.features[column]);
      const seenKey = `${hourMs}\u0000${column}`;
      let seen = this.segmentValues.get(seenKey);
      if (!seen) this.segmentValues.set(seenKey, (seen = new Set()));
      if (!seen.has(value)) {
        if (seen.size >= SEGMENT_VALUE_CAP) value = OTHER_CATEGORY;
        else seen.add(value);
      }
      this.accumulator(hourMs, segmentKey(column, value)).add(row);
    }
  }

  deltas(): ProfileDelta[] {
    const out: ProfileDelta[] = [];
    for (const [segment, hours] of this.bySegment)
      for (const [hourMs, accumulator] of hours) out.push({ hourMs, segment, profile: accumulator.toDocument() });
    return out.sort((a, b) => a.hourMs - b.hourMs || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
  }
}
