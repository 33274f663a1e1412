import { parseArgs } from "node:util";
import { applyRetention } from "@/lib/prediction-log/apply-retention";
import { CliError } from "./cli-error";
import { withLocalDatabase } from "./local-database";

export async function runRetentionCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { days: { type: "string" } } });
  const days = Number(values.days);
  if (!values.days || !Number.isInteger(days) || days < 1)
    throw new CliError("Usage: tidemark retention --days N (a whole number ≥ 1)");
  await withLocalDatabase(async (db) => {
    const result = await applyRetention(db.sql, { days });
    console.log(
      `Kept predictions from ${result.cutoff} on; dropped ${result.droppedPartitions.length} day partition(s)` +
        `${result.droppedPartitions.length ? ` (${result.droppedPartitions.join(", ")})` : ""}, deleted ${result.deletedFromDefault} row(s) from the default partition, ` +
        `${result.deletedRequestStats} per-minute request count(s) and ${result.deletedIdempotencyKeys} expired idempotency key(s).`,
    );
  });
}
