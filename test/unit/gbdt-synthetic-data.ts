// Seeded synthetic tables for the GBDT tests: mixed numeric / boolean / categorical features with
// missing values, and targets whose structure is known so a test can say what the trees must find.

import { createRandom } from "@/lib/training/random";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";

export const MIXED_FEATURES: readonly FeatureSpec[] = [
  { name: "amount", type: "numeric", impute: 0, mean: 0, scale: 1 },
  { name: "age", type: "numeric", impute: 40, mean: 40, scale: 10 },
  { name: "is_new", type: "boolean", impute: 0 },
  { name: "country", type: "categorical", vocabulary: ["FR", "DE", "US", "JP"] },
  { name: "noise", type: "numeric", impute: 0, mean: 0, scale: 1 },
];

const COUNTRIES = ["FR", "DE", "US", "JP", ""];

export interface MixedRow extends Record<string, number | string> {
  amount: number;
  age: number;
  is_new: number;
  country: string;
  noise: number;
}

export function mixedRows(n: number, seed: number): MixedRow[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    // Amounts are rounded to cents like real money, so many rows sit exactly on the same value.
    const amount = random() < 0.1 ? NaN : Math.round(Math.exp(random() * 6) * 100) / 100;
    return {
      amount,
      age: random() < 0.05 ? NaN : 18 + Math.floor(random() * 62),
      is_new: random() < 0.05 ? NaN : random() < 0.3 ? 1 : 0,
      country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
      noise: random() * 2 - 1,
    };
  });
}

/** Margins with axis-aligned structure, a categorical effect and signal in missingness. */
export function mixedScores(row: MixedRow): [number, number, number] {
  const amount = Number.isNaN(row.amount) ? 2 : row.amount > 100 ? 1.5 : -0.5;
  const country = row.country === "US" ? 1 : row.country === "" ? -0.5 : 0;
  const age = Number.isNaN(row.age) ? 0 : row.age > 50 ? 0.8 : -0.4;
  const isNew = row.is_new === 1 ? 1 : 0;
  return [amount + country + 0.3 * row.noise, age + isNew - country, 0.5 * amount - age];
}

export function binaryLabels(rows: readonly MixedRow[], seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from(rows, (r) => {
    const [a, b] = mixedScores(r);
    return random() < 1 / (1 + Math.exp(-(a + b - 0.5))) ? 1 : 0;
  });
}

export function multiclassLabels(rows: readonly MixedRow[], seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from(rows, (r) => {
    const s = mixedScores(r).map((v) => v + (random() - 0.5));
    return s.indexOf(Math.max(...s));
  });
}

export function regressionTargets(rows: readonly MixedRow[], seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from(rows, (r) => {
    const [a, b, c] = mixedScores(r);
    return a + 0.5 * b - 0.25 * c + 0.2 * (random() - 0.5);
  });
}
