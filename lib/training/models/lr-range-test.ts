import "server-only";
// Learning-rate range test (Smith, "Cyclical Learning Rates", 2017): train a fresh network for a
// short run while the rate grows exponentially from 1e-6 to 1e-1, record the mini-batch loss at
// every step, and suggest the rate where the smoothed loss falls fastest. Cheap (a few hundred
// steps) and far more reliable than a fixed default across datasets of different scale.
//
// Mini-batch losses are noisy (dropout, small batches), so the curve is smoothed with a centred
// moving average over a quarter of a decade: an exponential average (the usual choice) lags, which
// moves its steepest point to a larger, riskier rate.

import type { MlpOptions } from "../train-spec";
import type { Design } from "./design";
import { trainMlp, type TrainMlpOptions } from "./mlp";

export const LR_RANGE = { from: 1e-6, to: 1e-1 } as const;
/** Enough steps to resolve the curve (40 per decade over 5 decades) and still cost seconds. */
export const LR_RANGE_STEPS = 200;
/** Online exponential average, bias-corrected as in Adam, used only to notice divergence as it happens. */
const DIVERGENCE_SMOOTHING = 0.9;
/** Past this multiple of the lowest running loss the network is diverging; the sweep stops there. */
const DIVERGENCE_FACTOR = 4;
/** Half-width of the smoothing window, as a fraction of a decade of learning rate. */
const WINDOW_DECADES = 0.25;

export interface LrRangePoint {
  step: number;
  learningRate: number;
  loss: number;
  smoothedLoss: number;
}

export interface LrRangeResult {
  points: LrRangePoint[];
  suggested: number;
  /** Why the sweep ended: it reached the largest rate, or the loss blew up. */
  stoppedBy: "range_end" | "divergence";
  from: number;
  to: number;
}

export interface LrRangeOptions
  extends Pick<TrainMlpOptions, "task" | "numClasses" | "classWeights" | "seed" | "validationMetric"> {
  hyperparameters: Omit<MlpOptions, "learningRate">;
  steps?: number;
}

export function lrRangeTest(train: Design, validation: Design, options: LrRangeOptions): LrRangeResult {
  const steps = options.steps ?? LR_RANGE_STEPS;
  if (!(steps >= 10)) throw new Error(`the learning-rate range test needs at least 10 steps, got ${steps}`);
  const rateAt = (step: number) => LR_RANGE.from * (LR_RANGE.to / LR_RANGE.from) ** (step / (steps - 1));
  const points: LrRangePoint[] = [];
  let average = 0;
  let lowest = Infinity;
  let stoppedBy: LrRangeResult["stoppedBy"] = "range_end";
  const batchesPerEpoch = Math.ceil(train.rows / options.hyperparameters.batchSize);
  const network = trainMlp(train, validation, {
    ...options,
    // Enough epochs to hold every step; patience so large that early stopping never ends the sweep.
    hyperparameters: {
      ...options.hyperparameters,
      learningRate: LR_RANGE.from,
      maxEpochs: Math.ceil(steps / batchesPerEpoch) + 1,
      patience: Number.MAX_SAFE_INTEGER,
    },
    learningRateAt: rateAt,
    onStep: (step, loss) => {
      if (!Number.isFinite(loss)) {
        stoppedBy = "divergence";
        return false;
      }
      average = DIVERGENCE_SMOOTHING * average + (1 - DIVERGENCE_SMOOTHING) * loss;
      const running = average / (1 - DIVERGENCE_SMOOTHING ** (step + 1));
      points.push({ step, learningRate: rateAt(step), loss, smoothedLoss: NaN });
      lowest = Math.min(lowest, running);
      if (step > 10 && running > DIVERGENCE_FACTOR * lowest) {
        stoppedBy = "divergence";
        return false;
      }
      return step + 1 < steps;
    },
  });
  network.dispose();
  const half = Math.max(1, Math.round((WINDOW_DECADES * (steps - 1)) / Math.log10(LR_RANGE.to / LR_RANGE.from)));
  const smoothed = centredMean(
    points.map((p) => p.loss),
    half,
  );
  points.forEach((p, i) => {
    p.smoothedLoss = smoothed[i];
  });
  return { points, suggested: steepestDescent(points, half), stoppedBy, from: LR_RANGE.from, to: LR_RANGE.to };
}

/** Mean over [i − half, i + half], the window cut at the ends. */
export function centredMean(values: readonly number[], half: number): number[] {
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1] + v);
  return values.map((_, i) => {
    const lo = Math.max(0, i - half);
    const hi = Math.min(values.length - 1, i + half);
    return (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
  });
}

/**
 * The rate at the most negative slope of the smoothed loss against log(rate), by central
 * differences `span` points either side. Points within `span` of either end are not candidates:
 * their smoothing window is cut short.
 */
export function steepestDescent(points: readonly Pick<LrRangePoint, "learningRate" | "smoothedLoss">[], span = 1): number {
  let best = -1;
  let bestSlope = Infinity;
  for (let i = span; i < points.length - span; i++) {
    const slope =
      (points[i + span].smoothedLoss - points[i - span].smoothedLoss) /
      (Math.log(points[i + span].learningRate) - Math.log(points[i - span].learningRate));
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  if (best < 0) throw new Error(`the learning-rate range test recorded ${points.length} steps, too few to find a slope`);
  return points[best].learningRate;
}
