import { isIP } from "node:net";
import { canonicalAddress, classifyAddress, OPT_IN_CLASSES, type AddressClass } from "@/lib/alerts/destinations/classify-address";

/**
 * Where alert destinations may connect: two checks, both always applied.
 *
 * 1. By name (TIDEMARK_ALERT_ALLOWED_HOSTS). Unset allows every name. Entries are exact host names
 *    or IP literals, or "*.example.com" for any subdomain of example.com, each optionally with a
 *    port ("hooks.internal:8443", "[fd00::5]:9000"). An entry without a port admits only the
 *    default ports of the kind: 80 for http, 443 for https, 25/465/587 for SMTP.
 * 2. By address, on every address the name resolves to, at connect time (see connect-guard.ts).
 *    Public addresses pass. Loopback, private (RFC 1918, fc00::/7), link-local (169.254/16,
 *    fe80::/10) and shared (100.64/10) addresses pass only with TIDEMARK_ALERT_ALLOW_PRIVATE=1, or
 *    when that address is itself an entry of the allow-list. Unspecified, multicast, reserved and
 *    cloud-metadata addresses never pass.
 */

export type AllowListEntry = { text: string; host: string; wildcard: boolean; port: number | null };

export type HostAllowList = { allowAll: boolean; entries: AllowListEntry[]; allowPrivate: boolean };

export type TargetCheck = { ok: true } | { ok: false; reason: "host" | "port" };

export function parseHostAllowList(value: string | undefined, options: { allowPrivate?: boolean } = {}): HostAllowList {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map(parseEntry);
  return { allowAll: entries.length === 0, entries, allowPrivate: options.allowPrivate ?? false };
}

function parseEntry(text: string): AllowListEntry {
  if (isIP(text) === 6) return { text, host: normaliseHost(text), wildcard: false, port: null };
  const wildcard = text.startsWith("*.");
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(wildcard ? text.slice(2) : text);
  const port = match?.[2] === undefined ? null : Number(match[2]);
  if (!match || (port !== null && (port < 1 || port > 65535))) {
    throw new Error(`TIDEMARK_ALERT_ALLOWED_HOSTS: "${text}" is not a host, *.domain or host:port`);
  }
  return { text, host: normaliseHost(match[1]), wildcard, port };
}

/** The host as the URL parser leaves it (so 0x7f000001 and 127.1 become 127.0.0.1), without brackets or a final dot. */
export function normaliseHost(host: string): string {
  const bare = host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (isIP(bare) === 6) return canonicalAddress(bare);
  try {
    return new URL(`http://${bare}`).hostname.replace(/\.$/, "");
  } catch {
    return bare;
  }
}

function matchesHost(entry: AllowListEntry, host: string): boolean {
  return entry.wildcard ? host.endsWith(`.${entry.host}`) : host === entry.host;
}

/** Whether the name alone is listed, whatever the port. */
export function isHostAllowed(list: HostAllowList, host: string): boolean {
  if (list.allowAll) return true;
  const h = normaliseHost(host);
  return list.entries.some((entry) => matchesHost(entry, h));
}

/** Whether the name and port are listed; `defaultPorts` are those an entry without a port admits. */
export function checkTarget(
  list: HostAllowList,
  target: { host: string; port: number; defaultPorts: readonly number[] },
): TargetCheck {
  if (list.allowAll) return { ok: true };
  const h = normaliseHost(target.host);
  const named = list.entries.filter((entry) => matchesHost(entry, h));
  if (!named.length) return { ok: false, reason: "host" };
  const portOk = named.some((entry) =>
    entry.port === null ? target.defaultPorts.includes(target.port) : entry.port === target.port,
  );
  return portOk ? { ok: true } : { ok: false, reason: "port" };
}

/** Whether a connection to this resolved address may be made. */
export function admitsAddress(list: HostAllowList, address: string): { ok: true } | { ok: false; kind: AddressClass } {
  const kind = classifyAddress(address);
  if (kind === "public") return { ok: true };
  if (OPT_IN_CLASSES.has(kind)) {
    if (list.allowPrivate) return { ok: true };
    const canonical = canonicalAddress(address);
    if (list.entries.some((entry) => !entry.wildcard && entry.host === canonical)) return { ok: true };
  }
  return { ok: false, kind };
}

export function describeAllowList(list: HostAllowList): string {
  return list.allowAll ? "every host" : list.entries.map((e) => e.text).join(", ");
}
