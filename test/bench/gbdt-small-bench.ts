// Benchmark: the trees on small regression tables as `tidemark train` runs them by default (up to
// 500 rounds, early stopping on the validation split, best round kept) against XGBoost 1.7 `hist`
// trained the same way on the same rows by test/bench/gbdt-xgboost.py — with the same parameters,
// and with XGBoost's own defaults. Test MAE, mean and spread over several splits (one split of 300
// rows is noise), and the ratio of the means.
//
//   npx tsx test/bench/gbdt-small-bench.ts
//   GBDT_SMALL_SEEDS=20 …                          more splits
//   GBDT_SMALL_PARAMS='{"learningRate":0.05}' …    override Tidemark's side (experiments)
//   GBDT_SMALL_BOTH=1 …                            apply the override to XGBoost's "same" fit too

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { meanAbsoluteError } from "@/lib/metrics/regression-metrics";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import type { GbdtParams } from "@/lib/training/gbdt/types";
import { gbdtParamsFor } from "@/lib/training/models/tree-candidate";
import { gbdtOptionsSchema } from "@/lib/training/train-spec";
import { cars, type SmallTable, syntheticSmall } from "./gbdt-small-data";

const SEEDS = Number(process.env.GBDT_SMALL_SEEDS ?? 10);
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const PIPELINE: Partial<GbdtParams> = gbdtParamsFor(gbdtOptionsSchema.parse({}));
const OVERRIDES = JSON.parse(process.env.GBDT_SMALL_PARAMS ?? "{}") as Partial<GbdtParams>;

interface Fit {
  mae: number;
  rounds: number;
}

function ours(t: SmallTable): Fit {
  const model = trainGbdt({
    task: "regression",
    X: t.train.X,
    y: t.train.y,
    validation: { X: t.valid.X, y: t.valid.y },
    featureNames: t.featureNames,
    params: { ...PIPELINE, ...OVERRIDES },
    seed: 1,
  });
  return { mae: meanAbsoluteError(t.test.y, model.predict(t.test.X)), rounds: model.numRounds };
}

/** XGBoost with the pipeline's parameters ("same") and with its own defaults ("defaults"). */
function xgboost(t: SmallTable): Record<"same" | "defaults", Fit> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tidemark-gbdt-small-"));
  try {
    const write = (name: string, a: Float32Array) =>
      writeFileSync(path.join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    write("X_train.f32", t.train.X);
    write("y_train.f32", t.train.y);
    write("X_valid.f32", t.valid.X);
    write("y_valid.f32", t.valid.y);
    write("X_test.f32", t.test.X);
    const p = (process.env.GBDT_SMALL_BOTH === "1" ? { ...PIPELINE, ...OVERRIDES } : PIPELINE) as GbdtParams;
    writeFileSync(
      path.join(dir, "meta.json"),
      JSON.stringify({
        numFeatures: t.featureNames.length,
        task: "regression",
        earlyStopping: true,
        params: {
          numRounds: p.numRounds,
          maxDepth: p.maxDepth,
          learningRate: p.learningRate,
          maxBins: 255,
          lambda: p.lambda,
          minChildWeight: p.minChildWeight,
          earlyStoppingRounds: p.earlyStoppingRounds,
        },
      }),
    );
    execFileSync(PYTHON, [path.join(__dirname, "gbdt-xgboost.py"), dir], { stdio: ["ignore", "inherit", "inherit"] });
    const out = JSON.parse(readFileSync(path.join(dir, "xgboost.json"), "utf8")) as {
      fits: { name: "same" | "defaults"; bestRound: number; predictions: string }[];
    };
    const fit = (name: "same" | "defaults"): Fit => {
      const f = out.fits.find((x) => x.name === name)!;
      const bytes = readFileSync(path.join(dir, f.predictions));
      const predictions = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      return { mae: meanAbsoluteError(t.test.y, predictions), rounds: f.bestRound + 1 };
    };
    return { same: fit("same"), defaults: fit("defaults") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
/** The same split on both sides: the per-split ratio's mean and twice its standard error. */
function pairedRatio(ours: number[], theirs: number[]): string {
  const ratios = ours.map((v, i) => v / theirs[i]);
  return `${mean(ratios).toFixed(3)} ± ${((2 * sd(ratios)) / Math.sqrt(ratios.length)).toFixed(3)}`;
}
const summary = (v: number[]) => `${mean(v).toFixed(3)} ± ${sd(v).toFixed(3)}`;

function main(): void {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(`GBDT small regression tables — ${SEEDS} splits each, node ${process.version}, load average at start ${load()}`);
  console.log(`Tidemark params: ${JSON.stringify({ ...PIPELINE, ...OVERRIDES })}`);
  const header = [
    "table",
    "train/valid/test rows",
    "Tidemark test MAE (mean ± sd)",
    "XGBoost same params",
    "XGBoost defaults",
    "ratio vs same",
    "per-split ratio vs same (mean ± 2 SE)",
    "ratio vs defaults",
    "Tidemark wins vs same",
    "rounds kept: Tidemark / XGB same / XGB defaults (median)",
  ];
  const lines: string[] = [];
  for (const make of [cars, syntheticSmall]) {
    const fits = Array.from({ length: SEEDS }, (_, i) => {
      const t = make(i + 1);
      return { t, ours: ours(t), xgb: xgboost(t) };
    });
    const t = fits[0].t;
    const o = fits.map((f) => f.ours.mae);
    const s = fits.map((f) => f.xgb.same.mae);
    const dflt = fits.map((f) => f.xgb.defaults.mae);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    lines.push(
      [
        t.name,
        `${t.train.y.length}/${t.valid.y.length}/${t.test.y.length}`,
        summary(o),
        summary(s),
        summary(dflt),
        (mean(o) / mean(s)).toFixed(3),
        pairedRatio(o, s),
        (mean(o) / mean(dflt)).toFixed(3),
        `${o.filter((v, i) => v < s[i]).length}/${SEEDS}`,
        [fits.map((f) => f.ours.rounds), fits.map((f) => f.xgb.same.rounds), fits.map((f) => f.xgb.defaults.rounds)]
          .map(median)
          .join(" / "),
      ].join(" | "),
    );
  }
  console.log(`\n| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const line of lines) console.log(`| ${line} |`);
  console.log(`\nload average at end ${load()}`);
}

main();
