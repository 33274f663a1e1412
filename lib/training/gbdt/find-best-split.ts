// Exact best split over a node's histogram, XGBoost-style: for every threshold the missing values
// are tried on each side and the better side becomes the split's learned default direction.

import type { BinnedData } from "./binned-data";

export interface Split {
  feature: number;
  /** Rows with bin <= bin go left; bin === the feature's number of thresholds means "every value left, missing right". */
  bin: number;
  missingLeft: boolean;
  gain: number;
  leftGradient: number;
  leftHessian: number;
}

export interface SplitConstraints {
  lambda: number;
  minChildWeight: number;
  minSplitGain: number;
}

export function findBestSplit(
  hist: Float64Array,
  data: BinnedData,
  features: Int32Array,
  G: number,
  H: number,
  c: SplitConstraints,
): Split | null {
  const { lambda, minChildWeight: mcw } = c;
  const parentScore = (G * G) / (H + lambda);
  let best: Split | null = null;
  // A split must reduce the loss by more than minSplitGain, and by something at all.
  let bestGain = Math.max(c.minSplitGain, 0);
  for (let j = 0; j < features.length; j++) {
    const f = features[j];
    const missing = data.missingBin[f];
    const numThresholds = missing - 1;
    const base = 2 * data.slotBase[f];
    const Gm = hist[base + 2 * missing];
    const Hm = hist[base + 2 * missing + 1];
    const hasMissing = Hm > 0;
    let GL = 0;
    let HL = 0;
    // b = numThresholds puts every value left and only the missing rows right: a split on
    // missingness itself, which matters when missingness is the signal.
    const lastBin = hasMissing ? numThresholds : numThresholds - 1;
    for (let b = 0; b <= lastBin; b++) {
      GL += hist[base + 2 * b];
      HL += hist[base + 2 * b + 1];
      // Missing values right.
      const HR = H - HL;
      if (HL >= mcw && HR >= mcw && HL > 0 && HR > 0) {
        const GR = G - GL;
        const gain = 0.5 * ((GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          // With no missing rows here, send future missing values where most of the weight went.
          best = { feature: f, bin: b, missingLeft: !hasMissing && HL > HR, gain, leftGradient: GL, leftHessian: HL };
        }
      }
      if (!hasMissing || b === numThresholds) continue;
      // Missing values left.
      const GLm = GL + Gm;
      const HLm = HL + Hm;
      const HRm = H - HLm;
      if (HLm >= mcw && HRm >= mcw && HRm > 0) {
        const GRm = G - GLm;
        const gain = 0.5 * ((GLm * GLm) / (HLm + lambda) + (GRm * GRm) / (HRm + lambda) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, missingLeft: true, gain, leftGradient: GLm, leftHessian: HLm };
        }
      }
    }
  }
  return best;
}
