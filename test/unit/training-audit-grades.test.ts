// Audit findings graded by what they mean: a near-unique categorical column (vega-datasets cars'
// `Name`: car models, most seen once) is memorisation risk, a warning, not leakage; a real leak in a
// categorical column stays an error; a single duplicate row is a note, and train/test overlap is an
// error only when its share of the test set could move the metric.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { duplicateFindings } from "@/lib/training/audit/duplicates";
import { leakageFindings, singleFeatureSignal } from "@/lib/training/audit/single-feature-leakage";
import { loadTable } from "@/lib/training/data/load-table";
import { prepareTarget } from "@/lib/training/data/prepare-target";
import { getColumnOrThrow } from "@/lib/training/table";

const carsFile = path.resolve(__dirname, "../../node_modules/vega-datasets/data/cars.json");

describe("cars.json: the Name column", () => {
  it("is a warning that it would be memorised, not a leakage error", async () => {
    const { table } = await loadTable(carsFile);
    expect(table.rows).toBe(406);
    const target = prepareTarget(getColumnOrThrow(table, "Origin"), "multiclass");
    const name = getColumnOrThrow(table, "Name");
    const signal = singleFeatureSignal(name, target.y, target.keptRows, "multiclass", target.classes!.length);
    // In-sample target shares of near-unique names separate the origins perfectly…
    expect(signal.auc).toBeGreaterThanOrEqual(0.98);
    // …but a row scored by the other rows of its name alone does not: most names occur once.
    expect(signal.unseenScore).toBeLessThan(0.9);
    expect(signal.categories).toMatchObject({ rows: 406 });
    expect(signal.categories!.distinct).toBeGreaterThan(300);
    expect(signal).toMatchObject({ leaking: false, memorised: true });
    const findings = leakageFindings([signal]);
    expect(findings.map((f) => [f.check, f.severity])).toEqual([["memorisation_risk", "warning"]]);
    expect(findings[0].message).toMatch(/high-cardinality, identifier-like column .*likely memorise.*--exclude Name/);
  });

  it("a categorical column that is the target in disguise stays a leakage error", async () => {
    const { table } = await loadTable(carsFile);
    const target = prepareTarget(getColumnOrThrow(table, "Origin"), "multiclass");
    // A code per origin, repeated on every row: each row's code is seen in other rows, so the
    // leave-one-out score stays perfect.
    const codes = Int32Array.from(target.y);
    const disguised = { name: "origin_code", type: "categorical" as const, codes, categories: target.classes! };
    const signal = singleFeatureSignal(
      disguised,
      target.y,
      Int32Array.from(codes, (_, i) => i),
      "multiclass",
      3,
    );
    expect(signal).toMatchObject({ leaking: true, memorised: false });
    expect(leakageFindings([signal]).map((f) => [f.check, f.severity])).toEqual([["leakage_single_feature", "error"]]);
  });
});

describe("duplicates graded by share", () => {
  const report = (duplicateRows: number, testRowsInTrain: number, testRows = 80) => ({
    duplicateRows,
    conflictingGroups: 0,
    testRowsInTrain,
    testRows,
  });

  it("one duplicate row in cars' 406 is a note, never an error", () => {
    expect(duplicateFindings(report(1, 0), 406).map((f) => [f.check, f.severity, f.message])).toEqual([
      ["duplicates", "info", "1 row (0.2%) repeats an earlier row exactly"],
    ]);
  });

  it.each([
    [1, 406, "info"],
    [5, 406, "warning"],
  ] as const)("%i duplicate rows of %i: %s", (duplicates, rows, severity) => {
    expect(duplicateFindings(report(duplicates, 0), rows)[0].severity).toBe(severity);
  });

  it.each([
    [1, 200, "info"],
    [1, 80, "warning"],
    [4, 80, "error"],
  ] as const)("%i of %i test rows also in train: %s", (overlap, testRows, severity) => {
    const found = duplicateFindings(report(0, overlap, testRows), 1000);
    expect(found.map((f) => [f.check, f.severity])).toEqual([["leakage_train_test_overlap", severity]]);
  });
});
