// End to end: `tidemark train` on synthetic data with a known non-linear signal and on a real public
// dataset (Palmer penguins, from the npm package vega-datasets), registration locally and over HTTP,
// then predictions through the API must equal the pipeline's own outputs on the test rows — for an
// exported MLP and for exported gradient-boosted trees. A reused test set shows on the model page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli";
import { launchBrowser, SCREENSHOT_DIR, signIn } from "../helpers/browser";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { createRandom, normal } from "@/lib/training/random";
import { CsvParser } from "@/lib/training/data/csv-parser";

const root = path.resolve(__dirname, "../..");
let work: string;
let env: Record<string, string>;
let adminKey: string;
let server: RunningServer | undefined;

function ringsCsv(rows: number): string {
  const random = createRandom(2026);
  const lines = ["x1,x2,x3,x4,shade,flag,label"];
  for (let i = 0; i < rows; i++) {
    const x = [normal(random), normal(random), normal(random), normal(random)];
    const shade = ["light", "dark", "medium"][Math.floor(random() * 3)];
    const flag = random() < 0.5;
    // Inside vs outside a circle: invisible to a linear model, easy for an MLP.
    const z = 4 * (x[0] ** 2 + x[1] ** 2 - 1.4) + (shade === "dark" ? 0.8 : 0);
    const label = random() < 1 / (1 + Math.exp(-z)) ? "outside" : "inside";
    lines.push(
      `${random() < 0.03 ? "" : x[0].toFixed(5)},${x[1].toFixed(5)},${x[2].toFixed(5)},${x[3].toFixed(5)},${shade},${flag},${label}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** A checkerboard on two of four inputs: axis-aligned thresholds, where trees beat the other candidates. */
function stepsCsv(rows: number): string {
  const random = createRandom(7);
  const lines = ["x1,x2,x3,x4,label"];
  for (let i = 0; i < rows; i++) {
    const x = [random(), random(), random(), random()];
    const cell = (Math.floor(5 * x[0]) + Math.floor(3 * x[1])) % 2;
    const label = (random() < 0.03 ? 1 - cell : cell) === 1 ? "yes" : "no";
    // Missing values in a split feature: the trees route them by their learned default direction.
    lines.push(`${random() < 0.03 ? "" : x[0].toFixed(5)},${x[1].toFixed(5)},${x[2].toFixed(5)},${x[3].toFixed(5)},${label}`);
  }
  return lines.join("\n") + "\n";
}

function readCsv(file: string): Record<string, string>[] {
  const records: string[][] = [];
  const parser = new CsvParser((f) => records.push(f));
  parser.feed(fs.readFileSync(file, "utf8"));
  parser.end();
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

type Report = {
  candidates: { name: string; validationPrimary: number; testPrimary: number }[];
  selection: { selected: string; baselineBeatMlp: boolean };
  verdict: { passed: boolean; testValue: number };
  parity: { passed: boolean; maxAbsDifference: number; tolerance: number };
  features: { used: { column: string; name: string; type: string }[] };
  test: { evaluations: number; ledger: { reused: boolean } };
  mlp: { history: unknown[] };
};
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** Sends the test rows of a run to the served model and compares with the run's test-predictions.csv. */
async function predictTestRows(options: {
  name: string;
  runDir: string;
  sourceRows: Record<string, unknown>[];
  version?: number;
}) {
  const report = readJson<Report>(path.join(options.runDir, "report.json"));
  const expected = readCsv(path.join(options.runDir, "test-predictions.csv"));
  const inputs = expected.map((e) => {
    const source = options.sourceRows[Number(e.row) - 1];
    return Object.fromEntries(
      report.features.used.map((f) => {
        const raw = source[f.column];
        if (raw === null || raw === undefined || raw === "") return [f.name, null];
        if (f.type === "numeric") return [f.name, Number(raw)];
        if (f.type === "boolean") return [f.name, raw === true || raw === "true"];
        return [f.name, String(raw)];
      }),
    );
  });
  const response = await fetch(`${server!.url}/api/v1/models/${options.name}/predict?version=${options.version ?? 1}`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ inputs }),
  });
  const body = (await response.json()) as { predictions: { probabilities: Record<string, number> }[] };
  expect(response.status, JSON.stringify(body)).toBe(200);
  let maxDifference = 0;
  body.predictions.forEach((p, i) => {
    for (const [label, probability] of Object.entries(p.probabilities)) {
      maxDifference = Math.max(maxDifference, Math.abs(probability - Number(expected[i][`p_${label}`])));
    }
  });
  return { rows: body.predictions.length, maxDifference };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-train-"));
  env = { TIDEMARK_DATA_DIR: path.join(work, "data") };
  fs.writeFileSync(path.join(work, "rings.csv"), ringsCsv(2500));
  fs.writeFileSync(path.join(work, "steps.csv"), stepsCsv(2000));
  const penguins = readJson<Record<string, unknown>[]>(path.join(root, "node_modules/vega-datasets/data/penguins.json"));
  fs.writeFileSync(path.join(work, "penguins.jsonl"), penguins.map((p) => JSON.stringify(p)).join("\n") + "\n");
  const created = await runCli(["keys", "create", "--name", "trainer", "--scopes", "admin"], { env, cwd: work });
  expect(created.code, created.stderr).toBe(0);
  adminKey = /(tm_[a-f0-9]{16}_[A-Za-z0-9_-]{43})/.exec(created.stdout)![1];
});
afterAll(async () => {
  await server?.kill();
  fs.rmSync(work, { recursive: true, force: true });
});

const penguinsArgs = (out: string) => [
  "train",
  "--data",
  "penguins.jsonl",
  "--target",
  "Species",
  "--task",
  "multiclass",
  "--metric",
  "macro_f1",
  "--deploy-threshold",
  "0.9",
  "--epochs",
  "25",
  "--patience",
  "5",
  "--seed",
  "11",
  "--out",
  out,
];

describe("tidemark train end to end", () => {
  it("refuses an incomplete problem definition before reading any data (exit 2)", async () => {
    const res = await runCli(
      ["train", "--data", "rings.csv", "--target", "label", "--task", "binary", "--metric", "mae", "--out", "x"],
      { env, cwd: work },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("metric: mae does not fit a binary task; use one of auc, f1, accuracy");
    expect(res.stderr).toContain("deployThreshold: is required");
    expect(fs.existsSync(path.join(work, "x"))).toBe(false);
  });

  it("penguins (real data, multiclass, missing values): trains deterministically, registers locally", async () => {
    const first = await runCli([...penguinsArgs("penguins-run"), "--register", "--name", "penguins"], { env, cwd: work });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Registered penguins version 1 /m);
    // Same data, seed and split: the same test set, which the ledger refuses to evaluate again unless told.
    const refusedAgain = await runCli(penguinsArgs("penguins-refused"), { env, cwd: work });
    expect(refusedAgain.code).toBe(1);
    expect(refusedAgain.stderr).toMatch(/has already been evaluated 1 time, last on .*\n.*Pass --reuse-test-set/s);
    const again = await runCli([...penguinsArgs("penguins-again"), "--reuse-test-set"], { env, cwd: work });
    expect(again.code, again.stderr).toBe(0);
    const a = readJson<Report>(path.join(work, "penguins-run/report.json"));
    const b = readJson<Report>(path.join(work, "penguins-again/report.json"));
    // Same data, same seed → same metrics, curves and selection.
    expect(b.candidates).toEqual(a.candidates);
    expect(b.mlp.history.map((h) => ({ ...(h as object), seconds: 0 }))).toEqual(
      a.mlp.history.map((h) => ({ ...(h as object), seconds: 0 })),
    );
    expect(a.test.evaluations).toBe(1);
    expect(b.test.evaluations).toBe(2);
    expect(again.stdout).toContain("WARNING: this split's test set has now been evaluated 2 times (--reuse-test-set)");
    expect(a.parity.passed).toBe(true);
    expect(a.verdict.passed).toBe(true);
    for (const file of [
      "spec.json",
      "audit.json",
      "label-check.csv",
      "model.onnx",
      "manifest.json",
      "report.html",
      "test-predictions.csv",
    ]) {
      expect(fs.existsSync(path.join(work, "penguins-run", file)), file).toBe(true);
    }
    const manifest = readJson<{ features: { name: string }[]; outputs: { classes: string[] } }>(
      path.join(work, "penguins-run/manifest.json"),
    );
    expect(manifest.outputs.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    expect(manifest.features.map((f) => f.name)).toContain("Beak_Length_mm");
    expect(fs.readFileSync(path.join(work, "penguins-run/report.html"), "utf8")).toMatch(/PASS: test macro_f1/);
  });

  it("refuses to train when more than 5% of checked labels are marked wrong, unless forced", async () => {
    const check = fs.readFileSync(path.join(work, "penguins-run/label-check.csv"), "utf8").trim().split("\n");
    const marked = check.map((line, i) => (i === 0 ? line : `${line}${i <= 20 ? "no" : "yes"}`));
    fs.writeFileSync(path.join(work, "checked.csv"), marked.join("\n") + "\n");
    const refused = await runCli([...penguinsArgs("refused"), "--label-check", "checked.csv", "--reuse-test-set"], {
      env,
      cwd: work,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("20 of 200 checked labels (10.0%) are marked wrong, above the 5% limit");
    expect(fs.existsSync(path.join(work, "refused/model.onnx"))).toBe(false);
    const forced = await runCli([...penguinsArgs("forced"), "--label-check", "checked.csv", "--force", "--reuse-test-set"], {
      env,
      cwd: work,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("✖ 20 of 200 reviewed labels (10.0%) marked wrong; the limit is 5%");
  });

  it("synthetic rings: the MLP beats logistic regression; registered over HTTP; the API returns the pipeline's outputs", async () => {
    server = await startNextServer(env);
    const res = await runCli(
      [
        "train",
        "--data",
        "rings.csv",
        "--target",
        "label",
        "--task",
        "binary",
        "--metric",
        "auc",
        "--deploy-threshold",
        "0.85",
        "--cost-fp",
        "1",
        "--cost-fn",
        "3",
        // The MLP path: trees are left out so that the exported model is the network.
        "--models",
        "majority,linear,mlp",
        "--epochs",
        "40",
        "--patience",
        "6",
        "--seed",
        "4",
        "--out",
        "rings-run",
        "--register",
        "--name",
        "rings",
        "--server",
        server.url,
        "--key",
        adminKey,
      ],
      { env, cwd: work },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Registered rings version 1 /m);
    const report = readJson<Report>(path.join(work, "rings-run/report.json"));
    const score = (name: string) => report.candidates.find((c) => c.name === name)!;
    expect(report.selection).toMatchObject({ selected: "mlp", baselineBeatMlp: false });
    expect(score("mlp").testPrimary).toBeGreaterThan(score("linear").testPrimary + 0.2);
    expect(score("linear").testPrimary).toBeLessThan(0.7);
    expect(report.verdict.passed).toBe(true);

    const rings = readCsv(path.join(work, "rings.csv"));
    const served = await predictTestRows({ name: "rings", runDir: path.join(work, "rings-run"), sourceRows: rings });
    expect(served.rows).toBe(250);
    expect(served.maxDifference).toBeLessThan(1e-4);

    const penguins = fs
      .readFileSync(path.join(work, "penguins.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const servedPenguins = await predictTestRows({
      name: "penguins",
      runDir: path.join(work, "penguins-run"),
      sourceRows: penguins,
    });
    expect(servedPenguins.rows).toBeGreaterThan(30);
    expect(servedPenguins.maxDifference).toBeLessThan(1e-4);
  });

  it("threshold data: the trees win and are served; the API returns the pipeline's outputs; a reused test set is flagged on the model page", async () => {
    server ??= await startNextServer(env);
    const train = (out: string, extra: string[]) =>
      runCli(
        [
          "train",
          "--data",
          "steps.csv",
          "--target",
          "label",
          "--task",
          "binary",
          "--metric",
          "auc",
          "--deploy-threshold",
          "0.85",
          "--positive-class",
          "yes",
          "--epochs",
          "25",
          "--patience",
          "5",
          "--seed",
          "3",
          "--out",
          out,
          "--register",
          "--name",
          "steps",
          "--server",
          server!.url,
          "--key",
          adminKey,
          ...extra,
        ],
        { env, cwd: work },
      );
    const res = await train("steps-run", []);
    expect(res.code, res.stderr).toBe(0);
    const report = readJson<Report>(path.join(work, "steps-run/report.json"));
    expect(report.selection.selected).toBe("gbdt");
    expect(report.parity).toMatchObject({ passed: true, tolerance: 1e-5 });
    const manifest = readJson<{ featureImportance: Record<string, number>; lineage: { hyperparameters: { model: string } } }>(
      path.join(work, "steps-run/manifest.json"),
    );
    expect(manifest.lineage.hyperparameters.model).toBe("gbdt");
    expect(manifest.featureImportance.x1 + manifest.featureImportance.x2).toBeGreaterThan(0.8);

    const steps = readCsv(path.join(work, "steps.csv"));
    const served = await predictTestRows({ name: "steps", runDir: path.join(work, "steps-run"), sourceRows: steps });
    expect(served.rows).toBe(200);
    expect(served.maxDifference).toBeLessThan(1e-5);

    // Shallower trees after seeing the test result: allowed only as a recorded reuse.
    const retuned = await train("steps-retuned", ["--models", "majority,linear,gbdt", "--gbdt-depth", "4", "--reuse-test-set"]);
    expect(retuned.code, retuned.stderr).toBe(0);
    expect(readJson<Report>(path.join(work, "steps-retuned/report.json")).test).toMatchObject({
      evaluations: 2,
      ledger: { reused: true },
    });
    const servedRetuned = await predictTestRows({
      name: "steps",
      runDir: path.join(work, "steps-retuned"),
      sourceRows: steps,
      version: 2,
    });
    expect(servedRetuned.maxDifference).toBeLessThan(1e-5);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, server!.url, adminKey, { via: "/models/steps?version=2" });
      await page.goto(`${server!.url}/models/steps?version=2`);
      await expect(page.getByRole("alert").filter({ hasText: "Test set reused" }).textContent()).resolves.toContain(
        "evaluated 2 times",
      );
      await page.goto(`${server!.url}/models/steps?version=1`);
      await page.getByText("Version 1: evaluation").waitFor();
      await expect(page.getByRole("alert").filter({ hasText: "Test set reused" }).count()).resolves.toBe(0);

      // The training evaluation drawn from the manifest: curves rendered, the confusion matrix as
      // the run measured it on the test set, the trees' loss by boosting round, the audit.
      const evaluation = page.getByRole("region", { name: "Version 1: training evaluation (gbdt, test set)" });
      for (const chart of [
        "ROC curve on the test set",
        "Precision–recall curve on the test set",
        "Training and validation loss by boosting round",
      ]) {
        await evaluation.locator(`[aria-label="${chart}"] svg path.recharts-line-curve`).first().waitFor();
      }
      const cells = await evaluation.getByTestId("confusion-matrix").locator("tbody td").allTextContents();
      const confusion = readJson<{ test: { selected: { confusion: number[][] } } }>(path.join(work, "steps-run/report.json")).test
        .selected.confusion;
      expect(cells.map((c) => Number(c.replace(/,/g, "")))).toEqual(confusion.flat());
      expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
      await expect(evaluation.getByText("Data audit").count()).resolves.toBe(1);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, "model-training-evaluation.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
