import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classBalance, classBalanceFindings } from "@/lib/training/audit/class-balance";
import { columnQuality, columnQualityFindings } from "@/lib/training/audit/column-quality";
import { duplicateReport, duplicateFindings } from "@/lib/training/audit/duplicates";
import { rowHashes } from "@/lib/training/audit/row-hash";
import { singleFeatureSignal, leakageFindings } from "@/lib/training/audit/single-feature-leakage";
import { labelCheckCsv, readLabelCheck } from "@/lib/training/audit/label-check";
import { columnShift } from "@/lib/training/audit/distribution-shift";
import { createRandom, normal } from "@/lib/training/random";
import type { Column } from "@/lib/training/table";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-audit-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe("class balance", () => {
  it("flags a minority under 10% and applies balanced weights n / (K · count)", () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => (i < 6 ? 1 : 0));
    const b = classBalance(y, ["no", "yes"]);
    expect(b).toMatchObject({ imbalanced: true, minorityClass: "yes", minorityFraction: 0.06, counts: { no: 94, yes: 6 } });
    expect(b.classWeights[0]).toBeCloseTo(100 / (2 * 94), 12);
    expect(b.classWeights[1]).toBeCloseTo(100 / (2 * 6), 12);
    expect(classBalanceFindings(b, ["no", "yes"]).map((f) => f.check)).toEqual(["class_balance", "class_weights"]);
    const even = classBalance(
      Float64Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0)),
      ["no", "yes"],
    );
    expect(even).toMatchObject({ imbalanced: false, classWeights: [1, 1] });
  });
});

describe("leakage", () => {
  const random = createRandom(1);
  const n = 400;
  const y = Float64Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
  const leak: Column = {
    name: "refund_issued",
    type: "numeric",
    values: Float64Array.from(y, (v) => v * 10 + normal(random) * 0.1),
  };
  const honest: Column = { name: "amount", type: "numeric", values: Float64Array.from(y, (v) => v + normal(random) * 1.5) };
  const leakyCategory: Column = {
    name: "status",
    type: "categorical",
    codes: Int32Array.from(y, (v) => v),
    categories: ["open", "charged_back"],
  };

  it("flags a feature that alone separates the classes (AUC ≥ 0.98), not an informative one", () => {
    const signals = [leak, honest, leakyCategory].map((c) => singleFeatureSignal(c, y, all(n), "binary", 2));
    expect(signals.map((s) => s.leaking)).toEqual([true, false, true]);
    expect(signals[1].auc!).toBeGreaterThan(0.6);
    expect(leakageFindings(signals).map((f) => f.columns)).toEqual([["refund_issued"], ["status"]]);
  });

  it("regression: |correlation| ≥ 0.98", () => {
    const target = Float64Array.from({ length: n }, () => normal(random));
    const copy: Column = { name: "copy", type: "numeric", values: target.map((v) => -2 * v + 0.01 * normal(random)) };
    const weak: Column = { name: "weak", type: "numeric", values: target.map((v) => v + normal(random)) };
    expect(singleFeatureSignal(copy, target, all(n), "regression", 0)).toMatchObject({ leaking: true });
    expect(singleFeatureSignal(weak, target, all(n), "regression", 0).leaking).toBe(false);
  });

  it("identical rows across train and test, exact duplicates and conflicting labels", () => {
    const x: Column = { name: "x", type: "numeric", values: Float64Array.from([1, 2, 3, 1, 5, 6, 2, 8]) };
    const c: Column = {
      name: "c",
      type: "categorical",
      codes: Int32Array.from([0, 1, 0, 0, 1, 0, 1, -1]),
      categories: ["a", "b"],
    };
    const target = Float64Array.from([0, 1, 0, 0, 1, 1, 0, 1]);
    const report = duplicateReport({
      featureHashes: rowHashes([x, c], all(8)),
      target,
      trainRows: Int32Array.from([0, 1, 2, 4, 5]),
      testRows: Int32Array.from([3, 6, 7]),
    });
    // Row 3 repeats row 0 exactly; row 6 has row 1's features with another label; rows 3 and 6 are in test.
    expect(report).toEqual({ duplicateRows: 1, conflictingGroups: 1, testRowsInTrain: 2, testRows: 3 });
    expect(duplicateFindings(report, 8).map((f) => [f.check, f.severity])).toEqual([
      ["duplicates", "warning"],
      ["conflicting_duplicates", "warning"],
      ["leakage_train_test_overlap", "error"],
    ]);
    expect(
      duplicateReport({
        featureHashes: rowHashes([x], all(3)),
        target,
        trainRows: Int32Array.from([0, 1]),
        testRows: Int32Array.from([2]),
      }).testRowsInTrain,
    ).toBe(0);
  });
});

describe("column quality", () => {
  it("constant, near-constant, high-cardinality and ID-like columns", () => {
    const constant = columnQuality({ name: "country", type: "categorical", codes: new Int32Array(100), categories: ["FR"] });
    const nearConstant = columnQuality({
      name: "v",
      type: "numeric",
      values: Float64Array.from({ length: 200 }, (_, i) => (i === 0 ? 1 : 0)),
    });
    const highCard = columnQuality({
      name: "city",
      type: "categorical",
      codes: Int32Array.from({ length: 300 }, (_, i) => i % 80),
      categories: Array.from({ length: 80 }, (_, i) => `c${i}`),
    });
    const idNumeric = columnQuality({
      name: "row_number",
      type: "numeric",
      values: Float64Array.from({ length: 50 }, (_, i) => 1000 + i),
    });
    const idText = columnQuality({
      name: "customer",
      type: "categorical",
      codes: all(40),
      categories: Array.from({ length: 40 }, (_, i) => `u${i}`),
    });
    const measurement = columnQuality({
      name: "height",
      type: "numeric",
      values: Float64Array.from({ length: 50 }, (_, i) => 150 + i * 0.7),
    });
    expect([
      constant.constant,
      nearConstant.nearConstant,
      highCard.highCardinality,
      idNumeric.idLike,
      idText.idLike,
      measurement.idLike,
    ]).toEqual([true, true, true, true, true, false]);
    const findings = columnQualityFindings([constant, highCard, idNumeric, idText], new Set(["customer"]));
    expect(findings.map((f) => [f.check, f.severity])).toEqual([
      ["constant_column", "warning"],
      ["high_cardinality", "warning"],
      ["id_column_excluded", "warning"],
      ["leakage_id_column", "error"],
    ]);
  });
});

describe("label check", () => {
  const table = {
    rows: 500,
    columns: [{ name: "x", type: "numeric" as const, values: Float64Array.from({ length: 500 }, (_, i) => i) }],
  };

  it("samples 200 distinct random rows with an empty label_ok column, the same for the same seed", () => {
    const csv = labelCheckCsv(table, all(500), 3);
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("row,x,label_ok");
    expect(lines.length).toBe(201);
    expect(new Set(lines.slice(1)).size).toBe(200);
    expect(lines.slice(1).every((l) => l.endsWith(","))).toBe(true);
    expect(labelCheckCsv(table, all(500), 3)).toBe(csv);
  });

  it("names each row by its line in the source file when rows without a target were dropped", () => {
    const fileRows = Int32Array.from({ length: 500 }, (_, i) => 2 * i + 1);
    const lines = labelCheckCsv(table, all(500), 3, { rows: 5, fileRows }).trim().split("\n").slice(1);
    for (const line of lines) {
      const [row, x] = line.split(",");
      expect(Number(row)).toBe(2 * Number(x) + 2);
    }
  });

  it("refuses when more than 5% of reviewed labels are marked wrong", () => {
    const mark = (wrong: number, reviewed: number) => {
      const lines = labelCheckCsv(table, all(500), 3).trim().split("\n");
      const marked = lines.map((l, i) => (i === 0 ? l : i <= reviewed ? `${l}${i <= wrong ? "no" : "yes"}` : l));
      const file = path.join(dir, `check-${wrong}-${reviewed}.csv`);
      fs.writeFileSync(file, `${marked.join("\n")}\n`);
      return readLabelCheck(file);
    };
    expect(mark(10, 200)).toMatchObject({ reviewed: 200, wrong: 10, passes: true });
    expect(mark(11, 200)).toMatchObject({ reviewed: 200, wrong: 11, passes: false });
    expect(mark(0, 0)).toMatchObject({ reviewed: 0, passes: false });
  });
});

describe("distribution shift (lib/drift)", () => {
  it("flags a shifted feature and not a stable one", () => {
    const random = createRandom(5);
    const values = Float64Array.from({ length: 2000 }, (_, i) => normal(random) + (i >= 1000 ? 1 : 0));
    const column: Column = { name: "x", type: "numeric", values };
    const first = all(1000);
    const second = Int32Array.from({ length: 1000 }, (_, i) => 1000 + i);
    expect(columnShift({ column, rows: first }, { column, rows: second })!.result.drifted).toBe(true);
    const evens = Int32Array.from({ length: 500 }, (_, i) => 2 * i);
    const odds = Int32Array.from({ length: 500 }, (_, i) => 2 * i + 1);
    expect(columnShift({ column, rows: evens }, { column, rows: odds })!.result.drifted).toBe(false);
  });
});
