import { createRandom, deriveSeed } from "@/lib/training/random";

// The coalitions KernelSHAP evaluates (Lundberg & Lee 2017, §4.1). The Shapley kernel weighs a
// coalition of size s among M features by (M − 1) / (C(M, s) · s · (M − s)); the empty and the full
// coalition (infinite weight) are not sampled but enforced: the base and the output are known.
// With few features every coalition is enumerated, and the weighted least squares then gives the
// Shapley values exactly; otherwise coalitions are drawn from the kernel itself (size s with
// probability ∝ 1 / (s · (M − s)), then a uniform subset of that size), each paired with its
// complement (antithetic sampling: the pair's errors largely cancel), and weighted equally.

export type Coalitions = {
  features: number;
  /** count × features, 1 where the feature takes the record's value, 0 where the background's. */
  masks: Uint8Array;
  weights: Float64Array;
  count: number;
  exhaustive: boolean;
  /** Sampled coalitions come in (mask, complement) pairs at 2p and 2p + 1: the bootstrap resamples pairs. */
  paired: boolean;
};

/** Every coalition when 2^M − 2 of them fit in the budget, else `budget` (rounded down to pairs) drawn ones. */
export function chooseCoalitions(features: number, budget: number, seed: number): Coalitions {
  if (features < 1) throw new RangeError("at least one feature is needed");
  if (features <= 30 && 2 ** features - 2 <= budget) return allCoalitions(features);
  return sampledCoalitions(features, Math.max(2, budget - (budget % 2)), seed);
}

function allCoalitions(m: number): Coalitions {
  const count = 2 ** m - 2;
  const masks = new Uint8Array(count * m);
  const weights = new Float64Array(count);
  for (let code = 1; code <= count; code++) {
    let size = 0;
    for (let i = 0; i < m; i++) {
      const bit = (code >> i) & 1;
      masks[(code - 1) * m + i] = bit;
      size += bit;
    }
    weights[code - 1] = (m - 1) / (binomial(m, size) * size * (m - size));
  }
  return { features: m, masks, weights, count, exhaustive: true, paired: false };
}

function sampledCoalitions(m: number, count: number, seed: number): Coalitions {
  const random = createRandom(deriveSeed(seed, "kernel-shap-coalitions"));
  const sizeWeights: number[] = [];
  let total = 0;
  for (let s = 1; s < m; s++) sizeWeights.push((total += 1 / (s * (m - s))));
  const masks = new Uint8Array(count * m);
  const order = Array.from({ length: m }, (_, i) => i);
  for (let pair = 0; pair < count / 2; pair++) {
    const u = random() * total;
    let size = 1;
    while (sizeWeights[size - 1] <= u && size < m - 1) size++;
    // A uniform subset of `size` features: the first `size` places of a partial Fisher–Yates shuffle.
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random() * (m - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const at = 2 * pair * m;
    for (let i = 0; i < m; i++) masks[at + m + i] = 1;
    for (let i = 0; i < size; i++) {
      masks[at + order[i]] = 1;
      masks[at + m + order[i]] = 0;
    }
  }
  return { features: m, masks, weights: new Float64Array(count).fill(1), count, exhaustive: false, paired: true };
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
