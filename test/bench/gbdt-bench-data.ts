// Data for the GBDT benchmark: a seeded synthetic table with non-linear signal, and the FAA
// wildlife-strike sample ("birdstrikes.csv") shipped by the npm package vega-datasets.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import { encodeTreeInputs, treeDesignColumns, type RawRecord } from "@/lib/training/gbdt/encode-tree-inputs";
import { createRandom, type Random } from "@/lib/training/random";

export interface BenchSplit {
  X: Float32Array;
  y: Float32Array;
}

export interface BenchData {
  name: string;
  task: "binary" | "regression";
  featureNames: string[];
  train: BenchSplit;
  valid: BenchSplit;
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * 20 features, 8 of them informative through thresholds, interactions and smooth non-linearities;
 * x1 is missing for 10% of rows (its missingness shifts the target), x8–x10 for 5% (pure noise).
 */
export function syntheticTable(task: "binary" | "regression", numTrain: number, numValid: number, seed: number): BenchData {
  const d = 20;
  const random = createRandom(seed);
  const make = (n: number): BenchSplit => {
    const X = new Float32Array(n * d);
    const y = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const x = X.subarray(r * d, (r + 1) * d);
      for (let f = 0; f < d; f++) x[f] = random() * 2 - 1;
      const x1Missing = random() < 0.1;
      const z =
        2 * Math.sin(3 * x[0]) +
        (x1Missing ? 0.8 : x[1] > 0.2 ? 1.5 * x[2] : -x[2]) +
        3 * x[3] * x[4] +
        (x[5] > 0 ? 1 : 0) +
        1.5 * x[6] * x[6] -
        Math.abs(x[7]) -
        0.3;
      if (x1Missing) x[1] = NaN;
      for (let f = 8; f <= 10; f++) if (random() < 0.05) x[f] = NaN;
      y[r] = task === "binary" ? (random() < 1 / (1 + Math.exp(-z)) ? 1 : 0) : z + 0.5 * gaussian(random);
    }
    return { X, y };
  };
  return {
    name: `synthetic ${task}`,
    task,
    featureNames: Array.from({ length: d }, (_, i) => `x${i}`),
    train: make(numTrain),
    valid: make(numValid),
  };
}

const CATEGORICAL_COLUMNS: Record<string, string> = {
  airport: "Airport Name",
  aircraft: "Aircraft Make Model",
  operator: "Aircraft Airline Operator",
  state: "Origin State",
  phase: "Phase of flight",
  wildlife_size: "Wildlife Size",
  species: "Wildlife Species",
  time_of_day: "Time of day",
};

/** Categories kept per feature (most frequent in the training split); the rest encode as unseen. */
const MAX_VOCABULARY = 30;

export function birdstrikesPath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its JS entry (build/index.js); the CSV files sit in data/ beside build/.
  return path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "birdstrikes.csv");
}

/**
 * Target: the strike damaged the aircraft ("Effect Amount of damage" is not "None"; 10.6% of rows).
 * The cost columns are left out: a non-zero repair cost is the label in disguise.
 */
export function birdstrikes(seed: number, validFraction = 0.2): BenchData {
  const [header, ...lines] = readFileSync(birdstrikesPath(), "utf8").trim().split("\n");
  // The file has no quoted fields (checked: it contains no '"'), so a plain split is exact.
  const columns = header.split(",");
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i], v])));
  const order = Int32Array.from(rows, (_, i) => i);
  const random = createRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const numValid = Math.round(rows.length * validFraction);
  const validRows = Array.from(order.subarray(0, numValid), (i) => rows[i]);
  const trainRows = Array.from(order.subarray(numValid), (i) => rows[i]);

  const features: FeatureSpec[] = [
    { name: "speed_knots", type: "numeric", impute: 0, mean: 0, scale: 1 },
    { name: "year", type: "numeric", impute: 0, mean: 0, scale: 1 },
    { name: "month", type: "numeric", impute: 0, mean: 0, scale: 1 },
    ...Object.entries(CATEGORICAL_COLUMNS).map(([name, column]): FeatureSpec => {
      const counts = new Map<string, number>();
      for (const r of trainRows) if (r[column] !== "") counts.set(r[column], (counts.get(r[column]) ?? 0) + 1);
      const vocabulary = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_VOCABULARY)
        .map(([c]) => c);
      return { name, type: "categorical", vocabulary };
    }),
  ];
  const toRecord = (r: Record<string, string>): RawRecord => ({
    speed_knots: r["Speed IAS in knots"] === "" ? NaN : Number(r["Speed IAS in knots"]),
    year: Number(r["Flight Date"].slice(0, 4)),
    month: Number(r["Flight Date"].slice(5, 7)),
    ...Object.fromEntries(Object.entries(CATEGORICAL_COLUMNS).map(([name, column]) => [name, r[column]])),
  });
  const split = (part: Record<string, string>[]): BenchSplit => ({
    X: encodeTreeInputs(features, part.map(toRecord)),
    y: Float32Array.from(part, (r) => (r["Effect Amount of damage"] === "None" ? 0 : 1)),
  });
  return {
    name: "birdstrikes (vega-datasets)",
    task: "binary",
    featureNames: treeDesignColumns(features),
    train: split(trainRows),
    valid: split(validRows),
  };
}
