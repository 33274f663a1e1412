// The boosting loop: binning, per-round gradients, row/column sampling, one tree per output, and
// early stopping on the validation loss (the model keeps the best round, not the last).

import { createBinnedData } from "./binned-data";
import { GbdtModel } from "./gbdt-model";
import { growTree } from "./grow-tree";
import { HistogramPool } from "./histogram";
import { createObjective } from "./objectives";
import { resolveGbdtParams } from "./params";
import { addTreeOutputs } from "./predict-trees";
import { fitQuantileBins } from "./quantile-binning";
import { createRandom, deriveSeed, type Random } from "../random";
import type { RoundLog, Tree, TrainGbdtOptions } from "./types";
import { validateTrainingInput } from "./validate-training-input";

export type { GbdtDataset, TrainGbdtOptions } from "./types";

export function trainGbdt(options: TrainGbdtOptions): GbdtModel {
  const params = resolveGbdtParams(options.params);
  const input = validateTrainingInput(options);
  const { n, d, K, y, w } = input;
  const objective = createObjective(options.task, K, params.regressionLoss);

  const binning = fitQuantileBins(options.X, n, d, {
    maxBins: params.maxBins,
    random: createRandom(deriveSeed(options.seed, "binning")),
  });
  const data = createBinnedData(options.X, n, d, binning);
  const baseScores = Float32Array.from(objective.initScores(y, w));

  const F = new Float64Array(n * K);
  for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) F[r * K + k] = baseScores[k];
  const valid = input.validation;
  const Fv = valid ? new Float64Array(valid.n * K) : null;
  if (valid && Fv) for (let r = 0; r < valid.n; r++) for (let k = 0; k < K; k++) Fv[r * K + k] = baseScores[k];

  const rowRandom = createRandom(deriveSeed(options.seed, "rows"));
  const columnRandom = createRandom(deriveSeed(options.seed, "columns"));
  const gh = new Float64Array(2 * n * K);
  const sampled = new Int32Array(n);
  const rows = new Int32Array(n);
  const scratch = new Int32Array(n);
  const pool = new HistogramPool(data.histLength);

  const trees: Tree[] = [];
  const history: RoundLog[] = [];
  let bestRound = 0;
  let bestLoss = Infinity;
  for (let round = 0; round < params.numRounds; round++) {
    objective.gradients(F, y, w, gh);
    const m = sampleRows(n, params.subsample, rowRandom, sampled);
    for (let k = 0; k < K; k++) {
      rows.set(sampled.subarray(0, m));
      const grown = growTree({
        data,
        gh: gh.subarray(2 * k * n, 2 * (k + 1) * n),
        rows: rows.subarray(0, m),
        features: sampleFeatures(d, params.colsampleByTree, columnRandom),
        params,
        pool,
        scratch,
        target: k,
      });
      // Only single-output objectives refit their leaves, so F is this output's column.
      if (objective.refitLeaf) {
        for (const leaf of grown.leaves) {
          const refit = objective.refitLeaf(rows.subarray(leaf.start, leaf.end), F, y, w);
          grown.tree.value[leaf.node] = leaf.end > leaf.start ? refit * params.learningRate : 0;
        }
      }
      trees.push(grown.tree);
      const value = grown.tree.value;
      for (const leaf of grown.leaves) {
        for (let i = leaf.start; i < leaf.end; i++) F[rows[i] * K + k] += value[leaf.node];
      }
      // Rows left out by subsampling are routed by the thresholds, as the model will route them.
      if (m < n) addTreeOutputs(grown.tree, options.X, n, d, F, K, outOfSample(sampled, m, n));
      if (valid && Fv) addTreeOutputs(grown.tree, valid.X, valid.n, d, Fv, K);
    }
    const log: RoundLog = { round, trainLoss: objective.loss(F, y, w) };
    if (valid && Fv) log.validationLoss = objective.loss(Fv, valid.y, valid.w);
    history.push(log);
    const monitored = log.validationLoss ?? log.trainLoss;
    if (monitored < bestLoss) {
      bestLoss = monitored;
      bestRound = round;
    }
    if (options.onRound?.(log) === false) break;
    if (valid && params.earlyStoppingRounds > 0 && round - bestRound >= params.earlyStoppingRounds) break;
  }
  // Early stopping keeps the best round's model (the rounds after it only overfit); without it
  // every round trained is kept, as XGBoost and LightGBM do.
  const earlyStopping = valid !== null && params.earlyStoppingRounds > 0;
  const keptRounds = earlyStopping ? bestRound + 1 : history.length;
  return new GbdtModel({
    task: options.task,
    numOutputs: K,
    featureNames: [...options.featureNames],
    baseScores,
    trees: trees.slice(0, keptRounds * K),
    params,
    bestRound,
    history,
  });
}

/** Rows of 0..n−1 not among the first m (ascending) entries of `sampled`. */
function outOfSample(sampled: Int32Array, m: number, n: number): Int32Array {
  const out = new Int32Array(n - m);
  let j = 0;
  let o = 0;
  for (let r = 0; r < n; r++) {
    if (j < m && sampled[j] === r) j++;
    else out[o++] = r;
  }
  return out;
}

/** Bernoulli row sampling per round (as XGBoost's subsample); returns the count written to `out`. */
function sampleRows(n: number, rate: number, random: Random, out: Int32Array): number {
  let m = 0;
  if (rate >= 1) {
    for (let r = 0; r < n; r++) out[m++] = r;
    return m;
  }
  for (let r = 0; r < n; r++) if (random() < rate) out[m++] = r;
  // A round with no rows would grow an empty tree; keep at least one.
  if (m === 0) out[m++] = Math.floor(random() * n);
  return m;
}

function sampleFeatures(d: number, rate: number, random: Random): Int32Array {
  const all = Int32Array.from({ length: d }, (_, i) => i);
  if (rate >= 1) return all;
  const m = Math.max(1, Math.round(rate * d));
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (d - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  // Sorted so histogram building walks each row's bins in memory order.
  return all.subarray(0, m).sort();
}
