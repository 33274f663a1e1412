import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { DEFAULT_PROJECT_ID } from "@/lib/core/access/default-project";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { createDestinationSchema } from "@/lib/alerts/destinations/destination-schema";
import { destinationView } from "@/lib/alerts/destinations/destination-view";
import type { HostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { sealDestination } from "@/lib/alerts/destinations/seal-destination";

export async function createDestination(
  prisma: PrismaClient,
  // projectId: the project whose owners manage it and whose alerts may reach it (default when absent).
  options: { input: unknown; actor: string; key: Buffer; allowList: HostAllowList; projectId?: string },
) {
  const input = parseOrThrow(createDestinationSchema, options.input, "destination");
  const { name, enabled, ...fields } = input;
  const id = uuidv7();
  const sealed = sealDestination({ id, fields, key: options.key, allowList: options.allowList });
  return prisma.$transaction(async (tx) => {
    if (await tx.alertDestination.findUnique({ where: { name } }))
      throw new ApiError("conflict", `An alert destination named "${name}" already exists`);
    const row = await tx.alertDestination.create({
      data: {
        id,
        name,
        kind: fields.kind,
        config: sealed.config as Prisma.InputJsonValue,
        secrets: sealed.secrets,
        enabled,
        createdBy: options.actor,
        projectId: options.projectId ?? DEFAULT_PROJECT_ID,
      },
    });
    const view = destinationView(row);
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_destination.created",
      subject: `destination:${name}`,
      projectId: row.projectId,
      after: { kind: view.kind, config: view.config, enabled },
    });
    return view;
  });
}
