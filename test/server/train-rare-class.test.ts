// A chronological split of real data can leave a rare class out of the test rows: Seattle's
// weather (vega-datasets, 2012–2015) has no "snow" day in its last 10%. Macro F1 is still defined
// there and the run must finish; the one-vs-rest AUC is not, which the run says, naming the class,
// and a run whose primary metric is that AUC is refused before training, naming the class.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli";

const require = createRequire(import.meta.url);
const source = path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "seattle-weather.csv");
// A copy, so the test-set ledger beside the data stays in the temporary folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-rare-class-"));
const data = path.join(work, "seattle-weather.csv");
fs.copyFileSync(source, data);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const trainArgs = (metric: string, out: string, threshold: string) => [
  "train",
  ...["--data", data, "--target", "weather", "--task", "multiclass", "--time-column", "date"],
  ...["--metric", metric, "--deploy-threshold", threshold, "--models", "majority,linear,gbdt", "--out", path.join(work, out)],
];

describe("a class absent from the chronological test split", () => {
  it("macro F1 run finishes; its AUC is reported undefined, naming the class", async () => {
    const run = await runCli(trainArgs("macro_f1", "f1-run", "0.3"), { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/test auc is undefined: class 3 \("snow"\) never occurs in yTrue/);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, "f1-run/manifest.json"), "utf8")) as {
      evaluation: { test: Record<string, number> };
    };
    expect(manifest.evaluation.test.macro_f1).toBeGreaterThan(0);
    expect(manifest.evaluation.test).not.toHaveProperty("auc");
  }, 300_000);

  it("an AUC run is refused before training, naming the class", async () => {
    const run = await runCli(trainArgs("auc", "auc-run", "0.6"), { cwd: work });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /the validation rows \(chronological split\) have no "snow", so a one-vs-rest auc is undefined there/,
    );
    expect(run.stderr).toMatch(/choose --metric macro_f1/);
  }, 300_000);
});
