// Defaults follow XGBoost's hist method where it has one, so a comparison "with the same
// parameters" means the same thing on both sides.

import type { GbdtParams } from "./types";

export const DEFAULT_GBDT_PARAMS: Readonly<GbdtParams> = {
  numRounds: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  growPolicy: "depthwise",
  maxBins: 255,
  lambda: 1,
  minChildWeight: 1,
  minSplitGain: 0,
  subsample: 1,
  colsampleByTree: 1,
  earlyStoppingRounds: 0,
  regressionLoss: "squared_error",
};

export const MAX_BINS_LIMIT = 255;

export function resolveGbdtParams(overrides: Partial<GbdtParams> = {}): GbdtParams {
  const p: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...stripUndefined(overrides) };
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(Number.isInteger(p.numRounds) && p.numRounds >= 1, `numRounds must be a positive integer, got ${p.numRounds}`);
  check(p.learningRate > 0 && Number.isFinite(p.learningRate), `learningRate must be > 0, got ${p.learningRate}`);
  check(Number.isInteger(p.maxDepth) && p.maxDepth >= 0, `maxDepth must be an integer >= 0, got ${p.maxDepth}`);
  check(
    Number.isInteger(p.maxLeaves) && (p.maxLeaves === 0 || p.maxLeaves >= 2),
    `maxLeaves must be 0 or an integer >= 2, got ${p.maxLeaves}`,
  );
  // An unbounded tree would grow one leaf per distinct row: almost always a configuration mistake.
  check(p.maxDepth > 0 || p.maxLeaves > 0, "maxDepth and maxLeaves cannot both be 0 (unlimited)");
  check(
    p.growPolicy === "depthwise" || p.growPolicy === "lossguide",
    `growPolicy must be depthwise or lossguide, got ${p.growPolicy}`,
  );
  check(
    Number.isInteger(p.maxBins) && p.maxBins >= 2 && p.maxBins <= MAX_BINS_LIMIT,
    `maxBins must be an integer in [2, ${MAX_BINS_LIMIT}], got ${p.maxBins}`,
  );
  check(p.lambda >= 0 && Number.isFinite(p.lambda), `lambda must be >= 0, got ${p.lambda}`);
  check(p.minChildWeight >= 0 && Number.isFinite(p.minChildWeight), `minChildWeight must be >= 0, got ${p.minChildWeight}`);
  check(p.minSplitGain >= 0 && Number.isFinite(p.minSplitGain), `minSplitGain must be >= 0, got ${p.minSplitGain}`);
  check(p.subsample > 0 && p.subsample <= 1, `subsample must be in (0, 1], got ${p.subsample}`);
  check(p.colsampleByTree > 0 && p.colsampleByTree <= 1, `colsampleByTree must be in (0, 1], got ${p.colsampleByTree}`);
  check(
    Number.isInteger(p.earlyStoppingRounds) && p.earlyStoppingRounds >= 0,
    `earlyStoppingRounds must be an integer >= 0, got ${p.earlyStoppingRounds}`,
  );
  check(
    p.regressionLoss === "squared_error" || p.regressionLoss === "absolute_error",
    `regressionLoss must be squared_error or absolute_error, got ${p.regressionLoss}`,
  );
  if (problems.length > 0) throw new Error(`invalid GBDT parameters: ${problems.join("; ")}`);
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
