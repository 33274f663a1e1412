// Stage 9a, the manifest of the exported model: what the registry, serving and monitoring read.

import path from "node:path";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { buildManifest } from "../report/build-manifest";
import { evaluationCharts } from "../evaluation/evaluation-charts";
import { predictionColumn } from "../models/predictions";
import type { AuditResult } from "../audit/run-audit";
import type { SplitIndices } from "../data/split-rows";
import { toolVersion } from "../tool-version";
import type { SelectedModelFacts } from "./describe-selected";
import type { TestEvaluation } from "./evaluate-test";
import { mergedReports, type Candidate } from "./fit-candidates";
import type { TrainingData } from "./load-data";
import type { Preprocessed } from "./preprocess";
import type { RunContext } from "./run-context";

export function assembleManifest(
  { spec }: RunContext,
  o: {
    data: TrainingData;
    preprocessed: Preprocessed;
    split: SplitIndices;
    audit: AuditResult;
    candidates: readonly Candidate[];
    selected: Candidate;
    facts: SelectedModelFacts;
    test: TestEvaluation;
  },
): Manifest {
  const { selected, facts, test } = o;
  const result = selected.result;
  const curves = mergedReports(o.candidates);
  return buildManifest({
    spec,
    table: o.data.table,
    preprocessor: o.preprocessed.preprocessor,
    trainRows: o.split.train,
    classes: o.data.target.classes,
    threshold: result.threshold?.threshold,
    calibration: facts.calibration,
    trainPredictions: predictionColumn(facts.trainPredictions),
    test: result.test!,
    validation: result.validation,
    // The exported model is not its own baseline; the MLP and the trees, when they lose, are not baselines either.
    baselines: o.candidates
      .filter((c) => c !== selected && c.estimator.baseline)
      .map((c) => ({ name: c.result.name, metrics: c.result.test! })),
    featureImportance: facts.importance
      ? Object.fromEntries(facts.importance.features.map((f) => [f.feature, f.share]))
      : undefined,
    testSetLedger: {
      splitId: test.report.ledger.splitId,
      evaluations: test.history.length,
      reused: test.report.ledger.reused,
      history: test.history.map(({ runDir: _runDir, ...e }) => e),
    },
    charts: evaluationCharts({
      model: result.name,
      detail: test.report.selected,
      classes: o.data.target.classes,
      threshold: result.threshold?.threshold,
      mlpHistory: curves.mlp?.history,
      treeHistory: curves.gbdt?.history,
      findings: o.audit.findings,
    }),
    lineage: {
      dataSha256: o.data.loaded.sha256,
      rows: { train: o.split.train.length, validation: o.split.validation.length, test: o.split.test.length },
      hyperparameters: facts.hyperparameters,
      toolVersion: toolVersion(),
      trainedAt: test.report.evaluatedAt,
    },
    description: `${spec.task} model of "${spec.target}" (${selected.description.summary}) trained by tidemark train on ${path.basename(spec.data)}`,
  });
}
