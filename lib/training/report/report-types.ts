// The shape of report.json: what a run records about its data, audit, candidates, selection, test
// evaluation, verdict and parity. Declared apart from the pipeline so the report's renderers and the
// pipeline both depend on it, not on each other.

import type { InputFeatureImportance, RoundLog } from "../gbdt";
import type { LrRangeResult } from "../models/lr-range-test";
import type { EpochRecord } from "../models/mlp";
import type { ThresholdChoice } from "../evaluation/choose-threshold";
import type { LoadedTable } from "../data/load-table";
import type { EvaluationDetail } from "../evaluation/evaluate-predictions";
import type { ParityResult } from "../evaluation/parity-check";
import type { SEARCH_SPACE } from "../random-search";
import type { AuditResult } from "../audit/run-audit";
import type { SplitIndices } from "../data/split-rows";
import type { LedgerEntry } from "../test-set-ledger";
import type { GbdtOptions, MlpOptions, ModelKind, specForRecord } from "../train-spec";

export type CandidateName = ModelKind;

/** Where the MLP's learning rate came from. */
export type LearningRateSource = "--learning-rate" | "lr-find" | "default" | "search";

export interface SearchTrial {
  trial: number;
  params: Record<string, number | string>;
  validationPrimary: number;
  /** Best epoch (MLP) or number of rounds kept (trees) under early stopping. */
  bestIteration: number;
  seconds: number;
}

export interface SearchResult {
  trials: SearchTrial[];
  /** 1-based trial number of the winner. */
  best: number;
}

/** Importance of a model's inputs: gain for trees, permutation importance for the others. */
export interface ModelImportance {
  source: string;
  features: { feature: string; value: number; share: number }[];
}

export interface CandidateResult {
  name: CandidateName;
  description: string;
  threshold?: ThresholdChoice;
  validation: Record<string, number>;
  validationPrimary: number;
  test?: Record<string, number>;
  testPrimary?: number;
}

export interface TrainingReport {
  tool: string;
  startedAt: string;
  finishedAt: string;
  spec: ReturnType<typeof specForRecord>;
  data: {
    file: string;
    sha256: string;
    bytes: number;
    format: string;
    rows: number;
    rowsUsed: number;
    droppedMissingTarget: number;
    columns: LoadedTable["columns"];
  };
  features: {
    used: { column: string; name: string; type: string; width: number }[];
    excluded: { column: string; reason: string }[];
    designWidth: number;
  };
  split: { method: SplitIndices["method"]; train: number; validation: number; test: number };
  audit: AuditResult;
  classes?: string[];
  backend: string;
  mlp?: {
    hyperparameters: MlpOptions;
    learningRateSource: LearningRateSource;
    history: EpochRecord[];
    bestEpoch: number;
    stoppedEarly: boolean;
    seconds: number;
  };
  gbdt?: {
    options: GbdtOptions;
    rounds: number;
    bestRound: number;
    history: RoundLog[];
    seconds: number;
    importance: InputFeatureImportance[];
  };
  /** The exported model's input importance, as written to the manifest (shares sum to 1). */
  featureImportance?: ModelImportance;
  lrFind?: LrRangeResult;
  search?: { trials: number; space: typeof SEARCH_SPACE; mlp?: SearchResult; gbdt?: SearchResult };
  linear?: { l2: number; iterations: number; converged: boolean };
  candidates: CandidateResult[];
  selection: { selected: CandidateName; rule: string; baselineBeatMlp: boolean; message: string };
  test: {
    /** Evaluations of this split's test set so far, this one included (1 = a clean, single look). */
    evaluations: number;
    evaluatedAt: string;
    selected: EvaluationDetail;
    ledger: { splitId: string; file: string; evaluations: number; reused: boolean; history: LedgerEntry[] };
  };
  verdict: { metric: string; direction: string; deployThreshold: number; testValue: number; passed: boolean; message: string };
  parity: ParityResult;
  artifacts: string[];
}
