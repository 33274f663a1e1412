// Small regression tables for the GBDT benchmark, where the pipeline's defaults (many rounds, early
// stopping on a small validation split) matter more than speed: vega-datasets' cars.json (miles
// per gallon from the other columns, 392 rows with a target) and a 300-row draw of the synthetic
// regression table. Each seed is a different train/validation/test split; one split of a few
// hundred rows is noise, so the bench reports the mean and spread over several.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createRandom } from "@/lib/training/random";
import { type BenchSplit, syntheticTable } from "./gbdt-bench-data";

export interface SmallTable {
  name: string;
  featureNames: string[];
  train: BenchSplit;
  valid: BenchSplit;
  test: BenchSplit;
}

interface Car {
  Miles_per_Gallon: number | null;
  Cylinders: number;
  Displacement: number;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Acceleration: number;
  Year: string;
  Origin: string;
}

const ORIGINS = ["USA", "Europe", "Japan"];
const CAR_FEATURES = [
  "cylinders",
  "displacement",
  "horsepower",
  "weight",
  "acceleration",
  "year",
  ...ORIGINS.map((o) => `origin_${o}`),
];

function carsPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "cars.json");
}

/** The pipeline's split: 80 / 10 / 10 of the shuffled rows. */
export function cars(seed: number): SmallTable {
  const rows = (JSON.parse(readFileSync(carsPath(), "utf8")) as Car[]).filter((c) => c.Miles_per_Gallon !== null);
  const order = shuffled(rows.length, seed);
  const d = CAR_FEATURES.length;
  const take = (from: number, to: number): BenchSplit => {
    const part = Array.from(order.subarray(from, to), (i) => rows[i]);
    const X = new Float32Array(part.length * d);
    part.forEach((c, r) => {
      // Horsepower is missing for 6 cars: NaN, routed by the trees' learned default direction.
      const values = [
        c.Cylinders,
        c.Displacement,
        c.Horsepower ?? NaN,
        c.Weight_in_lbs,
        c.Acceleration,
        Number(c.Year.slice(0, 4)),
      ];
      X.set([...values, ...ORIGINS.map((o) => (c.Origin === o ? 1 : 0))], r * d);
    });
    return { X, y: Float32Array.from(part, (c) => c.Miles_per_Gallon!) };
  };
  const nTest = Math.round(rows.length * 0.1);
  const nValid = Math.round(rows.length * 0.1);
  const nTrain = rows.length - nTest - nValid;
  return {
    name: "cars (vega-datasets)",
    featureNames: CAR_FEATURES,
    train: take(0, nTrain),
    valid: take(nTrain, nTrain + nValid),
    test: take(nTrain + nValid, rows.length),
  };
}

/**
 * 300 rows of the synthetic regression table split 240 / 60 (train / validation, as a user with 300
 * rows would), and 10,000 fresh test rows so the test MAE itself is not the noise.
 */
export function syntheticSmall(seed: number): SmallTable {
  const labelled = syntheticTable("regression", 300, 10_000, 1000 + seed);
  const d = labelled.featureNames.length;
  const slice = (s: BenchSplit, from: number, to: number): BenchSplit => ({
    X: s.X.slice(from * d, to * d),
    y: s.y.slice(from, to),
  });
  return {
    name: "synthetic regression, 300 rows",
    featureNames: labelled.featureNames,
    train: slice(labelled.train, 0, 240),
    valid: slice(labelled.train, 240, 300),
    test: labelled.valid,
  };
}

function shuffled(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = createRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
