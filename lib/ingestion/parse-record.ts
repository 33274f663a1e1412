import { findUnstorableStrings } from "@/lib/core/text/storable-text";
import { ingestRecordSchema, type IngestItemResult, type IngestRecord } from "./ingest-schemas";

/**
 * Parses one record of an ingest batch. A string Postgres cannot store (NUL, a lone surrogate)
 * makes only this record `rejected`, naming the field, so it never reaches the shared INSERT and
 * the good records beside it are stored.
 */
export function parseRecord(raw: unknown, index: number): { record: IngestRecord } | { rejected: IngestItemResult } {
  const unstorable = findUnstorableStrings(raw);
  if (unstorable.length) return { rejected: rejected(index, "Invalid record", unstorable) };
  const parsed = ingestRecordSchema.safeParse(raw);
  if (parsed.success) return { record: parsed.data };
  return {
    rejected: rejected(
      index,
      "Invalid record",
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(record)", message: i.message })),
    ),
  };
}

function rejected(index: number, message: string, details: { path: string; message: string }[]): IngestItemResult {
  return { index, status: "rejected", error: { code: "invalid", message, details } };
}
