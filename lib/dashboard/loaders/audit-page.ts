import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";
import { readPageQuery, type SearchParams } from "../page-input";

/** The audit page: 50 events matching the URL's filters (none for a filter the API would refuse) and the next page's link query. */
export async function loadAuditPage(searchParams: SearchParams) {
  await requireDashboardSession();
  const params = await readPageQuery(searchParams);
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as Record<string, string>;
  const parsed = auditQuerySchema.safeParse({ ...clean, limit: 50 });
  const db = await getDatabase();
  const page = parsed.success ? await listAuditEvents(db, parsed.data) : { events: [], nextBefore: null };
  const next = page.nextBefore ? new URLSearchParams({ ...clean, before: page.nextBefore }) : null;
  return { params, events: page.events, next };
}
