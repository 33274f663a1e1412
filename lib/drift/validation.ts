import type { CategoryValue, SampleSizes } from "./types";

/**
 * Argument checks shared by every statistic. They throw `RangeError`s that name the offending argument,
 * because drift jobs run unattended and a message like "current[17] is NaN" is what makes a bad upstream
 * feature easy to find.
 */

export function assertNonEmpty(values: ArrayLike<unknown>, name: string): void {
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
}

export function assertFiniteSample(values: ArrayLike<number>, name: string): void {
  assertNonEmpty(values, name);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

/** Counts may be fractional (weighted or merged histograms) but never negative or non-finite. */
export function assertCounts(counts: ArrayLike<number>, name: string): number {
  assertNonEmpty(counts, name);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== "number" || !Number.isFinite(c) || c < 0) {
      throw new RangeError(`${name}[${i}] must be a finite non-negative count, got ${String(c)}`);
    }
    total += c;
  }
  if (total <= 0) throw new RangeError(`${name} must have a positive total count`);
  return total;
}

/**
 * Both vectors must describe the same bins or categories. Takes them as a two-entry object so the
 * error message can name each argument: `assertSameLength({ referenceCounts, currentCounts })`.
 */
export function assertSameLength(vectors: Readonly<Record<string, ArrayLike<unknown>>>): void {
  const [[nameA, a], [nameB, b]] = Object.entries(vectors);
  if (a.length !== b.length) {
    throw new RangeError(`${nameA} and ${nameB} must have the same length, got ${a.length} and ${b.length}`);
  }
}

/** Bin edges: at least two, no NaN, strictly increasing. Infinite outer edges are allowed. */
export function assertEdges(edges: ArrayLike<number>, name: string): void {
  if (edges.length < 2) throw new RangeError(`${name} must contain at least 2 edges, got ${edges.length}`);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (typeof e !== "number" || Number.isNaN(e)) {
      throw new RangeError(`${name}[${i}] must be a number, got ${String(e)}`);
    }
    if (i > 0 && !(e > edges[i - 1])) {
      throw new RangeError(`${name} must be strictly increasing, but ${name}[${i}] <= ${name}[${i - 1}]`);
    }
  }
}

export function assertCategories(values: ArrayLike<CategoryValue>, name: string): void {
  assertNonEmpty(values, name);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    const ok = typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && !Number.isNaN(v));
    if (!ok) throw new RangeError(`${name}[${i}] must be a string, number or boolean category, got ${String(v)}`);
  }
}

export function assertSampleSizes({ referenceSize, currentSize }: SampleSizes): void {
  if (!Number.isInteger(referenceSize) || referenceSize <= 0) {
    throw new RangeError(`referenceSize must be a positive integer, got ${referenceSize}`);
  }
  if (!Number.isInteger(currentSize) || currentSize <= 0) {
    throw new RangeError(`currentSize must be a positive integer, got ${currentSize}`);
  }
}
