// Cost of refusing strings Postgres cannot store (issue 12): the walk readJsonBody makes over every
// JSON body, and validateRecords' checks, measured beside JSON.parse of the same body, in one run.
// readJsonBody first scans the text for an escape that could produce such a string and walks the
// parsed value only then; an ordinary body pays for the scan alone. Goal: the check as served costs
// under a tenth of parsing the body (ratio < 0.1); the walk, when it runs, less than the parse.
import os from "node:os";
import { findUnstorableStrings, jsonTextMayHoldUnstorableStrings } from "@/lib/core/text/storable-text";
import { validateRecords } from "@/lib/inference/validate-records";
import type { Feature } from "@/lib/core/manifest/manifest-schema";

const features: Feature[] = [
  ...Array.from({ length: 8 }, (_, i): Feature => ({ name: `x${i}`, type: "numeric", nullable: false })),
  {
    name: "country",
    type: "categorical",
    nullable: false,
    categories: ["US", "DE", "FR", "GB"],
    unseenCategory: "map_to_unknown",
  },
  {
    name: "device",
    type: "categorical",
    nullable: false,
    categories: ["ios", "android", "web"],
    unseenCategory: "map_to_unknown",
  },
];

function body(records: number): string {
  const inputs = Array.from({ length: records }, (_, r) => ({
    ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, ((r * 7 + i) % 101) / 3])),
    country: ["US", "DE", "FR", "GB", "IT"][r % 5],
    device: ["ios", "android", "web"][r % 3],
  }));
  return JSON.stringify({ inputs, entityIds: inputs.map((_, r) => `customer-${r}`) });
}

function best(work: () => unknown, repeats: number): number {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  "| records per body | JSON.parse | text scan (served) | scan / parse | walk (when the scan matches) | walk / parse | validateRecords | validate / parse |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const records of [1, 100, 1000]) {
  const text = body(records);
  const parsed = JSON.parse(text) as { inputs: unknown[] };
  const repeats = records === 1 ? 20_000 : records === 100 ? 2_000 : 300;
  const parse = best(() => JSON.parse(text), repeats);
  const scan = best(() => jsonTextMayHoldUnstorableStrings(text), repeats);
  const walk = best(() => findUnstorableStrings(parsed), repeats);
  const validate = best(() => validateRecords(features, parsed.inputs), repeats);
  console.log(
    `| ${records} | ${(parse * 1000).toFixed(1)} µs | ${(scan * 1000).toFixed(2)} µs | ${(scan / parse).toFixed(3)} | ${(walk * 1000).toFixed(1)} µs | ${(walk / parse).toFixed(2)} | ${(validate * 1000).toFixed(1)} µs | ${(validate / parse).toFixed(2)} |`,
  );
}
