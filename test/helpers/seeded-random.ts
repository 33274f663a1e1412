import { createRandom as mulberry32 } from "@/lib/training/random";

/** Deterministic uniform numbers in [0, 1) (mulberry32), so statistical tests give the same verdict every run. */
export { mulberry32 };

/** n normal draws by Box–Muller, using both values of each pair. */
export function normalSample(n: number, seed: number, mean = 0, sd = 1): number[] {
  const u = mulberry32(seed);
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    out.push(mean + sd * r * Math.cos(theta));
    if (out.length < n) out.push(mean + sd * r * Math.sin(theta));
  }
  return out;
}

/** Uniform, normal and weighted-choice draws from one seeded stream. */
export function seededRandom(seed: number) {
  const uniform = mulberry32(seed);
  const normal = (mean = 0, sd = 1) => {
    const u = 1 - uniform();
    const v = uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const choice = (weights: Record<string, number>) => {
    const entries = Object.entries(weights);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = uniform() * total;
    for (const [k, w] of entries) if ((x -= w) < 0) return k;
    return entries[entries.length - 1][0];
  };
  return { uniform, normal, choice };
}
