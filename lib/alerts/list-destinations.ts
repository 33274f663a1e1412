import type { PrismaClient } from "@/lib/generated/prisma/client";
import { destinationView } from "./destination-view";

export async function listDestinations(prisma: PrismaClient) {
  const rows = await prisma.alertDestination.findMany({ orderBy: { name: "asc" } });
  return { destinations: rows.map(destinationView) };
}
