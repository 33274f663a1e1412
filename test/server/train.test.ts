// End to end: `tidemark train` on synthetic data with a known non-linear signal and on a real public
// dataset (Palmer penguins, from the npm package vega-datasets), registration locally and over HTTP,
// then predictions through the API must equal the pipeline's own outputs on the test rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli";
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
    lines.push(`${random() < 0.03 ? "" : x[0].toFixed(5)},${x[1].toFixed(5)},${x[2].toFixed(5)},${x[3].toFixed(5)},${shade},${flag},${label}`);
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
  parity: { passed: boolean; maxAbsDifference: number };
  features: { used: { column: string; name: string; type: string }[] };
  test: { evaluations: number };
  mlp: { history: unknown[] };
};
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** Sends the test rows of a run to the served model and compares with the run's test-predictions.csv. */
async function predictTestRows(options: { name: string; runDir: string; sourceRows: Record<string, unknown>[] }) {
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
  const response = await fetch(`${server!.url}/api/v1/models/${options.name}/predict?version=1`, {
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

const penguinsArgs = (out: string) => ["train", "--data", "penguins.jsonl", "--target", "Species", "--task", "multiclass", "--metric", "macro_f1", "--deploy-threshold", "0.9", "--epochs", "25", "--patience", "5", "--seed", "11", "--out", out];

describe("tidemark train end to end", () => {
  it("refuses an incomplete problem definition before reading any data (exit 2)", async () => {
    const res = await runCli(["train", "--data", "rings.csv", "--target", "label", "--task", "binary", "--metric", "mae", "--out", "x"], { env, cwd: work });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("metric: mae does not fit a binary task; use one of auc, f1, accuracy");
    expect(res.stderr).toContain("deployThreshold: is required");
    expect(fs.existsSync(path.join(work, "x"))).toBe(false);
  });

  it("penguins (real data, multiclass, missing values): trains deterministically, registers locally", async () => {
    const first = await runCli([...penguinsArgs("penguins-run"), "--register", "--name", "penguins"], { env, cwd: work });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Registered penguins version 1 /m);
    const again = await runCli(penguinsArgs("penguins-again"), { env, cwd: work });
    expect(again.code, again.stderr).toBe(0);
    const a = readJson<Report>(path.join(work, "penguins-run/report.json"));
    const b = readJson<Report>(path.join(work, "penguins-again/report.json"));
    // Same data, same seed → same metrics, curves and selection.
    expect(b.candidates).toEqual(a.candidates);
    expect(b.mlp.history.map((h) => ({ ...(h as object), seconds: 0 }))).toEqual(a.mlp.history.map((h) => ({ ...(h as object), seconds: 0 })));
    expect(a.test.evaluations).toBe(1);
    expect(a.parity.passed).toBe(true);
    expect(a.verdict.passed).toBe(true);
    for (const file of ["spec.json", "audit.json", "label-check.csv", "model.onnx", "manifest.json", "report.html", "test-predictions.csv"]) {
      expect(fs.existsSync(path.join(work, "penguins-run", file)), file).toBe(true);
    }
    const manifest = readJson<{ features: { name: string }[]; outputs: { classes: string[] } }>(path.join(work, "penguins-run/manifest.json"));
    expect(manifest.outputs.classes).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    expect(manifest.features.map((f) => f.name)).toContain("Beak_Length_mm");
    expect(fs.readFileSync(path.join(work, "penguins-run/report.html"), "utf8")).toMatch(/PASS: test macro_f1/);
  });

  it("refuses to train when more than 5% of checked labels are marked wrong, unless forced", async () => {
    const check = fs.readFileSync(path.join(work, "penguins-run/label-check.csv"), "utf8").trim().split("\n");
    const marked = check.map((line, i) => (i === 0 ? line : `${line}${i <= 20 ? "no" : "yes"}`));
    fs.writeFileSync(path.join(work, "checked.csv"), marked.join("\n") + "\n");
    const refused = await runCli([...penguinsArgs("refused"), "--label-check", "checked.csv"], { env, cwd: work });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("20 of 200 checked labels (10.0%) are marked wrong, above the 5% limit");
    expect(fs.existsSync(path.join(work, "refused/model.onnx"))).toBe(false);
    const forced = await runCli([...penguinsArgs("forced"), "--label-check", "checked.csv", "--force"], { env, cwd: work });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("✖ 20 of 200 reviewed labels (10.0%) marked wrong; the limit is 5%");
  });

  it("synthetic rings: the MLP beats logistic regression; registered over HTTP; the API returns the pipeline's outputs", async () => {
    server = await startNextServer(env);
    const res = await runCli(
      ["train", "--data", "rings.csv", "--target", "label", "--task", "binary", "--metric", "auc", "--deploy-threshold", "0.85", "--cost-fp", "1", "--cost-fn", "3",
        "--epochs", "40", "--patience", "6", "--seed", "4", "--out", "rings-run", "--register", "--name", "rings", "--server", server.url, "--key", adminKey],
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

    const penguins = fs.readFileSync(path.join(work, "penguins.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const servedPenguins = await predictTestRows({ name: "penguins", runDir: path.join(work, "penguins-run"), sourceRows: penguins });
    expect(servedPenguins.rows).toBeGreaterThan(30);
    expect(servedPenguins.maxDifference).toBeLessThan(1e-4);
  });
});
