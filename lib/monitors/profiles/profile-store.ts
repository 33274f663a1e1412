import type { SqlConnection, SqlRunner } from "@/lib/db/open-database";
import type { LoggedRow, ProfileDelta } from "@/lib/monitors/profiles/profile-builder";
import { mergeProfiles, type ProfileDocument } from "@/lib/monitors/profiles/production-profile";

/**
 * Reading the prediction log in logging order, and storing hourly production profiles. The log is
 * read through the (model_version_id, logged_at, id) index from a per-version cursor, so each row is
 * read once however late it was written.
 */

/** Where a version's profile job stopped: rows after (loggedAt, lastId) are still to be read. */
export type LogCursor = { loggedAt: string; lastId: string };

export const LOG_START: LogCursor = { loggedAt: "-infinity", lastId: "00000000-0000-0000-0000-000000000000" };

export type Watermark = LogCursor & { completeThrough: string };

export async function readWatermark(sql: SqlConnection, versionId: string): Promise<Watermark | null> {
  const [row] = await sql.query<{ logged_at: string; last_id: string | null; complete_through: string }>(
    `SELECT logged_at::text AS logged_at, last_id::text AS last_id, complete_through::text AS complete_through
     FROM profile_watermarks WHERE model_version_id = $1::uuid`,
    [versionId],
  );
  return row ? { loggedAt: row.logged_at, lastId: row.last_id ?? LOG_START.lastId, completeThrough: row.complete_through } : null;
}

/**
 * The instant before which every logged row is committed and visible. logged_at is stamped by the
 * database clock while the inserting transaction runs, so a row not yet committed has a logged_at at
 * or after the start of a transaction still in progress: reading only below the oldest such start
 * (of transactions that have written something, i.e. hold an xid) can never skip a row that commits
 * later. `marginMs` covers the microseconds between a row's stamp and its transaction taking an xid.
 * Postgres only shows a session's transaction start to the same role (or pg_read_all_stats), so the
 * job must connect as the role that writes the log, as Tidemark's processes do.
 */
export async function safeLogHorizon(sql: SqlConnection, marginMs: number): Promise<string> {
  const [row] = await sql.query<{ horizon: string }>(
    `SELECT (LEAST(clock_timestamp(), COALESCE((
        SELECT min(xact_start) FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()
      ), 'infinity'::timestamptz)) - make_interval(secs => $1::double precision / 1000))::text AS horizon`,
    [marginMs],
  );
  return row.horizon;
}

// Named as LoggedRow's fields, so the driver's row objects are handed on as they are.
type ChunkRow = LoggedRow & { row_id: string; logged: string };

export type LogChunk = { rows: LoggedRow[]; last: LogCursor | null };

/** The next `limit` rows of a version after `after` and logged before `before`, in logging order. */
export async function readLogChunk(
  sql: SqlRunner,
  options: { versionId: string; after: LogCursor; before: string; limit: number },
): Promise<LogChunk> {
  // The read must walk the (model_version_id, logged_at, id) index in order. Without statistics
  // (embedded PGlite never runs ANALYZE; a fresh partition on Postgres waits for autovacuum) the
  // planner guesses a few hundred rows and prefers to sort everything after the cursor on every
  // chunk, which makes a backfill quadratic. Sorting is switched off for this one statement.
  const rows = await sql.transaction(async (tx) => {
    await tx.query("SET LOCAL enable_sort = off");
    return tx.query<ChunkRow>(
      // The text copies get names of their own: ORDER BY must sort by the columns (and use the
      // index), not by their text. created_at comes as epoch milliseconds: the pg driver's
      // timestamp parser would cost more than all the rest of a row.
      `SELECT id::text AS row_id, (extract(epoch FROM created_at) * 1000)::float8 AS "createdAtMs", logged_at::text AS logged, features, output
     FROM predictions
     WHERE model_version_id = $1::uuid AND (logged_at, id) > ($2::timestamptz, $3::uuid) AND logged_at < $4::timestamptz
     ORDER BY logged_at, id LIMIT $5`,
      [options.versionId, options.after.loggedAt, options.after.lastId, options.before, options.limit],
    );
  });
  const last = rows.length ? { loggedAt: rows[rows.length - 1].logged, lastId: rows[rows.length - 1].row_id } : null;
  return { rows, last };
}

/**
 * Merges profile deltas into the stored hourly profiles and moves the cursor, in the caller's
 * transaction. The cursor must still be where the run started (`expected`); otherwise another run
 * has already counted these rows and the transaction is aborted rather than counting them twice.
 */
export async function storeProfileDeltas(
  tx: SqlConnection,
  options: { versionId: string; deltas: ProfileDelta[]; expected: LogCursor; next: LogCursor; completeThrough: string },
): Promise<void> {
  const { versionId, deltas } = options;
  const [current] = await tx.query<{ logged_at: string; last_id: string | null; same: boolean }>(
    `SELECT logged_at::text AS logged_at, last_id::text AS last_id,
       (logged_at = $2::timestamptz AND last_id IS NOT DISTINCT FROM $3::uuid) AS same
     FROM profile_watermarks WHERE model_version_id = $1::uuid FOR UPDATE`,
    [versionId, options.expected.loggedAt, options.expected.lastId],
  );
  const startedFresh = options.expected.loggedAt === LOG_START.loggedAt;
  if (current ? !current.same : !startedFresh) {
    throw new Error(`the profile cursor of version ${versionId} moved while this run was reading; not writing its profiles`);
  }
  if (deltas.length) {
    const existing = await tx.query<{ hour: Date; segment: string; profile: ProfileDocument }>(
      `SELECT p.hour, p.segment, p.profile FROM production_profiles p
       JOIN unnest($2::timestamptz[], $3::text[]) AS k(hour, segment) ON p.hour = k.hour AND p.segment = k.segment
       WHERE p.model_version_id = $1::uuid FOR UPDATE OF p`,
      [versionId, deltas.map((d) => new Date(d.hourMs).toISOString()), deltas.map((d) => d.segment)],
    );
    const stored = new Map(existing.map((r) => [`${r.hour.getTime()}\u0000${r.segment}`, r.profile]));
    const merged = deltas.map((d) => {
      const before = stored.get(`${d.hourMs}\u0000${d.segment}`);
      return { ...d, profile: before ? mergeProfiles(before, d.profile) : d.profile };
    });
    await tx.query(
      `INSERT INTO production_profiles (model_version_id, hour, segment, rows, profile, updated_at)
       SELECT $1::uuid, u.hour, u.segment, u.rows, u.profile, now()
       FROM unnest($2::timestamptz[], $3::text[], $4::int[], $5::jsonb[]) AS u(hour, segment, rows, profile)
       ON CONFLICT (model_version_id, segment, hour) DO UPDATE SET rows = EXCLUDED.rows, profile = EXCLUDED.profile, updated_at = now()`,
      [
        versionId,
        merged.map((d) => new Date(d.hourMs).toISOString()),
        merged.map((d) => d.segment),
        merged.map((d) => d.profile.rows),
        merged.map((d) => JSON.stringify(d.profile)),
      ],
    );
  }
  await tx.query(
    `INSERT INTO profile_watermarks (model_version_id, logged_at, last_id, complete_through, updated_at)
     VALUES ($1::uuid, $2::timestamptz, $3::uuid, $4::timestamptz, now())
     ON CONFLICT (model_version_id) DO UPDATE SET logged_at = EXCLUDED.logged_at, last_id = EXCLUDED.last_id,
       complete_through = EXCLUDED.complete_through, updated_at = now()`,
    [versionId, options.next.loggedAt, options.next.lastId, options.completeThrough],
  );
}

export type StoredProfile = { hourMs: number; segment: string; rows: number; profile: ProfileDocument };

/**
 * Stored profiles of a version for hours in [from, to). `segments`: "overall" (segment ""), "all",
 * or a list of segment keys.
 */
export async function loadProfiles(
  sql: SqlConnection,
  options: { versionId: string; from: Date; to: Date; segments: "overall" | "all" | string[] },
): Promise<StoredProfile[]> {
  const { segments } = options;
  const filter = segments === "all" ? "" : segments === "overall" ? "AND segment = ''" : "AND segment = ANY($4::text[])";
  const params: unknown[] = [options.versionId, options.from.toISOString(), options.to.toISOString()];
  if (Array.isArray(segments)) params.push(segments);
  const rows = await sql.query<{ hour: Date; segment: string; rows: number; profile: ProfileDocument }>(
    `SELECT hour, segment, rows, profile FROM production_profiles
     WHERE model_version_id = $1::uuid AND hour >= $2::timestamptz AND hour < $3::timestamptz ${filter}
     ORDER BY hour, segment`,
    params,
  );
  return rows.map((r) => ({ hourMs: r.hour.getTime(), segment: r.segment, rows: r.rows, profile: r.profile }));
}

/** Rows per hour (all segments together) of a version in [from, to), without loading profiles. */
export async function hourlyRowCounts(
  sql: SqlConnection,
  options: { versionId: string; from: Date; to: Date },
): Promise<Map<number, number>> {
  const rows = await sql.query<{ hour: Date; rows: number }>(
    `SELECT hour, rows FROM production_profiles
     WHERE model_version_id = $1::uuid AND segment = '' AND hour >= $2::timestamptz AND hour < $3::timestamptz`,
    [options.versionId, options.from.toISOString(), options.to.toISOString()],
  );
  return new Map(rows.map((r) => [r.hour.getTime(), r.rows]));
}

/** Rows per segment key in [from, to), largest first: which segments a window is about. */
export async function segmentVolumes(
  sql: SqlConnection,
  options: { versionId: string; from: Date; to: Date },
): Promise<{ segment: string; rows: number }[]> {
  const rows = await sql.query<{ segment: string; rows: string }>(
    `SELECT segment, sum(rows)::text AS rows FROM production_profiles
     WHERE model_version_id = $1::uuid AND segment <> '' AND hour >= $2::timestamptz AND hour < $3::timestamptz
     GROUP BY segment ORDER BY sum(rows) DESC, segment`,
    [options.versionId, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => ({ segment: r.segment, rows: Number(r.rows) }));
}

/** The first hour a version has a profile for: weeks before it have no history, not zero volume. */
export async function firstProfiledHour(sql: SqlConnection, versionId: string): Promise<number | null> {
  const [row] = await sql.query<{ hour: Date | null }>(
    `SELECT min(hour) AS hour FROM production_profiles WHERE model_version_id = $1::uuid AND segment = ''`,
    [versionId],
  );
  return row?.hour ? row.hour.getTime() : null;
}

/**
 * Records that the log is complete up to `completeThrough` without moving the cursor — only if the
 * cursor is still where the caller read it (a run that moved it records its own horizon).
 */
export async function extendCompleteThrough(
  sql: SqlConnection,
  options: { versionId: string; cursor: LogCursor; completeThrough: string },
): Promise<void> {
  await sql.query(
    `UPDATE profile_watermarks SET complete_through = GREATEST(complete_through, $4::timestamptz), updated_at = now()
     WHERE model_version_id = $1::uuid AND logged_at = $2::timestamptz AND last_id = $3::uuid`,
    [options.versionId, options.cursor.loggedAt, options.cursor.lastId, options.completeThrough],
  );
}
