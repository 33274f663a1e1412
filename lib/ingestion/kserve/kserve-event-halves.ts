import type { SqlRunner } from "@/lib/db/open-database";

/** One half of a pair as kept: the payload and the time the logger gave the event, if any. */
export type StoredHalf = { body: unknown; time: string | null };
export type Pair = { request: StoredHalf; response: StoredHalf; receivedAt: Date };

/**
 * Owner of kserve_event_halves. Records this half and returns the pair once both halves are in.
 * One upsert does both: a concurrent other half waits on the row lock and then sees this one, so
 * whichever arrives second (in any order, from any process) completes the pair, exactly once. A
 * half sent again keeps the first copy.
 */
export async function recordHalf(
  sql: SqlRunner,
  options: { modelId: string; eventId: string; kind: "request" | "response"; half: StoredHalf },
): Promise<Pair | null> {
  const column = options.kind === "request" ? "request" : "response";
  const [row] = await sql.query<{ request: StoredHalf | null; response: StoredHalf | null; received_at: Date | string }>(
    `INSERT INTO kserve_event_halves (model_id, event_id, ${column}) VALUES ($1::uuid, $2, $3::jsonb)
     ON CONFLICT (model_id, event_id) DO UPDATE SET ${column} = COALESCE(kserve_event_halves.${column}, EXCLUDED.${column})
     RETURNING request, response, received_at`,
    [options.modelId, options.eventId, JSON.stringify(options.half)],
  );
  if (!row.request || !row.response) return null;
  return { request: row.request, response: row.response, receivedAt: new Date(row.received_at) };
}

/** Forgets a pair once its predictions are stored; kept until then, so a failed store can be retried. */
export async function forgetPair(sql: SqlRunner, options: { modelId: string; eventId: string }): Promise<void> {
  await sql.query("DELETE FROM kserve_event_halves WHERE model_id = $1::uuid AND event_id = $2", [
    options.modelId,
    options.eventId,
  ]);
}
