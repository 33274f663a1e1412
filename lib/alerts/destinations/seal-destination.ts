import "server-only";
import type { AlertDestination } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { isIP } from "node:net";
import {
  destinationTarget,
  joinFields,
  splitFields,
  type DestinationFields,
  type DestinationKind,
} from "@/lib/alerts/destinations/destination-schema";
import { DestinationRefusedError } from "@/lib/alerts/destinations/connect-guard";
import {
  admitsAddress,
  checkTarget,
  describeAllowList,
  normaliseHost,
  type HostAllowList,
} from "@/lib/alerts/destinations/host-allow-list";
import { openSecret, sealSecret } from "@/lib/alerts/destinations/secret-box";

/**
 * Splits and encrypts validated fields for storage, after checking host and port against the
 * allow-list and an IP-literal host against the address policy. A host name is judged by its
 * addresses only when sending, since they may change.
 */
export function sealDestination(options: { id: string; fields: DestinationFields; key: Buffer; allowList: HostAllowList }) {
  const refusal = targetRefusal(options.allowList, options.fields);
  if (refusal)
    throw new ApiError("validation_failed", "Invalid destination", [
      { path: options.fields.kind === "email" ? "host" : "url", message: refusal },
    ]);
  const { config, secrets } = splitFields(options.fields);
  return { config, secrets: sealSecret(JSON.stringify(secrets), options.key, options.id) };
}

function targetRefusal(list: HostAllowList, fields: DestinationFields): string | null {
  const target = destinationTarget(fields);
  const checked = checkTarget(list, target);
  if (!checked.ok && checked.reason === "host")
    return `host "${target.host}" is not allowed; TIDEMARK_ALERT_ALLOWED_HOSTS permits ${describeAllowList(list)}`;
  if (!checked.ok)
    return `port ${target.port} of host "${target.host}" is not allowed; TIDEMARK_ALERT_ALLOWED_HOSTS permits ${describeAllowList(list)}`;
  const host = normaliseHost(target.host);
  if (isIP(host)) {
    const verdict = admitsAddress(list, host);
    if (!verdict.ok) return new DestinationRefusedError(target.host, host, verdict.kind).message;
  }
  return null;
}

/** The stored destination with its secrets decrypted: only for sending and for merging a change. */
export function unsealDestination(
  row: Pick<AlertDestination, "id" | "kind" | "config" | "secrets">,
  key: Buffer,
): DestinationFields {
  const secrets = JSON.parse(openSecret(row.secrets, key, row.id)) as Record<string, string>;
  return joinFields(row.kind as DestinationKind, row.config as Record<string, unknown>, secrets);
}
