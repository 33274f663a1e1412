import "server-only";
import type { AlertDestination } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/errors";
import { destinationHost, joinFields, splitFields, type DestinationFields, type DestinationKind } from "./destination-schema";
import { describeAllowList, isHostAllowed, type HostAllowList } from "./host-allow-list";
import { openSecret, sealSecret } from "./secret-box";

/** Splits and encrypts validated fields for storage, after checking the host against the allow-list. */
export function sealDestination(options: { id: string; fields: DestinationFields; key: Buffer; allowList: HostAllowList }) {
  const host = destinationHost(options.fields);
  if (!isHostAllowed(options.allowList, host)) {
    throw new ApiError("validation_failed", "Invalid destination", [
      { path: options.fields.kind === "email" ? "host" : "url", message: `host "${host}" is not allowed; TIDEMARK_ALERT_ALLOWED_HOSTS permits ${describeAllowList(options.allowList)}` },
    ]);
  }
  const { config, secrets } = splitFields(options.fields);
  return { config, secrets: sealSecret(JSON.stringify(secrets), options.key, options.id) };
}

/** The stored destination with its secrets decrypted: only for sending and for merging a change. */
export function unsealDestination(row: Pick<AlertDestination, "id" | "kind" | "config" | "secrets">, key: Buffer): DestinationFields {
  const secrets = JSON.parse(openSecret(row.secrets, key, row.id)) as Record<string, string>;
  return joinFields(row.kind as DestinationKind, row.config as Record<string, unknown>, secrets);
}
