import "server-only";
import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { keysetPage } from "@/lib/db/keyset-page";
import { GROUPED_KINDS, MODEL_HISTORY_KINDS, SUMMED_COUNTERS } from "./audit-kinds";

export const auditQuerySchema = z.object({
  model: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  actor: z.string().min(1).describe("An actor; key:NAME or password:admin also finds the names given at sign-in").optional(),
  view: z
    .enum(["all", "history"], { error: 'must be "all" or "history"' })
    .describe("history: only registrations, alias moves and settings changes")
    .default("all"),
  group: z
    .enum(["hour", "none"], { error: 'must be "hour" or "none"' })
    .describe("hour: ingestion events as one row per actor, kind, model and hour; none: every event")
    .default("hour"),
  limit: z.coerce.number().int().min(1, "must be at least 1").max(500, "must be at most 500").default(50),
  // Keyset pagination on the id (a group's is its newest event's): stable while new events arrive.
  before: z.coerce
    .bigint({ error: "must be an event id" })
    .min(1n, "must be an event id")
    .max(9_223_372_036_854_775_807n, "must be an event id")
    .optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditRow = {
  id: string;
  at: string;
  actor: string;
  kind: string;
  model: string | null;
  subject: string;
  before: unknown;
  after: unknown;
  /** 1 for one event; for a group, how many events it stands for. */
  count: number;
  /** The hour a group covers (its start); null for a single event. */
  hour: string | null;
};

type SqlRow = Omit<AuditRow, "at" | "hour" | "count"> & { at_ms: number; hour_ms: number | null; count: number };

const sums = SUMMED_COUNTERS.map(
  (key) => `'${key}', sum(CASE WHEN jsonb_typeof(after->'${key}') = 'number' THEN (after->>'${key}')::numeric END)`,
).join(", ");

// Groups and single events in one keyset order: a group sorts by its newest event's id.
const LIST_SQL = `
WITH filtered AS (
  SELECT * FROM audit_events
  WHERE ($1::text IS NULL OR model_name = $1)
    AND ($2::text[] IS NULL OR kind = ANY($2))
    AND ($3::text IS NULL OR actor = $3 OR starts_with(actor, $3 || '/'))
), listed AS (
  SELECT max(id) AS id, max(at) AS at, actor, kind, model_name, count(*)::int AS count,
         date_trunc('hour', min(at), 'UTC') AS hour,
         CASE WHEN count(DISTINCT subject) = 1 THEN min(subject) ELSE count(DISTINCT subject) || ' subjects' END AS subject,
         NULL::jsonb AS before, jsonb_strip_nulls(jsonb_build_object(${sums})) AS after
  FROM filtered WHERE $4::boolean AND kind = ANY($5::text[])
  GROUP BY actor, kind, model_name, date_trunc('hour', at, 'UTC')
  UNION ALL
  SELECT id, at, actor, kind, model_name, 1, NULL, subject, before::jsonb, after::jsonb
  FROM filtered WHERE NOT ($4::boolean AND kind = ANY($5::text[]))
)
SELECT id::text AS id, extract(epoch FROM at) * 1000 AS at_ms, actor, kind, model_name AS model, subject,
       before, after, count, extract(epoch FROM hour) * 1000 AS hour_ms
FROM listed WHERE ($6::bigint IS NULL OR id < $6::bigint)
ORDER BY listed.id DESC LIMIT $7`;

function kindsOf(query: AuditQuery): string[] | null {
  if (query.view === "history") return MODEL_HISTORY_KINDS.filter((k) => !query.kind || k === query.kind);
  return query.kind ? [query.kind] : null;
}

/** A page of the audit trail, newest first; ingestion events grouped by hour unless `group` is "none". */
export async function listAuditEvents(
  db: Database,
  query: AuditQuery,
): Promise<{ events: AuditRow[]; nextBefore: string | null }> {
  const rows = await db.sql.query<SqlRow>(LIST_SQL, [
    query.model ?? null,
    kindsOf(query),
    query.actor ?? null,
    query.group === "hour",
    GROUPED_KINDS,
    query.before?.toString() ?? null,
    query.limit + 1,
  ]);
  const { page, nextBefore } = keysetPage(rows, query.limit);
  return {
    events: page.map(({ at_ms, hour_ms, ...row }) => ({
      ...row,
      at: new Date(Number(at_ms)).toISOString(),
      count: Number(row.count),
      hour: hour_ms === null ? null : new Date(Number(hour_ms)).toISOString(),
      before: row.before ?? null,
      after: row.after ?? null,
    })),
    nextBefore,
  };
}
