/**
 * Which hosts alert destinations may reach (TIDEMARK_ALERT_ALLOWED_HOSTS). Unset allows every host:
 * convenient on a laptop, but then anyone with the admin scope can make the jobs process send
 * requests to internal addresses, so operators of shared installations set it. Entries are exact
 * host names or IP literals, or "*.example.com" for any subdomain of example.com. Hosts are matched
 * by name, not by resolved address.
 */

export type HostAllowList = { allowAll: true } | { allowAll: false; entries: string[] };

export function parseHostAllowList(value: string | undefined): HostAllowList {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase().replace(/^\[|\]$/g, ""))
    .filter(Boolean);
  return entries.length ? { allowAll: false, entries } : { allowAll: true };
}

export function isHostAllowed(list: HostAllowList, host: string): boolean {
  if (list.allowAll) return true;
  const h = host.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return list.entries.some((entry) => (entry.startsWith("*.") ? h.endsWith(entry.slice(1)) && h.length > entry.length - 1 : h === entry));
}

export function describeAllowList(list: HostAllowList): string {
  return list.allowAll ? "every host" : list.entries.join(", ");
}
