// Speed of the statistics core at monitoring scale: AUC and a full binary evaluation on 10^6 rows,
// KS + Wasserstein on 10^6 vs 10^6 rows (validation and one sort per sample included).
import os from "node:os";
import { evaluate, rocAuc } from "@/lib/metrics";
import { SortedSample, ksTwoSample, wassersteinDistance, wassersteinNormed } from "@/lib/drift";

function lcg(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function time<T>(label: string, work: () => T): T {
  const best: number[] = [];
  let result!: T;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    result = work();
    best.push(performance.now() - t0);
  }
  console.log(`| ${label} | ${Math.min(...best).toFixed(0)} ms | ${best.map((b) => b.toFixed(0)).join(" / ")} |`);
  return result;
}

const n = 1_000_000;
const rand = lcg(42);
const y = new Uint8Array(n);
const s = new Float64Array(n);
for (let i = 0; i < n; i++) {
  y[i] = rand() < 0.1 ? 1 : 0;
  s[i] = Math.min(1, Math.round((rand() * 0.8 + 0.2 * y[i]) * 1e4) / 1e4);
}
const reference = new Float64Array(n);
const current = new Float64Array(n);
for (let i = 0; i < n; i++) {
  reference[i] = rand() + rand() + rand();
  current[i] = rand() + rand() + rand() + 0.01;
}

console.log(`statistics core, 10^6 rows; machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log("| operation | best of 3 | runs |\n|---|---:|---|");
time("ROC AUC, 10^6 rows", () => rocAuc(y, s));
time("full binary evaluation, 10^6 rows", () => evaluate({ task: "binary", yTrue: y, scores: s }));
time("KS + Wasserstein + normed Wasserstein, 10^6 vs 10^6", () => {
  const a = SortedSample.from(reference, "reference");
  const b = SortedSample.from(current, "current");
  return [ksTwoSample(a, b).statistic, wassersteinDistance(a, b), wassersteinNormed(a, b)];
});
