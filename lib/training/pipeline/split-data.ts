// Stage 2, split: train/validation/test rows (by a split column, by time, stratified or at random),
// and the test-set ledger's identity of that split, checked before anything is trained so a refused
// run costs seconds.

import { deriveSeed } from "../random";
import {
  assertUsableSplit,
  chronologicalSplit,
  columnSplit,
  randomSplit,
  stratifiedSplit,
  type SplitIndices,
} from "../data/split-rows";
import { cellText, getColumnOrThrow, type Table } from "../table";
import {
  ledgerPathFor,
  priorEvaluations,
  reuseRefusal,
  splitIdOf,
  type LedgerEntry,
  type SplitIdentity,
} from "../test-set-ledger";
import type { TrainSpec } from "../train-spec";
import type { RunContext } from "./run-context";
import { TrainingRefused } from "./training-errors";
import type { TrainingData } from "./load-data";

export interface TestSetLedger {
  file: string;
  splitId: string;
  identity: SplitIdentity;
}

export function splitTrainingData(
  { spec, stage }: RunContext,
  data: TrainingData,
): { split: SplitIndices; ledger: TestSetLedger } {
  const split = splitRows(spec, data.table, data.target.y, data.numClasses);
  stage(
    `split ${split.method}: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test rows`,
  );
  refuseUndefinedAuc(spec, data, split);
  const ledger = ledgerFor(spec, data.loaded.sha256);
  refuseReusedTestSet(spec, ledger);
  return { split, ledger };
}

/** The evaluations of this split's test set so far; refuses the run when there are some and reuse was not asked for. */
export function refuseReusedTestSet(spec: TrainSpec, ledger: TestSetLedger): LedgerEntry[] {
  const prior = priorEvaluations(ledger.file, ledger.splitId);
  if (prior.length > 0 && !spec.reuseTestSet) throw new TrainingRefused(reuseRefusal(ledger.file, ledger.splitId, prior));
  return prior;
}

function splitRows(spec: TrainSpec, table: Table, y: Float64Array, numClasses: number): SplitIndices {
  let split: SplitIndices;
  if (spec.splitColumn) {
    const column = getColumnOrThrow(table, spec.splitColumn);
    split = columnSplit(Array.from({ length: table.rows }, (_, i) => cellText(column, i)));
  } else if (spec.timeColumn) {
    const column = getColumnOrThrow(table, spec.timeColumn);
    if (column.type === "categorical")
      throw new TrainingRefused(`--time-column ${spec.timeColumn} is not a date/time or number column`);
    split = chronologicalSplit(column.values);
  } else if (spec.task === "regression") {
    split = randomSplit(table.rows, deriveSeed(spec.seed, "split"));
  } else {
    split = stratifiedSplit(y, numClasses, deriveSeed(spec.seed, "split"));
  }
  assertUsableSplit(split);
  return split;
}

/** The ledger's identity of this run's split: what decides which rows are test rows. */
function ledgerFor(spec: TrainSpec, dataSha256: string): TestSetLedger {
  const base = { dataSha256, target: spec.target, task: spec.task };
  const identity: SplitIdentity = spec.splitColumn
    ? { ...base, method: "column", column: spec.splitColumn }
    : spec.timeColumn
      ? { ...base, method: "chronological", column: spec.timeColumn }
      : { ...base, method: "random", seed: spec.seed };
  return { file: ledgerPathFor(spec.data, spec.ledger), splitId: splitIdOf(identity), identity };
}

/**
 * A multiclass one-vs-rest AUC needs every class in the rows it is measured on. A chronological
 * split can leave a rare class out of validation or test; with AUC as the primary metric the run
 * could choose or judge nothing, so it is refused before any training, naming the class. Other
 * metrics stay defined, and the AUC is then only reported as undefined.
 */
function refuseUndefinedAuc(spec: RunContext["spec"], data: TrainingData, split: SplitIndices): void {
  if (spec.task !== "multiclass" || spec.metric !== "auc") return;
  for (const [name, rows] of [
    ["validation", split.validation],
    ["test", split.test],
  ] as const) {
    const seen = new Set<number>();
    for (const row of rows) seen.add(data.target.y[row]);
    const absent = (data.target.classes ?? []).filter((_, k) => !seen.has(k));
    if (absent.length) {
      throw new TrainingRefused(
        `the ${name} rows (${split.method} split) have no ${absent.map((c) => JSON.stringify(c)).join(", ")}, so a one-vs-rest auc ` +
          "is undefined there; choose --metric macro_f1 or accuracy, or a split in which every class occurs",
      );
    }
  }
}
