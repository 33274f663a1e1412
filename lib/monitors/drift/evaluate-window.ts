import { fromProductionState } from "@/lib/monitors/profiles/comparable-column";
import { computeColumnDrift, type ColumnDrift } from "@/lib/monitors/drift/compute-column-drift";
import { columnQuality, volumeCheck, type QualityCheck } from "@/lib/monitors/quality/data-quality";
import { datasetVerdict, decideDrift, type DatasetVerdict, type DecidedColumn } from "@/lib/monitors/drift/decide-drift";
import type { MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import type { PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import type { MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";
import {
  emptyCategorical,
  emptyNumeric,
  type ColumnState,
  type ProfileDocument,
} from "@/lib/monitors/profiles/production-profile";
import { referenceColumn, type ReferenceSet } from "@/lib/monitors/drift/reference-side";

/**
 * Everything the drift job concludes about one window, from merged profiles only: per column and
 * segment the drift evidence and decision, per segment the dataset verdict, and the data-quality
 * checks. Pure, so the decision rule is testable without a database.
 */

export type WindowEvaluation = {
  rows: number;
  segments: string[];
  /** Rows per analysed segment key ("" = all rows). */
  rowsBySegment: Record<string, number>;
  columns: DecidedColumn[];
  verdicts: DatasetVerdict[];
  quality: QualityCheck[];
};

export type EvaluateWindowOptions = {
  version: MonitoredVersion;
  settings: MonitoringSettings;
  /** Merged current profiles by segment key; "" holds all rows. */
  current: Map<string, ProfileDocument>;
  /** Segment keys to analyse besides all rows. */
  segments: string[];
  reference: ReferenceSet;
  /** Rows of the same window in each previous week (null = no history then), for the volume check. */
  previousWeeks: (number | null)[];
};

function stateOf(column: PlanColumn, profile: ProfileDocument | undefined): ColumnState {
  const stored = profile ? (column.kind === "feature" ? profile.features[column.name] : profile.outputs[column.name]) : undefined;
  return stored ?? (column.type === "numeric" ? emptyNumeric() : emptyCategorical());
}

export function evaluateWindow(options: EvaluateWindowOptions): WindowEvaluation {
  const { version, settings } = options;
  const columns = [...version.plan.features, ...version.plan.outputs];
  const drift: ColumnDrift[] = [];
  const quality: QualityCheck[] = [];
  for (const segment of ["", ...options.segments]) {
    const profile = options.current.get(segment);
    const side = options.reference.forSegment(segment);
    for (const column of columns) {
      const state = stateOf(column, profile);
      const reference = referenceColumn(side, column);
      drift.push(
        computeColumnDrift({
          segment,
          column,
          reference: reference.comparable,
          current: fromProductionState(column, state),
          settings,
          missingReferenceReason: reference.reason,
        }),
      );
      quality.push(...columnQuality({ segment, column, current: state, reference: reference.comparable, settings }));
    }
  }
  const decided = decideDrift(drift, settings);
  const rows = options.current.get("")?.rows ?? 0;
  quality.push(volumeCheck(rows, options.previousWeeks, settings));
  return {
    rows,
    segments: options.segments,
    rowsBySegment: Object.fromEntries(["", ...options.segments].map((s) => [s, options.current.get(s)?.rows ?? 0])),
    columns: decided,
    verdicts: ["", ...options.segments].map((s) => datasetVerdict(s, decided, settings)),
    quality,
  };
}
