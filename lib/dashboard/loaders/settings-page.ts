import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { listApiKeys } from "@/lib/auth/manage-api-keys";
import { listActiveSessions } from "@/lib/auth/session-store";
import { getDatabase } from "@/lib/db/get-database";
import { listDestinations } from "@/lib/alerts/destinations/list-destinations";

/** Settings: keys and destinations for everyone; the live sessions only for an admin, who may revoke them. */
export async function loadSettingsPage() {
  const session = await requireDashboardSession();
  const db = await getDatabase();
  const admin = session.role === "admin";
  const [keys, destinations, sessions] = await Promise.all([
    listApiKeys(db),
    listDestinations(db),
    admin ? listActiveSessions(db.prisma) : Promise.resolve([]),
  ]);
  return { session, admin, keys, destinations: destinations.destinations, sessions };
}
