import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/open-database";

/**
 * Mutual exclusion for job runs across processes: a Postgres session-level advisory lock, held on a
 * dedicated connection for the whole run. If the process dies, Postgres closes its session and the
 * lock goes with it, so a crashed run never blocks the next one.
 *
 * Embedded PGlite has one session shared by the whole process, where advisory locks are re-entrant;
 * there the data folder's lock already guarantees a single process, and the set of keys held in
 * this process does the excluding. The set is consulted first on Postgres too, so two runs in one
 * process never share a key either.
 */

const holder = globalThis as unknown as { __tidemarkHeldJobLocks?: Set<string> };
const held = (holder.__tidemarkHeldJobLocks ??= new Set());

/** A signed 64-bit key from any string (advisory locks take a bigint). */
export function advisoryLockKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `work` while holding the lock named `name`; does not wait if another holder has it. */
export async function withAdvisoryLock<T>(db: Database, name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
  if (held.has(name)) return { acquired: false };
  held.add(name);
  try {
    const key = advisoryLockKey(name);
    return await db.sql.session(async (connection) => {
      const [{ locked }] = await connection.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
        key,
      ]);
      if (!locked) return { acquired: false as const };
      try {
        return { acquired: true as const, value: await work() };
      } finally {
        await connection.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
      }
    });
  } finally {
    held.delete(name);
  }
}
