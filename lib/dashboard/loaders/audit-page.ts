import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";
import { listAuditFilters } from "@/lib/audit/list-audit-filters";
import { readPageQuery, type SearchParams } from "../page-input";

/**
 * The audit page: 50 rows matching the URL's filters (none for a filter the API would refuse), the
 * pickers' choices and the next page's link query. A model's own history is its default view;
 * ingestion events are grouped by hour unless `group=none`.
 */
export async function loadAuditPage(searchParams: SearchParams) {
  await requireDashboardSession();
  const params = await readPageQuery(searchParams);
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as Record<string, string>;
  const view = clean.view ?? (clean.model && !clean.kind ? "history" : "all");
  const parsed = auditQuerySchema.safeParse({ ...clean, view, limit: 50 });
  const db = await getDatabase();
  const [page, filters] = await Promise.all([
    parsed.success ? listAuditEvents(db, parsed.data) : { events: [], nextBefore: null },
    listAuditFilters(db, clean.model),
  ]);
  const next = page.nextBefore ? new URLSearchParams({ ...clean, view, before: page.nextBefore }) : null;
  return {
    params: clean,
    view,
    grouped: clean.group !== "none",
    events: page.events,
    next,
    ...filters,
    invalid: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
  };
}
