import type { AlertDestination } from "@/lib/generated/prisma/client";

/** A destination as the API and dashboard show it: never its secrets. */
export function destinationView(row: AlertDestination) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config: row.config as Record<string, unknown>,
    enabled: row.enabled,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type DestinationView = ReturnType<typeof destinationView>;
