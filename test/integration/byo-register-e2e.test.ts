// Issue 14's acceptance: every ONNX file made by a real exporter (test/fixtures/byo) is registered
// with `tidemark register --reference`, as a user runs it, from a CSV whose headers are the source
// dataset's own column names (spaces and brackets included), then served with records keyed by
// those headers; predict answers the exporter's own outputs within 1e-5. A model exported with a
// fixed batch of 1 is refused, naming the batch axis. Runs on embedded PGlite and on Postgres.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import { setDatabase } from "@/lib/db/get-database";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as versionRoute from "@/app/api/v1/models/[name]/versions/[version]/route";
import { runCli } from "../helpers/run-cli";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";
import { backend } from "../helpers/test-database";
import { pgliteBackend, postgresBackend, type ServerBackend } from "../helpers/server-backends";
import { type ByoFixture, expectedOutputs, loadByoFixture, SERVABLE_FIXTURES } from "../helpers/byo-fixtures";

const FIXTURES = path.resolve(__dirname, "../fixtures/byo");

/**
 * The headers of the data each fixture was trained on, as the source dataset spells them
 * (scikit-learn's load_breast_cancer and load_iris feature_names); the fixtures store them
 * snake_cased. Diabetes (age, bmi, s1…) and the synthetic housing data (area, rooms, city) have no
 * spaces in theirs, and a per-column model's inputs are named by its columns, so those stay as is.
 */
const DATA_HEADERS: Record<string, string> = {
  mean_radius: "mean radius",
  mean_texture: "mean texture",
  mean_perimeter: "mean perimeter",
  mean_area: "mean area",
  mean_smoothness: "mean smoothness",
  mean_compactness: "mean compactness",
  mean_concavity: "mean concavity",
  mean_concave_points: "mean concave points",
  mean_symmetry: "mean symmetry",
  mean_fractal_dimension: "mean fractal dimension",
  sepal_length_cm: "sepal length (cm)",
  sepal_width_cm: "sepal width (cm)",
  petal_length_cm: "petal length (cm)",
  petal_width_cm: "petal width (cm)",
};
const header = (feature: string) => DATA_HEADERS[feature] ?? feature;
const TARGET = { binary: "diagnosis", multiclass: "species", regression: "disease progression" } as const;
const targetOf = (f: ByoFixture) => (f.stem === "skl-columns-regression" ? "price" : TARGET[f.task]);

let work: string;
let target: ServerBackend;
let db: Database | undefined;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-byo-e2e-"));
  target = backend === "postgres" ? await postgresBackend() : await pgliteBackend("tidemark-byo-e2e-");
});
afterAll(async () => {
  await db?.close();
  await target?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The exporter's answer for each row, as the target: its predicted class (argmax) or its value. */
function targetValues(fixture: ByoFixture): string[] {
  return expectedOutputs(fixture).map((want) => {
    if ("value" in want) return String(want.value);
    const entries = Object.entries(want.probabilities);
    return entries.reduce((best, e) => (e[1] > best[1] ? e : best))[0];
  });
}

/** The fixture's rows as a data file: headers as the dataset has them, in the model's matrix order, then the target. */
function referenceCsv(fixture: ByoFixture): string {
  const names = fixture.features.map((f) => f.name);
  const labels = targetValues(fixture);
  const lines = [[...names.map(header), targetOf(fixture)].map(csvCell).join(",")];
  fixture.inputs.forEach((row, i) => {
    lines.push([...names.map((n) => row[n]), labels[i]].map(csvCell).join(","));
  });
  return `${lines.join("\n")}\n`;
}

/** Registers the fixture through the CLI from its own folder (manifest.json is written beside the model). */
async function registerFixture(stem: string) {
  const fixture = loadByoFixture(stem);
  const dir = path.join(work, stem);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIXTURES, `${stem}.onnx`), path.join(dir, `${stem}.onnx`));
  fs.writeFileSync(path.join(dir, "ref.csv"), referenceCsv(fixture));
  const args = [
    ...["register", "--model", `${stem}.onnx`, "--reference", "ref.csv", "--target", targetOf(fixture)],
    ...["--task", fixture.task, "--name", stem],
    ...(fixture.classes ? ["--classes", fixture.classes.join(",")] : []),
  ];
  return runCli(args, { env: target.env, cwd: dir });
}

describe("tidemark register on ONNX files as their exporters wrote them", () => {
  it.each(SERVABLE_FIXTURES)(
    "%s: registers from a reference CSV with the dataset's own headers",
    async (stem) => {
      const res = await registerFixture(stem);
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Registered ${stem} version 1 \\(sha256 [0-9a-f]{12}…\\)\\.$`, "m"));
    },
    240_000,
  );

  it("refuses torch-fixed-batch, naming the batch axis, and registers nothing", async () => {
    const res = await registerFixture("torch-fixed-batch");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('input "input" has a fixed batch size of 1 (shape [1, 10])');
    expect(res.stderr).toContain('dynamic_axes={"input": {0: "batch"}}');
    expect(res.stderr).toContain("Nothing was registered.");
  }, 240_000);
});

describe("the registered fixtures, served with the data file's column names", () => {
  let keys: Awaited<ReturnType<typeof createKeys>>;
  beforeAll(async () => {
    db = await target.open();
    setDatabase(db);
    keys = await createKeys(db);
  });

  it.each(SERVABLE_FIXTURES)("%s: predict answers the exporter's own outputs within 1e-5", async (stem) => {
    const fixture = loadByoFixture(stem);
    const names = fixture.features.map((f) => f.name);
    const inputs = fixture.inputs.map((row) => Object.fromEntries(names.map((n) => [header(n), row[n]])));
    const res = await callRoute(predictRoute.POST, {
      params: { name: stem },
      path: `/api/v1/models/${stem}/predict?version=1`,
      key: keys.predict,
      json: { inputs },
    });
    expect(res.status).toBe(200);
    const expected = expectedOutputs(fixture);
    expect(res.json.predictions).toHaveLength(expected.length);
    res.json.predictions.forEach((prediction: { value: number; probabilities: Record<string, number> }, i: number) => {
      const want = expected[i];
      if ("value" in want) expect(Math.abs(prediction.value - want.value)).toBeLessThan(1e-5);
      else {
        expect(Object.keys(prediction.probabilities).sort()).toEqual([...fixture.classes!].sort());
        for (const [cls, p] of Object.entries(want.probabilities))
          expect(Math.abs(prediction.probabilities[cls] - p)).toBeLessThan(1e-5);
      }
    });
  });

  it.each(SERVABLE_FIXTURES)("%s: the stored manifest keeps the CSV's headers, the binding and the lineage", async (stem) => {
    const fixture = loadByoFixture(stem);
    const got = await callRoute(versionRoute.GET, {
      method: "GET",
      params: { name: stem, version: "1" },
      key: keys.read,
    });
    expect(got.status).toBe(200);
    const manifest = got.json.manifest;
    const headers = fixture.features.map((f) => header(f.name));
    expect(manifest.features.map((f: { name: string; column?: string }) => f.column ?? f.name)).toEqual(headers);
    // A header that is not ONNX-safe is kept in `column`, beside the safe name the model is bound by.
    for (const f of manifest.features as { name: string; column?: string }[])
      if (/[^A-Za-z0-9_.-]/.test(f.column ?? f.name)) expect(f.column).not.toBe(f.name);
    if (fixture.classes) expect(manifest.outputs.classes).toEqual(fixture.classes);
    // None of these is Tidemark's own layout, so each is served through an inferred binding.
    expect(manifest.io).toBeDefined();
    if (stem === "skl-columns-regression") expect(manifest.io.inputs.layout).toBe("per_feature");
    else
      expect(manifest.io.inputs).toMatchObject({
        layout: "matrix",
        features: fixture.features.map((f) => f.name),
      });
    const original = createHash("sha256").update(fixture.onnx).digest("hex");
    if (fixture.zipMapClasses) {
      expect(manifest.lineage.originalSha256).toBe(original);
      expect(got.json.sha256).not.toBe(original);
    } else {
      expect(manifest.lineage.originalSha256).toBeUndefined();
      expect(got.json.sha256).toBe(original);
    }
  });

  it("registered nothing for torch-fixed-batch", async () => {
    expect(await db!.prisma.model.findUnique({ where: { name: "torch-fixed-batch" } })).toBeNull();
  });
});
