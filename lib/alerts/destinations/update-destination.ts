import { z } from "zod";
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import {
  fieldsSchemaFor,
  SECRET_FIELDS,
  updateDestinationSchema,
  type DestinationFields,
  type DestinationKind,
} from "@/lib/alerts/destinations/destination-schema";
import { destinationView } from "@/lib/alerts/destinations/destination-view";
import { getDestinationOrThrow } from "@/lib/alerts/destinations/get-destination-or-throw";
import type { HostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { sealDestination, unsealDestination } from "@/lib/alerts/destinations/seal-destination";

const enabledSchema = z.boolean({ error: "must be true or false" }).optional();

/**
 * Changes some fields of a destination (name and kind are its identity). Secrets left out of the
 * change are kept: the stored ones are decrypted, merged with the change, validated as a whole and
 * sealed again.
 */
export async function updateDestination(
  prisma: PrismaClient,
  options: { name: string; input: unknown; actor: string; key: Buffer; allowList: HostAllowList },
) {
  const { enabled: enabledInput, ...fieldsChange } = parseOrThrow(updateDestinationSchema, options.input, "destination change");
  const enabled = parseOrThrow(z.object({ enabled: enabledSchema }), { enabled: enabledInput }, "destination change").enabled;
  return prisma.$transaction(async (tx) => {
    const row = await getDestinationOrThrow(tx, options.name);
    const kind = row.kind as DestinationKind;
    let sealed: { config: Record<string, unknown>; secrets: string } | undefined;
    if (Object.keys(fieldsChange).length) {
      const { kind: _kind, ...current } = unsealDestination(row, options.key);
      const merged = parseOrThrow(
        fieldsSchemaFor(kind).strict() as z.ZodType<Record<string, unknown>>,
        { ...current, ...fieldsChange },
        "destination change",
      );
      sealed = sealDestination({
        id: row.id,
        fields: { kind, ...merged } as DestinationFields,
        key: options.key,
        allowList: options.allowList,
      });
    }
    const updated = await tx.alertDestination.update({
      where: { id: row.id },
      data: {
        ...(sealed ? { config: sealed.config as Prisma.InputJsonValue, secrets: sealed.secrets } : {}),
        ...(enabled === undefined ? {} : { enabled }),
        updatedAt: new Date(),
      },
    });
    const before = destinationView(row);
    const after = destinationView(updated);
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_destination.updated",
      subject: `destination:${row.name}`,
      before: { config: before.config, enabled: before.enabled },
      // Which secrets changed is recorded, never their values.
      after: {
        config: after.config,
        enabled: after.enabled,
        secretsChanged: SECRET_FIELDS[kind].filter((k) => k in fieldsChange),
      },
    });
    return after;
  });
}
