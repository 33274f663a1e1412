// The 80/10/10 split. Stratified for classification so rare classes reach every split; chronological
// with a time column, where shuffling would let the model train on the future it is tested on; or
// taken verbatim from a split column the user prepared.

import { createRandom, shuffleInPlace } from "../random";

export interface SplitIndices {
  /** Row indices (into the prepared table) of each split. */
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  method: "stratified" | "random" | "chronological" | "column";
}

export class SplitError extends Error {}

const FRACTIONS = { train: 0.8, validation: 0.1 };

/** Per class: shuffle, then cut 80/10/10, so each split keeps the class proportions. */
export function stratifiedSplit(classIndex: ArrayLike<number>, numClasses: number, seed: number): SplitIndices {
  const random = createRandom(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < classIndex.length; i++) byClass[classIndex[i]].push(i);
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const rows of byClass) {
    shuffleInPlace(rows, random);
    const [a, b] = cuts(rows.length);
    // Loops, not push(...slice): spreading a million arguments overflows the call stack.
    for (let i = 0; i < rows.length; i++) (i < a ? train : i < b ? validation : test).push(rows[i]);
  }
  // Sorted so every later pass reads the table in file order (deterministic and cache-friendly).
  const sorted = (v: number[]) => Int32Array.from(v).sort();
  return { train: sorted(train), validation: sorted(validation), test: sorted(test), method: "stratified" };
}

export function randomSplit(rows: number, seed: number): SplitIndices {
  const order = shuffleInPlace(
    Int32Array.from({ length: rows }, (_, i) => i),
    createRandom(seed),
  );
  const [a, b] = cuts(rows);
  return { train: order.slice(0, a).sort(), validation: order.slice(a, b).sort(), test: order.slice(b).sort(), method: "random" };
}

/** Oldest 80 % train, next 10 % validation, newest 10 % test; ties keep file order. Never shuffled. */
export function chronologicalSplit(times: ArrayLike<number>): SplitIndices {
  const order = Array.from({ length: times.length }, (_, i) => i);
  for (const i of order)
    if (Number.isNaN(times[i])) throw new SplitError(`row ${i + 1} has no time; every row needs one for a chronological split`);
  order.sort((a, b) => times[a] - times[b] || a - b);
  const [a, b] = cuts(order.length);
  return {
    train: Int32Array.from(order.slice(0, a)),
    validation: Int32Array.from(order.slice(a, b)),
    test: Int32Array.from(order.slice(b)),
    method: "chronological",
  };
}

const SPLIT_NAMES: Record<string, "train" | "validation" | "test"> = {
  train: "train",
  val: "validation",
  valid: "validation",
  validation: "validation",
  test: "test",
};

export function columnSplit(values: ArrayLike<string>): SplitIndices {
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (let i = 0; i < values.length; i++) {
    const part = SPLIT_NAMES[values[i].trim().toLowerCase()];
    if (!part) throw new SplitError(`row ${i + 1}: split value ${JSON.stringify(values[i])} is not train, val or test`);
    parts[part].push(i);
  }
  return {
    train: Int32Array.from(parts.train),
    validation: Int32Array.from(parts.validation),
    test: Int32Array.from(parts.test),
    method: "column",
  };
}

export function assertUsableSplit(split: SplitIndices): void {
  for (const part of ["train", "validation", "test"] as const) {
    if (split[part].length === 0)
      throw new SplitError(`the ${part} split is empty; the data has too few rows for an 80/10/10 split`);
  }
}

function cuts(n: number): [number, number] {
  const a = Math.round(n * FRACTIONS.train);
  const b = a + Math.round(n * FRACTIONS.validation);
  return [a, Math.min(b, n)];
}
