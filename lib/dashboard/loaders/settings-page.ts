import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { listApiKeys } from "@/lib/auth/manage-api-keys";
import { listActiveSessions } from "@/lib/auth/session-store";
import { getDatabase } from "@/lib/db/get-database";
import { listDestinations } from "@/lib/alerts/list-destinations";

/** Settings: keys and destinations for everyone; the live sessions only for an admin, who may revoke them. */
export async function loadSettingsPage() {
  const session = await requireDashboardSession();
  const db = await getDatabase();
  const admin = session.role === "admin";
  const [keys, destinations, sessions] = await Promise.all([
    listApiKeys(db.prisma),
    listDestinations(db.prisma),
    admin ? listActiveSessions(db.prisma) : Promise.resolve([]),
  ]);
  return { session, admin, keys, destinations: destinations.destinations, sessions };
}
