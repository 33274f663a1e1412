import { DAY_MS } from "@/lib/core/time/durations";
import type { SqlRunner } from "@/lib/db/open-database";

// The prediction log has one partition per UTC day, named predictions_YYYYMMDD.

export function dayStart(time: Date | number): number {
  const t = typeof time === "number" ? time : time.getTime();
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

export function partitionName(dayStartMs: number): string {
  return `predictions_${new Date(dayStartMs).toISOString().slice(0, 10).replace(/-/g, "")}`;
}

function partitionDay(name: string): number | null {
  const m = /^predictions_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/**
 * Creates the day's partition if missing. Concurrent creators (several server processes at
 * midnight) race harmlessly: the loser sees "already exists". If rows for that day already sit in
 * the default partition, Postgres refuses the new partition and rows keep going to the default.
 */
export async function ensureDayPartition(sql: SqlRunner, dayStartMs: number): Promise<void> {
  const name = partitionName(dayStartMs);
  const from = new Date(dayStartMs).toISOString();
  const to = new Date(dayStartMs + DAY_MS).toISOString();
  try {
    await sql.exec(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "predictions" FOR VALUES FROM ('${from}') TO ('${to}')`);
  } catch (error) {
    const message = String((error as Error).message);
    if (/already exists|would be violated|duplicate key/i.test(message)) return;
    throw error;
  }
}

export async function listDayPartitions(sql: SqlRunner): Promise<{ name: string; dayStartMs: number }[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'predictions'`,
  );
  return rows
    .map((r) => ({ name: r.name, dayStartMs: partitionDay(r.name) }))
    .filter((p): p is { name: string; dayStartMs: number } => p.dayStartMs !== null)
    .sort((a, b) => a.dayStartMs - b.dayStartMs);
}
