import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InferenceSession } from "onnxruntime-node";
import type { Database } from "@/lib/db/open-database";
import { authenticate, type Caller } from "@/lib/auth/authenticate";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { ApiError } from "@/lib/core/errors";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { predict, type PredictResponse } from "@/lib/serving/predict";
import { resolveServingTarget } from "@/lib/serving/resolve-serving-target";
import type { MicroBatchSettings } from "@/lib/inference/micro-batch";
import { openTestDatabase } from "../helpers/test-database";
import { binaryManifest, binaryModelBytes, oddBatchFailingModelBytes, regressionManifest } from "../helpers/fixtures";

// Micro-batching through predict itself, on a real ONNX Runtime session: concurrent requests for
// one version share runs, each gets exactly what it would have got alone, and a request that
// cannot run fails alone.
let db: Database;
let caller: Caller;
// A generous wait, so the concurrent requests below meet in one batch however loaded the machine is.
const BATCHED: MicroBatchSettings = { maxRows: 256, waitMs: 50 };

beforeAll(async () => {
  db = await openTestDatabase();
  for (const [name, onnx, manifest] of [
    ["fraud", binaryModelBytes(), binaryManifest()],
    ["fragile", oddBatchFailingModelBytes(), regressionManifest()],
  ] as const) {
    await registerModelVersion(db, { modelName: name, onnx, manifest, actor: "test", maxBytes: 1e8 });
    await moveAlias(db.prisma, { name, alias: "production", input: { version: 1 }, actor: "test" });
  }
  const { token } = await createApiKey(db.prisma, { name: "batcher", scopes: ["predict"] }, "test");
  caller = await authenticate(db.prisma, `Bearer ${token}`, "predict");
});
afterAll(async () => db.close());

const run = (modelName: string, inputs: unknown[], batching?: MicroBatchSettings) =>
  predict(db, { modelName, selector: {}, body: { inputs }, caller, maxRecords: 1000, defaultLogMode: "durable", batching });

/** Counts the session's runs without changing what they do. */
async function countRuns(modelName: string): Promise<{ runs: () => number; restore: () => void }> {
  const session = (await resolveServingTarget(db, modelName, {})).session as InferenceSession & { run: InferenceSession["run"] };
  const original = session.run;
  let runs = 0;
  session.run = ((...args: Parameters<InferenceSession["run"]>) => {
    runs++;
    return original.apply(session, args);
  }) as InferenceSession["run"];
  return { runs: () => runs, restore: () => void (session.run = original) };
}

const record = (i: number) => ({ amount: (i * 37) % 400, country: ["US", "DE", "FR"][i % 3], is_new: i % 2 === 0 });
const outputsOf = (body: PredictResponse) => body.predictions.map(({ predictionId: _, ...output }) => output);
const loggedRows = async (modelName: string) =>
  (
    await db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM predictions p JOIN model_versions v ON v.id = p.model_version_id JOIN models m ON m.id = v.model_id WHERE m.name = $1",
      [modelName],
    )
  )[0].n;

describe("micro-batching", () => {
  it("answers each of 24 concurrent requests exactly as an unbatched run, in fewer model runs", async () => {
    const requests = Array.from({ length: 24 }, (_, i) => Array.from({ length: 1 + (i % 3) }, (_, k) => record(i * 3 + k)));
    const alone = [];
    for (const inputs of requests) alone.push(outputsOf((await run("fraud", inputs)).body));
    const counter = await countRuns("fraud");
    try {
      const together = await Promise.all(requests.map((inputs) => run("fraud", inputs, BATCHED)));
      expect(together.map((r) => outputsOf(r.body))).toEqual(alone);
      expect(counter.runs()).toBeLessThan(requests.length);
    } finally {
      counter.restore();
    }
  });

  it("fails only the request with a bad record when it arrives beside good ones", async () => {
    const good = Array.from({ length: 6 }, (_, i) => [record(i)]);
    const results = await Promise.allSettled([
      ...good.map((inputs) => run("fraud", inputs, BATCHED)),
      run("fraud", [{ amount: "lots", country: "US", is_new: true }], BATCHED),
    ]);
    expect(results.slice(0, 6).map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
    const bad = results[6];
    expect(bad.status).toBe("rejected");
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(ApiError);
    expect(((bad as PromiseRejectedResult).reason as ApiError).status).toBe(422);
  });

  it("retries a failing shared run request by request: the one that cannot run fails alone", async () => {
    // The fragile model runs only even batch sizes: 2 + 1 + 2 rows together fail, alone the pairs succeed.
    const before = await loggedRows("fragile");
    const counter = await countRuns("fragile");
    try {
      const results = await Promise.allSettled([
        run("fragile", [{ x: 1 }, { x: 2 }], BATCHED),
        run("fragile", [{ x: 3 }], BATCHED),
        run("fragile", [{ x: 4 }, { x: 5 }], BATCHED),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      const values = (r: PromiseSettledResult<{ body: PredictResponse }>) =>
        (r as PromiseFulfilledResult<{ body: PredictResponse }>).value.body.predictions.map((p) =>
          "value" in p ? p.value : null,
        );
      expect(values(results[0])).toEqual([1, 2]);
      expect(values(results[2])).toEqual([4, 5]);
      // One shared run, then one run per request.
      expect(counter.runs()).toBe(4);
    } finally {
      counter.restore();
    }
    expect(await loggedRows("fragile")).toBe(before + 4);
  });

  it("runs a batch as soon as it holds maxRows rows, without waiting out the wait", async () => {
    const counter = await countRuns("fraud");
    try {
      // The wait is longer than the test's timeout: finishing at all shows the full batch did not wait.
      const results = await Promise.all(
        [1, 2].map((i) => run("fraud", [record(i), record(i + 1)], { maxRows: 4, waitMs: 600_000 })),
      );
      expect(results).toHaveLength(2);
      expect(counter.runs()).toBe(1);
    } finally {
      counter.restore();
    }
  });
});
