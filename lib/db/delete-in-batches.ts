import type { SqlRunner } from "./open-database";

export const DELETE_BATCH_ROWS = 10_000;

/**
 * Runs a batched DELETE until it deletes fewer than a batch, so no one statement holds its locks
 * for long. `statement` must delete at most DELETE_BATCH_ROWS rows per run (a `LIMIT` in a CTE)
 * and select their number as `n`; returns how many rows went in all.
 */
export async function deleteInBatches(sql: SqlRunner, statement: string, params: unknown[]): Promise<number> {
  let deleted = 0;
  for (;;) {
    const [{ n }] = await sql.query<{ n: number }>(statement, params);
    deleted += n;
    if (n < DELETE_BATCH_ROWS) return deleted;
  }
}
