import { findUnstorableStrings } from "@/lib/core/text/storable-text";
import type { ItemResult } from "./ingest-schemas";

type ItemSchema<T> = {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
};

/**
 * Parses one item of an ingest batch. A string Postgres cannot store (NUL, a lone surrogate) makes
 * only this item `rejected`, naming the field, so it never reaches the shared INSERT and the good
 * items beside it are stored.
 */
export function parseItem<T>(
  schema: ItemSchema<T>,
  raw: unknown,
  index: number,
  what: string,
): { item: T } | { rejected: ItemResult } {
  const unstorable = findUnstorableStrings(raw);
  if (unstorable.length) {
    return {
      rejected: { index, status: "rejected", error: { code: "invalid", message: `Invalid ${what}`, details: unstorable } },
    };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { item: parsed.data };
  return {
    rejected: {
      index,
      status: "rejected",
      error: {
        code: "invalid",
        message: `Invalid ${what}`,
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(item)", message: i.message })),
      },
    },
  };
}
