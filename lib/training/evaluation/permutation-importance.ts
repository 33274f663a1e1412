// Permutation importance (Breiman 2001; scikit-learn's permutation_importance) of a model that has
// no split gain — the MLP or a linear baseline — so the manifest can carry the importances of the
// model actually served: shuffle one input's values across the validation rows, and the drop in
// the validation metric is how much the model relies on that input. Validation, not test, so the
// test set stays evaluated once.

import type { Design } from "../models/design";
import type { Predictions } from "../models/predictions";
import { transform, type Preprocessor } from "../data/preprocessor";
import { createRandom, deriveSeed, shuffleInPlace } from "../random";
import { selectRows, type Table } from "../table";

export interface PermutationImportance {
  feature: string;
  /** Metric lost when this input is shuffled (never below 0: a lucky shuffle is not importance). */
  drop: number;
  share: number;
}

export interface PermutationImportanceOptions {
  table: Table;
  preprocessor: Preprocessor;
  rows: Int32Array;
  y: Float64Array;
  predict: (d: Design) => Predictions;
  /** The primary metric of predictions on these rows, and whether higher is better. */
  score: (p: Predictions) => number;
  higherIsBetter: boolean;
  seed: number;
}

export function permutationImportance(o: PermutationImportanceOptions): PermutationImportance[] {
  // Only the validation rows of the used columns: a shuffle then copies thousands of values, not the table.
  const used = new Set(o.preprocessor.features.map((f) => f.column));
  const columns = o.table.columns.filter((c) => used.has(c.name)).map((c) => selectRows(c, o.rows));
  const local: Table = { rows: o.rows.length, columns };
  const all = Int32Array.from({ length: o.rows.length }, (_, i) => i);
  const designOf = (t: Table): Design => ({
    x: transform(t, o.preprocessor, all),
    rows: all.length,
    width: o.preprocessor.width,
    y: o.y,
  });
  const base = o.score(o.predict(designOf(local)));
  const random = createRandom(deriveSeed(o.seed, "permutation-importance"));
  const drops = o.preprocessor.features.map((feature) => {
    const order = shuffleInPlace(Int32Array.from(all), random);
    const shuffled = columns.map((c) => (c.name === feature.column ? selectRows(c, order) : c));
    const value = o.score(o.predict(designOf({ rows: local.rows, columns: shuffled })));
    return { feature: feature.spec.name, drop: Math.max(0, o.higherIsBetter ? base - value : value - base) };
  });
  const total = drops.reduce((s, d) => s + d.drop, 0);
  return drops.map((d) => ({ ...d, share: total > 0 ? d.drop / total : 0 }));
}
