// Stage 9b, report.json: everything the run did and found, for people (report.html) and for tools.

import { SEARCH_SPACE } from "../random-search";
import type { TrainingReport } from "../report/report-types";
import type { AuditResult } from "../audit/run-audit";
import type { FeatureSelection } from "../audit/select-features";
import type { SplitIndices } from "../data/split-rows";
import { specForRecord } from "../train-spec";
import { toolVersion } from "../tool-version";
import type { SelectedModelFacts } from "./describe-selected";
import type { TestEvaluation } from "./evaluate-test";
import type { ExportedModel } from "./export-model";
import { mergedReports, type Candidate } from "./fit-candidates";
import type { TrainingData } from "./load-data";
import type { Preprocessed } from "./preprocess";
import type { RunContext } from "./run-context";

export const RUN_ARTIFACTS = [
  "spec.json",
  "audit.json",
  "label-check.csv",
  "test-predictions.csv",
  "model.onnx",
  "manifest.json",
  "report.json",
  "report.html",
];

export function assembleReport(
  { spec }: RunContext,
  o: {
    startedAt: string;
    data: TrainingData;
    selection: FeatureSelection;
    preprocessed: Preprocessed;
    split: SplitIndices;
    audit: AuditResult;
    candidates: readonly Candidate[];
    chosen: TrainingReport["selection"];
    facts: SelectedModelFacts;
    test: TestEvaluation;
    exported: ExportedModel;
  },
): TrainingReport {
  const { loaded, table, target } = o.data;
  const { preprocessor } = o.preprocessed;
  const sections = mergedReports(o.candidates);
  return {
    tool: toolVersion(),
    startedAt: o.startedAt,
    finishedAt: new Date().toISOString(),
    spec: specForRecord(spec),
    data: {
      file: spec.data,
      sha256: loaded.sha256,
      bytes: loaded.bytes,
      format: loaded.format,
      rows: loaded.table.rows,
      rowsUsed: table.rows,
      droppedMissingTarget: target.droppedMissing,
      columns: loaded.columns,
    },
    features: {
      used: preprocessor.features.map((f) => ({
        column: f.column,
        name: f.spec.name,
        type: f.spec.type,
        width: f.spec.type === "categorical" ? f.spec.vocabulary.length : 1,
      })),
      excluded: o.selection.excluded,
      designWidth: preprocessor.width,
    },
    split: {
      method: o.split.method,
      train: o.split.train.length,
      validation: o.split.validation.length,
      test: o.split.test.length,
    },
    audit: o.audit,
    classes: target.classes,
    backend: sections.backend ?? "none",
    mlp: sections.mlp,
    gbdt: sections.gbdt,
    featureImportance: o.facts.importance,
    lrFind: sections.lrFind,
    search:
      spec.search > 0
        ? { trials: spec.search, space: SEARCH_SPACE, mlp: sections.search?.mlp, gbdt: sections.search?.gbdt }
        : undefined,
    linear: sections.linear,
    candidates: o.candidates.map((c) => c.result),
    selection: o.chosen,
    test: o.test.report,
    verdict: o.test.verdict,
    parity: o.exported.parity,
    artifacts: RUN_ARTIFACTS,
  };
}
