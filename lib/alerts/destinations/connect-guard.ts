import "server-only";
import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { OPT_IN_CLASSES, type AddressClass } from "@/lib/alerts/destinations/classify-address";
import { admitsAddress, type HostAllowList } from "@/lib/alerts/destinations/host-allow-list";

/**
 * Enforces the address half of the destination policy (host-allow-list.ts) at the moment of
 * connecting: the name is resolved once, every address it resolves to is judged, and the socket
 * connects to one of exactly those addresses. A name that answers with a public address when
 * checked and a private one when connecting (DNS rebinding) therefore never gets through.
 */

export class DestinationRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: AddressClass,
  ) {
    // The text reaches the API and the delivery records: it says what was refused, never what answered.
    super(
      `host "${host}" is or resolves to a non-public address (${kind}), which alert destinations ${
        OPT_IN_CLASSES.has(kind)
          ? "reach only with TIDEMARK_ALERT_ALLOW_PRIVATE=1 or that address in TIDEMARK_ALERT_ALLOWED_HOSTS"
          : "never reach"
      }`,
    );
    this.name = "DestinationRefusedError";
  }
}

/** Throws unless an IP-literal host is admitted; Node connects to literals without calling `lookup`. */
export function assertLiteralAdmitted(list: HostAllowList, host: string): void {
  const bare = host.replace(/^\[|\]$/g, "");
  if (!isIP(bare)) return;
  const verdict = admitsAddress(list, bare);
  if (!verdict.ok) throw new DestinationRefusedError(host, bare, verdict.kind);
}

/** A `lookup` for http(s).request and net.connect that fails unless every address of the name is admitted. */
export function guardedLookup(list: HostAllowList): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (!addresses.length)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      const refused = judge(list, hostname, addresses);
      if (refused) return callback(refused, "", 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Resolves a name to one admitted address to connect to, for clients without a `lookup` hook (nodemailer). */
export async function resolveAdmittedAddress(list: HostAllowList, host: string): Promise<string> {
  assertLiteralAdmitted(list, host);
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare)) return bare;
  const addresses = await dns.promises.lookup(host, { all: true });
  if (!addresses.length) throw Object.assign(new Error(`no address for ${host}`), { code: "ENOTFOUND" });
  const refused = judge(list, host, addresses);
  if (refused) throw refused;
  // IPv4 first, as nodemailer's own resolver orders them.
  return (addresses.find((a) => a.family === 4) ?? addresses[0]).address;
}

/** The refusal for the first address not admitted: one private answer among public ones refuses the name. */
export function judge(list: HostAllowList, host: string, addresses: dns.LookupAddress[]): DestinationRefusedError | null {
  for (const { address } of addresses) {
    const verdict = admitsAddress(list, address);
    if (!verdict.ok) return new DestinationRefusedError(host, address, verdict.kind);
  }
  return null;
}
