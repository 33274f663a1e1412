import { applyRetention } from "@/lib/prediction-log/apply-retention";
import { type CommandSpec, parseCommand, usageError } from "./command-spec";
import { withLocalDatabase } from "./local-database";

export const RETENTION_COMMAND = {
  name: "retention",
  summary: "Drop logged predictions (and their per-minute counts and idempotency keys) older than N days.",
  usage: ["retention --days N"],
  options: {
    days: { type: "string", value: "N", description: "keep the last N days (a whole number ≥ 1); required" },
  },
  notes: ["Works on the local database (stop a server that holds the embedded one first). Run it from cron to keep a window."],
  examples: ["tidemark retention --days 90"],
} as const satisfies CommandSpec;

export async function runRetentionCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(RETENTION_COMMAND, args);
  if (!parsed) return;
  const { values } = parsed;
  const days = Number(values.days);
  if (!values.days || !Number.isInteger(days) || days < 1)
    throw usageError(RETENTION_COMMAND, "--days must be a whole number ≥ 1.");
  await withLocalDatabase(async (db) => {
    const result = await applyRetention(db.sql, { days });
    console.log(
      `Kept predictions from ${result.cutoff} on; dropped ${result.droppedPartitions.length} day partition(s)` +
        `${result.droppedPartitions.length ? ` (${result.droppedPartitions.join(", ")})` : ""}, deleted ${result.deletedFromDefault} row(s) from the default partition, ` +
        `${result.deletedRequestStats} per-minute request count(s) and ${result.deletedIdempotencyKeys} expired idempotency key(s).`,
    );
  });
}
