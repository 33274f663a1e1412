import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/training/random";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import type { RoundLog } from "@/lib/training/gbdt/types";

// Mostly label noise: deep trees with a high learning rate overfit within a few rounds.
function noisy(n: number, seed: number) {
  const random = createRandom(seed);
  const X = Float32Array.from({ length: n * 4 }, () => random());
  const y = Float32Array.from({ length: n }, (_, r) => (random() < (X[r * 4] > 0.5 ? 0.65 : 0.35) ? 1 : 0));
  return { X, y };
}

describe("GBDT early stopping", () => {
  const train = noisy(1500, 1);
  const validation = noisy(1500, 2);
  const featureNames = ["a", "b", "c", "d"];

  it("stops once the validation loss stalls and keeps the best round", () => {
    const seen: RoundLog[] = [];
    const model = trainGbdt({
      task: "binary",
      ...train,
      validation,
      featureNames,
      seed: 1,
      params: { numRounds: 300, maxDepth: 6, learningRate: 0.5, earlyStoppingRounds: 10 },
      onRound: (log) => void seen.push(log),
    });
    expect(seen.length).toBeLessThan(300);
    expect(seen.length).toBe(model.bestRound + 1 + 10);
    const losses = seen.map((l) => l.validationLoss!);
    expect(losses[model.bestRound]).toBe(Math.min(...losses));
    expect(model.trees).toHaveLength(model.bestRound + 1);
    // The kept model reproduces the best round's validation loss.
    const p = model.predict(validation.X);
    let loss = 0;
    for (let r = 0; r < validation.y.length; r++) loss -= Math.log(validation.y[r] === 1 ? p[2 * r + 1] : p[2 * r]);
    expect(loss / validation.y.length).toBeCloseTo(losses[model.bestRound], 4);
  });

  it("runs and keeps every round when early stopping is off, still reporting the best round", () => {
    const model = trainGbdt({
      task: "binary",
      ...train,
      validation,
      featureNames,
      seed: 1,
      params: { numRounds: 25, maxDepth: 6, learningRate: 0.5 },
    });
    expect(model.history).toHaveLength(25);
    expect(model.numRounds).toBe(25);
    expect(model.bestRound).toBeLessThan(24);
  });

  it("stops when onRound returns false", () => {
    const model = trainGbdt({
      task: "binary",
      ...train,
      featureNames,
      seed: 1,
      params: { numRounds: 50 },
      onRound: (log) => log.round < 4,
    });
    expect(model.history).toHaveLength(5);
    expect(model.trees).toHaveLength(5);
  });
});
