import type { Database } from "@/lib/db/open-database";
import { destinationView } from "@/lib/alerts/destinations/destination-view";

export async function listDestinations(db: Database) {
  const rows = await db.prisma.alertDestination.findMany({ orderBy: { name: "asc" } });
  return { destinations: rows.map(destinationView) };
}
