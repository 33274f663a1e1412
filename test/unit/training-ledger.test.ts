// The test-set ledger: a split's test set evaluated once is refused a second time unless
// reuseTestSet is set; the count and the list travel into report.json, report.html and the manifest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTraining, TrainingRefused } from "@/lib/training/pipeline/run-training";
import { trainSpecSchema, type TrainSpecInput } from "@/lib/training/train-spec";
import { LEDGER_FILE_NAME, LedgerError, priorEvaluations, splitIdOf, type SplitIdentity } from "@/lib/training/test-set-ledger";
import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { createRandom, normal } from "@/lib/training/random";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-ledger-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeData(name: string, seed: number, rows = 400): string {
  const random = createRandom(seed);
  const lines = ["a,b,day,y"];
  for (let i = 0; i < rows; i++) {
    const a = normal(random);
    const b = normal(random);
    const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${day},${random() < 1 / (1 + Math.exp(-(2 * a - b))) ? 1 : 0}`);
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

// Baselines only: the ledger does not care which models ran, and these take milliseconds.
const spec = (input: Partial<TrainSpecInput> & { data: string; out: string }) =>
  trainSpecSchema.parse({
    target: "y",
    task: "binary",
    metric: "auc",
    deployThreshold: 0.5,
    models: ["majority", "linear"],
    exclude: ["day"],
    ...input,
    out: path.join(dir, input.out),
  });

describe("test-set ledger", () => {
  it("refuses a second evaluation of the same split, allows it with reuseTestSet, and records every one", async () => {
    const data = writeData("ledger.csv", 1);
    const first = await runTraining(spec({ data, out: "first" }));
    expect(first.report.test.evaluations).toBe(1);
    expect(first.report.test.ledger).toMatchObject({ evaluations: 1, reused: false, file: path.join(dir, LEDGER_FILE_NAME) });
    expect(first.manifest.evaluation.testSetLedger).toMatchObject({ evaluations: 1, reused: false });
    expect(fs.readFileSync(path.join(dir, "first/report.html"), "utf8")).not.toContain("The test set was reused");

    // Different hyperparameters, different run folder: the same split, so the same test set.
    const refused = runTraining(spec({ data, out: "second", models: ["majority", "linear", "gbdt"] }));
    await expect(refused).rejects.toBeInstanceOf(TrainingRefused);
    await expect(refused).rejects.toThrow(
      /The test set of this split \([0-9a-f]{16}\) has already been evaluated 1 time, last on .*\n {2}- .*: linear → test auc 0\.\d{4} \(.*first\)\n.*Pass --reuse-test-set/s,
    );
    // Refused before training: nothing was exported and the ledger did not move.
    expect(fs.existsSync(path.join(dir, "second/model.onnx"))).toBe(false);
    expect(priorEvaluations(path.join(dir, LEDGER_FILE_NAME), first.report.test.ledger.splitId)).toHaveLength(1);

    const reused = await runTraining(spec({ data, out: "third", reuseTestSet: true }));
    expect(reused.report.test.evaluations).toBe(2);
    expect(reused.report.test.ledger.history.map((e) => [path.basename(e.runDir), e.reused])).toEqual([
      ["first", false],
      ["third", true],
    ]);
    expect(reused.report.verdict.message).toContain("on a test set evaluated 2 times, so optimistic");
    expect(manifestSchema.safeParse(reused.manifest).success).toBe(true);
    expect(reused.manifest.evaluation.testSetLedger).toMatchObject({
      splitId: first.report.test.ledger.splitId,
      evaluations: 2,
      reused: true,
    });
    // The manifest's history leaves out local paths; the report keeps them.
    expect(reused.manifest.evaluation.testSetLedger!.history[0]).not.toHaveProperty("runDir");
    const html = fs.readFileSync(path.join(dir, "third/report.html"), "utf8");
    expect(html).toContain("The test set was reused");
    expect(html).toContain("Test-set ledger");

    // Another seed draws another random split: a fresh test set.
    const otherSeed = await runTraining(spec({ data, out: "other-seed", seed: 7 }));
    expect(otherSeed.report.test.evaluations).toBe(1);
    expect(otherSeed.report.test.ledger.splitId).not.toBe(first.report.test.ledger.splitId);
  }, 60_000);

  it("a chronological split is the same test set whatever the seed; --ledger moves the file", async () => {
    const data = writeData("timed.csv", 2);
    const ledger = path.join(dir, "elsewhere/ledger.json");
    fs.mkdirSync(path.dirname(ledger));
    await runTraining(spec({ data, out: "timed-1", timeColumn: "day", ledger }));
    expect(fs.existsSync(ledger)).toBe(true);
    await expect(runTraining(spec({ data, out: "timed-2", timeColumn: "day", ledger, seed: 99 }))).rejects.toThrow(
      /already been evaluated 1 time/,
    );
    // A changed data file is a new split, even under the same settings.
    fs.appendFileSync(data, "0.1,0.2,2030-01-01,1\n");
    const changed = await runTraining(spec({ data, out: "timed-3", timeColumn: "day", ledger }));
    expect(changed.report.test.evaluations).toBe(1);
  }, 60_000);

  it("refuses a corrupt ledger with the file's name rather than starting a new one", async () => {
    const data = writeData("corrupt.csv", 3);
    const ledger = path.join(dir, "corrupt-ledger.json");
    fs.writeFileSync(ledger, "{ not json");
    await expect(runTraining(spec({ data, out: "corrupt", ledger }))).rejects.toThrow(LedgerError);
    await expect(runTraining(spec({ data, out: "corrupt", ledger }))).rejects.toThrow(
      `the test-set ledger ${ledger} is not JSON`,
    );
  });

  it("identifies a split by data, target, task, method, column and (random splits only) seed", () => {
    const base: SplitIdentity = { dataSha256: "ab".repeat(32), target: "y", task: "binary", method: "random", seed: 1 };
    const id = splitIdOf(base);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(splitIdOf({ ...base })).toBe(id);
    for (const changed of [
      { dataSha256: "cd".repeat(32) },
      { target: "z" },
      { task: "multiclass" },
      { seed: 2 },
      { method: "chronological" as const, seed: undefined, column: "day" },
    ]) {
      expect(splitIdOf({ ...base, ...changed }), JSON.stringify(changed)).not.toBe(id);
    }
  });
});
