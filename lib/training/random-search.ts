// `--search N`: random search (Bergstra & Bengio 2012: for the same budget it beats a grid when only
// a few hyperparameters matter). The configurations are drawn up front from a stream derived from
// --seed, so the same seed gives the same trials, whatever order or speed they run in.

import { createRandom, deriveSeed } from "./random";
import type { GbdtOptions, MlpOptions } from "./train-spec";

/** The ranges searched, stated once: the report prints them beside the results. */
export const SEARCH_SPACE = {
  mlp: {
    learningRate: { logUniform: [1e-4, 1e-2] },
    width: { integer: [64, 256] },
    depth: { integer: [2, 3] },
    dropout: { uniform: [0.2, 0.5] },
    batchSize: { choice: [32, 64, 128] },
  },
  gbdt: {
    learningRate: { logUniform: [0.02, 0.3] },
    maxDepth: { integer: [2, 8] },
    l2: { logUniform: [0.1, 10] },
    minChildWeight: { logUniform: [0.5, 10] },
  },
} as const;

type Random = () => number;
const logUniform = (random: Random, [lo, hi]: readonly [number, number]) =>
  Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
const integer = (random: Random, [lo, hi]: readonly [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
const uniform = (random: Random, [lo, hi]: readonly [number, number]) => lo + random() * (hi - lo);
const choice = <T>(random: Random, values: readonly T[]) => values[Math.floor(random() * values.length)];
/** Three significant digits: the report stays readable and the value is what actually trained. */
const round3 = (x: number) => Number(x.toPrecision(3));

/** N MLP configurations; epochs, patience and batch norm stay as the user set them. */
export function sampleMlpConfigs(n: number, seed: number, base: Omit<MlpOptions, "learningRate">): MlpOptions[] {
  const random = createRandom(deriveSeed(seed, "search-mlp"));
  const space = SEARCH_SPACE.mlp;
  return Array.from({ length: n }, () => {
    const learningRate = round3(logUniform(random, space.learningRate.logUniform));
    const width = integer(random, space.width.integer);
    const depth = integer(random, space.depth.integer);
    const dropout = round3(uniform(random, space.dropout.uniform));
    const batchSize = choice(random, space.batchSize.choice);
    // Funnel-shaped: each layer half the previous one's width, never below the 64-unit floor.
    const hiddenLayers = Array.from({ length: depth }, (_, i) => Math.max(64, Math.round(width / 2 ** i)));
    return { ...base, learningRate, hiddenLayers, dropout, batchSize };
  });
}

/** N tree configurations; the round cap and early stopping stay as the user set them. */
export function sampleTreeConfigs(n: number, seed: number, base: GbdtOptions): GbdtOptions[] {
  const random = createRandom(deriveSeed(seed, "search-gbdt"));
  const space = SEARCH_SPACE.gbdt;
  return Array.from({ length: n }, () => ({
    ...base,
    learningRate: round3(logUniform(random, space.learningRate.logUniform)),
    maxDepth: integer(random, space.maxDepth.integer),
    maxLeaves: 0,
    l2: round3(logUniform(random, space.l2.logUniform)),
    minChildWeight: round3(logUniform(random, space.minChildWeight.logUniform)),
  }));
}
