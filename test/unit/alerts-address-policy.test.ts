import { describe, expect, it } from "vitest";
import { classifyAddress } from "@/lib/alerts/destinations/classify-address";
import { admitsAddress, checkTarget, normaliseHost, parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { judge } from "@/lib/alerts/destinations/connect-guard";

// The address half of the destination policy over the forms an attacker would try. Hosts go
// through Node's URL parser first, as a destination URL does, so the decimal, octal, hex and short
// IPv4 spellings arrive as the dotted address they mean.

const hostOf = (written: string) => normaliseHost(new URL(`http://${written}/hook`).hostname);

describe("classifying addresses", () => {
  it.each([
    // Loopback in every spelling the URL parser accepts.
    ["127.0.0.1", "loopback"],
    ["127.1", "loopback"],
    ["127.0.1", "loopback"],
    ["2130706433", "loopback"],
    ["0x7f000001", "loopback"],
    ["0x7f.0.0.1", "loopback"],
    ["0177.0.0.1", "loopback"],
    ["017700000001", "loopback"],
    ["127.255.255.254", "loopback"],
    ["[::1]", "loopback"],
    ["[0:0:0:0:0:0:0:1]", "loopback"],
    ["[::ffff:127.0.0.1]", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["[::127.0.0.1]", "loopback"],
    ["[64:ff9b::127.0.0.1]", "loopback"],
    ["[2002:7f00:1::]", "loopback"],
    // Unspecified: Linux connects these to the local host.
    ["0.0.0.0", "unspecified"],
    ["0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["[::]", "unspecified"],
    ["[::ffff:0.0.0.0]", "unspecified"],
    // RFC 1918, ULA and the deprecated site-local.
    ["10.0.0.5", "private"],
    ["0xa000005", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["3232235777", "private"],
    ["[::ffff:192.168.1.1]", "private"],
    ["[::ffff:c0a8:101]", "private"],
    ["[fc00::1]", "private"],
    ["[fd12:3456::1]", "private"],
    ["[fec0::1]", "private"],
    // Link-local, CGNAT.
    ["169.254.1.1", "link-local"],
    ["[fe80::1]", "link-local"],
    ["[febf::1]", "link-local"],
    ["[::ffff:169.254.1.1]", "link-local"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    // Cloud metadata in several spellings.
    ["169.254.169.254", "metadata"],
    ["2852039166", "metadata"],
    ["0xa9fea9fe", "metadata"],
    ["0251.0376.0251.0376", "metadata"],
    ["[::ffff:169.254.169.254]", "metadata"],
    ["[::ffff:a9fe:a9fe]", "metadata"],
    ["[fd00:ec2::254]", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["168.63.129.16", "metadata"],
    // Multicast, broadcast and reserved.
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["[ff02::1]", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["[2001:db8::1]", "reserved"],
    ["[2001::1]", "reserved"],
    ["[100::1]", "reserved"],
    ["[4000::1]", "reserved"],
    // Public.
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["169.255.0.1", "public"],
    ["[2606:4700:4700::1111]", "public"],
    ["[::ffff:8.8.8.8]", "public"],
  ])("%s is %s", (written, expected) => {
    expect(classifyAddress(hostOf(written))).toBe(expected);
  });
});

describe("admitting addresses", () => {
  const hostile = [
    "127.0.0.1",
    "[::1]",
    "0x7f000001",
    "2130706433",
    "127.1",
    "0.0.0.0",
    "[::ffff:127.0.0.1]",
    "169.254.169.254",
    "10.0.0.5",
    "[fd00::1]",
    "[fe80::1]",
    "100.64.0.1",
    "224.0.0.1",
  ];

  it.each(hostile)("refuses %s by default, with or without an allow-list of names", (written) => {
    expect(admitsAddress(parseHostAllowList(undefined), hostOf(written)).ok).toBe(false);
    expect(admitsAddress(parseHostAllowList("hooks.example.com"), hostOf(written)).ok).toBe(false);
  });

  it("admits loopback, private, link-local and shared addresses with TIDEMARK_ALERT_ALLOW_PRIVATE, never metadata, unspecified or multicast", () => {
    const open = parseHostAllowList(undefined, { allowPrivate: true });
    const admitted = hostile.filter((w) => admitsAddress(open, hostOf(w)).ok);
    expect(admitted).toEqual([
      "127.0.0.1",
      "[::1]",
      "0x7f000001",
      "2130706433",
      "127.1",
      "[::ffff:127.0.0.1]",
      "10.0.0.5",
      "[fd00::1]",
      "[fe80::1]",
      "100.64.0.1",
    ]);
  });

  it("admits a private address the allow-list names, and only that one", () => {
    const list = parseHostAllowList("10.0.0.5:9000, [::1], *.internal.example");
    expect(admitsAddress(list, "10.0.0.5")).toEqual({ ok: true });
    expect(admitsAddress(list, "::1")).toEqual({ ok: true });
    expect(admitsAddress(list, "10.0.0.6")).toEqual({ ok: false, kind: "private" });
    expect(admitsAddress(list, "127.0.0.1")).toEqual({ ok: false, kind: "loopback" });
    // A metadata address stays closed even when named.
    expect(admitsAddress(parseHostAllowList("169.254.169.254"), "169.254.169.254")).toEqual({ ok: false, kind: "metadata" });
  });
});

describe("judging every address a name resolves to", () => {
  it("refuses the name if any one of its addresses is refused", () => {
    const list = parseHostAllowList(undefined);
    const publicOnly = [
      { address: "93.184.215.14", family: 4 },
      { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 },
    ];
    expect(judge(list, "hooks.example.com", publicOnly)).toBeNull();
    expect(judge(list, "rebind.example", [...publicOnly, { address: "::ffff:10.0.0.1", family: 6 }])).toMatchObject({
      address: "::ffff:10.0.0.1",
      kind: "private",
    });
    expect(judge(list, "rebind.example", [{ address: "169.254.169.254", family: 4 }, ...publicOnly])).toMatchObject({
      kind: "metadata",
    });
  });
});

describe("allow-list ports", () => {
  const list = parseHostAllowList("hooks.example.com, alerts.internal:8443, [fd00::5]:9000, *.corp.example, smtp.example.com");
  it.each([
    ["hooks.example.com", 443, [443], true],
    ["hooks.example.com", 80, [80], true],
    ["hooks.example.com", 8080, [80], false],
    ["hooks.example.com", 22, [443], false],
    ["alerts.internal", 8443, [443], true],
    ["alerts.internal", 443, [443], false],
    ["[fd00::5]", 9000, [80], true],
    ["fd00::5", 80, [80], false],
    ["a.corp.example", 443, [443], true],
    ["a.corp.example", 6379, [443], false],
    ["smtp.example.com", 587, [25, 465, 587], true],
    ["smtp.example.com", 465, [25, 465, 587], true],
    ["smtp.example.com", 2525, [25, 465, 587], false],
  ])("%s:%d (default %j) → %s", (host, port, defaultPorts, ok) => {
    expect(checkTarget(list, { host, port, defaultPorts }).ok).toBe(ok);
  });

  it("tells a wrong host from a wrong port", () => {
    expect(checkTarget(list, { host: "evil.example", port: 443, defaultPorts: [443] })).toEqual({ ok: false, reason: "host" });
    expect(checkTarget(list, { host: "hooks.example.com", port: 6379, defaultPorts: [443] })).toEqual({
      ok: false,
      reason: "port",
    });
  });

  it("normalises entries as the URL parser does, and rejects malformed ones", () => {
    expect(checkTarget(parseHostAllowList("0x7f000001:9000"), { host: "127.0.0.1", port: 9000, defaultPorts: [80] }).ok).toBe(
      true,
    );
    expect(() => parseHostAllowList("hooks.example.com:99999")).toThrow(/not a host/);
    expect(() => parseHostAllowList("a:b:c")).toThrow(/not a host/);
  });
});
