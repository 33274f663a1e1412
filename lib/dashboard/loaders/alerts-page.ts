import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getDatabase } from "@/lib/db/get-database";
import { alertQuerySchema, listAlerts } from "@/lib/alerts/lifecycle/list-alerts";
import { listAlertRules } from "@/lib/alerts/rules/list-alert-rules";
import { listDestinations } from "@/lib/alerts/destinations/list-destinations";
import { listDeliveryAttempts, listNotifications } from "@/lib/alerts/notifications/list-notifications";
import { getAlertDetail } from "@/lib/alerts/lifecycle/get-alert-detail";
import { decodePathSegmentOrNotFound, foundOrNotFound, readPageQuery } from "../page-input";
import type { SearchParams } from "../page-input";

/**
 * The alerts page: the alerts of the chosen status and model (none for a filter the API would
 * refuse), the rules that apply to the model (its own and the defaults), destinations, dead
 * notifications and recent delivery attempts, and whether the user may act on them.
 */
export async function loadAlertsPage(searchParams: SearchParams) {
  const session = await requireDashboardSession();
  const params = await readPageQuery(searchParams);
  const db = await getDatabase();
  const status = params.status ?? "active";
  const parsed = alertQuerySchema.safeParse({
    status: status === "all" ? undefined : status,
    model: params.model || undefined,
    limit: 100,
  });
  const [page, rules, destinations, dead, attempts] = await Promise.all([
    parsed.success ? listAlerts(db, parsed.data) : Promise.resolve({ alerts: [], nextBefore: null }),
    listAlertRules(db, {}),
    listDestinations(db),
    listNotifications(db, { status: "dead", limit: 50 }),
    listDeliveryAttempts(db, 30),
  ]);
  return {
    admin: session.role === "admin",
    params,
    status,
    alerts: page.alerts,
    rules: params.model ? rules.rules.filter((r) => r.model === params.model || r.isDefault) : rules.rules,
    destinations: destinations.destinations,
    deadNotifications: dead.notifications,
    attempts,
  };
}

/** One alert with the notifications it caused; the not-found page for an unknown id. */
export async function loadAlertDetailPage(rawId: string) {
  const session = await requireDashboardSession();
  const db = await getDatabase();
  const alert = await foundOrNotFound(getAlertDetail(db.prisma, decodePathSegmentOrNotFound(rawId)));
  return { admin: session.role === "admin", alert };
}
