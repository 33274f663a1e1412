import { isIPv4, isIPv6 } from "node:net";

/**
 * What kind of network an IP address belongs to, for deciding whether alert deliveries may connect
 * to it. Only "public" is reachable by default: anyone holding the admin scope can name a
 * destination, so without this the jobs process would probe and call services that trust its
 * network position (the cloud metadata endpoint above all). IPv6 forms that embed an IPv4 address
 * (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
 * the IPv4 address they reach.
 */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "shared"
  | "unspecified"
  | "multicast"
  | "reserved"
  | "metadata";

/** Classes an operator may open for internal receivers (TIDEMARK_ALERT_ALLOW_PRIVATE=1, or the address in the allow-list). */
export const OPT_IN_CLASSES: ReadonlySet<AddressClass> = new Set(["loopback", "private", "link-local", "shared"]);

// Cloud instance-metadata and host-agent endpoints: credentials live there, and no alert receiver
// does, so no opt-in opens them.
const METADATA = [
  "169.254.169.254", // AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean
  "169.254.170.2", // AWS ECS task metadata
  "169.254.169.253", // AWS VPC DNS
  "100.100.100.200", // Alibaba Cloud
  "168.63.129.16", // Azure WireServer
  "fd00:ec2::254", // AWS IPv6
].map((a) => toBytes(a)!.join("."));

const V4_RANGES: [string, number, AddressClass][] = [
  // "This network": Linux connects 0.0.0.0 to the local host.
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  // Includes the broadcast address 255.255.255.255.
  ["240.0.0.0", 4, "reserved"],
];

const V6_RANGES: [string, number, AddressClass][] = [
  ["::1", 128, "loopback"],
  ["fc00::", 7, "private"],
  ["fe80::", 10, "link-local"],
  // Deprecated site-local: still routed inside some networks.
  ["fec0::", 10, "private"],
  ["ff00::", 8, "multicast"],
  ["64:ff9b:1::", 48, "private"],
  ["100::", 64, "reserved"],
  // Teredo hides the IPv4 address it reaches; documentation, benchmarking and ORCHID are never receivers.
  ["2001::", 32, "reserved"],
  ["2001:2::", 48, "reserved"],
  ["2001:10::", 28, "reserved"],
  ["2001:20::", 28, "reserved"],
  ["2001:db8::", 32, "reserved"],
];

export function classifyAddress(address: string): AddressClass {
  const bytes = toBytes(address);
  if (!bytes) return "reserved";
  if (METADATA.includes(bytes.join("."))) return "metadata";
  if (bytes.length === 4) return classifyV4(bytes);
  const embedded = embeddedV4(bytes);
  if (embedded) {
    if (METADATA.includes(embedded.join("."))) return "metadata";
    return classifyV4(embedded);
  }
  if (bytes.every((b) => b === 0)) return "unspecified";
  for (const [base, bits, kind] of V6_RANGES) if (inRange(bytes, toBytes(base)!, bits)) return kind;
  // Only 2000::/3 is allocated as global unicast.
  return (bytes[0] & 0xe0) === 0x20 ? "public" : "reserved";
}

/** The address in the form getaddrinfo and the URL parser print it, for comparing with allow-list entries. */
export function canonicalAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  return isIPv6(bare) ? new URL(`http://[${bare}]`).hostname.slice(1, -1) : bare;
}

function classifyV4(bytes: number[]): AddressClass {
  for (const [base, bits, kind] of V4_RANGES) if (inRange(bytes, toBytes(base)!, bits)) return kind;
  return "public";
}

function embeddedV4(b: number[]): number[] | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; ::, ::1 are not IPv4 and are judged as IPv6).
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12);
  if (zeros(0, 12) && !zeros(12, 15)) return b.slice(12);
  // NAT64 well-known prefix 64:ff9b::/96.
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return b.slice(12);
  // 6to4 2002:AABB:CCDD::/48 reaches a.b.c.d's relay.
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  return null;
}

function inRange(bytes: number[], base: number[], bits: number): boolean {
  if (bytes.length !== base.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i / 8] & mask) !== (base[i / 8] & mask)) return false;
  }
  return true;
}

function toBytes(address: string): number[] | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIPv4(bare)) return bare.split(".").map(Number);
  if (!isIPv6(bare)) return null;
  let text = bare;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1].split(".").map(Number));
    text = text.slice(0, -dotted[1].length) + "0:0";
  }
  const [head, rest] = text.split("::");
  const groups = (s: string | undefined) =>
    s
      ? s
          .split(":")
          .filter(Boolean)
          .map((g) => parseInt(g, 16))
      : [];
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const words = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  const out = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) out.splice(12, 4, ...tail);
  return out;
}
