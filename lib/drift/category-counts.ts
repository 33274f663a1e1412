import type { CategoryValue } from "./types";
import { assertCategories } from "./validation";

export interface CategoryCounts {
  /** Every category seen in either sample, in a deterministic order (numbers, then strings, then booleans). */
  readonly categories: CategoryValue[];
  readonly reference: number[];
  readonly current: number[];
}

function compareCategories(a: CategoryValue, b: CategoryValue): number {
  const order = { number: 0, string: 1, boolean: 2 } as const;
  const ta = order[typeof a as "number" | "string" | "boolean"];
  const tb = order[typeof b as "number" | "string" | "boolean"];
  if (ta !== tb) return ta - tb;
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * Aligns two categorical samples on the union of their categories. Categories are kept by value and
 * type (the number 1 and the string "1" are different categories, as they are to a model's encoder).
 */
export function categoryCounts(reference: ArrayLike<CategoryValue>, current: ArrayLike<CategoryValue>): CategoryCounts {
  assertCategories(reference, "reference");
  assertCategories(current, "current");
  const counts = new Map<CategoryValue, [number, number]>();
  for (let i = 0; i < reference.length; i++) {
    const entry = counts.get(reference[i]);
    if (entry) entry[0]++;
    else counts.set(reference[i], [1, 0]);
  }
  for (let i = 0; i < current.length; i++) {
    const entry = counts.get(current[i]);
    if (entry) entry[1]++;
    else counts.set(current[i], [0, 1]);
  }
  const categories = [...counts.keys()].sort(compareCategories);
  return {
    categories,
    reference: categories.map((c) => counts.get(c)![0]),
    current: categories.map((c) => counts.get(c)![1]),
  };
}
