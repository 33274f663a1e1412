// npm run bench — every benchmark in test/bench, one after another (never in parallel: they would
// compete for the machine's two cores and distort each other's figures).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Every *-bench.ts file here, so a new benchmark joins `npm run bench` by being added.
const BENCHES = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith("-bench.ts"))
  .sort();
// `npm run bench -- mlp` runs only the benchmarks whose file name contains "mlp".
const only = process.argv.slice(2);
let failed = false;
for (const file of BENCHES.filter((b) => only.length === 0 || only.some((o) => b.includes(o)))) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(__dirname, file)], {
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) {
    console.error(`${file} exited with ${result.status}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
