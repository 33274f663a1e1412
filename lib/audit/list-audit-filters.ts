import "server-only";
import type { Database } from "@/lib/db/open-database";

/** The kinds the trail holds (for one model, when named) and the models it names, for the audit page's pickers. */
export async function listAuditFilters(db: Database, model?: string): Promise<{ kinds: string[]; models: string[] }> {
  const [kinds, models] = await Promise.all([
    db.sql.query<{ kind: string }>(
      "SELECT DISTINCT kind FROM audit_events WHERE $1::text IS NULL OR model_name = $1 ORDER BY kind",
      [model ?? null],
    ),
    db.sql.query<{ model: string }>(
      "SELECT DISTINCT model_name AS model FROM audit_events WHERE model_name IS NOT NULL ORDER BY model_name",
    ),
  ]);
  return { kinds: kinds.map((r) => r.kind), models: models.map((r) => r.model) };
}
