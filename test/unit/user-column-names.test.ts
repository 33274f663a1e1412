// Features keep an ONNX-safe `name` and may carry `column`, the name in the user's data: records are
// accepted by either key (not both), problems are reported under the column, and a column that is
// another feature's name or column is refused at registration.
import { describe, expect, it } from "vitest";
import { manifestSchema, type Feature } from "@/lib/core/manifest/manifest-schema";
import { validateRecords } from "@/lib/inference/validate-records";
import { binaryManifest } from "../helpers/fixtures";

const features: Feature[] = [
  { name: "Beak_Length_mm", column: "Beak Length (mm)", type: "numeric", nullable: false },
  { name: "island", type: "categorical", nullable: true, categories: ["Dream"], unseenCategory: "reject" },
];

describe("validateRecords with user column names", () => {
  it("accepts a record keyed as in the data file, and by internal name, and logs internal names", () => {
    const { problems, records, columns } = validateRecords(features, [
      { "Beak Length (mm)": 41.5, island: "Dream" },
      { Beak_Length_mm: 39, island: null },
    ]);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { Beak_Length_mm: 41.5, island: "Dream" },
      { Beak_Length_mm: 39, island: null },
    ]);
    expect(Array.from(columns.get("Beak_Length_mm") as Float32Array)).toEqual([41.5, 39]);
  });

  it("refuses a feature given under both names, and names problems by the user's column", () => {
    const { problems } = validateRecords(features, [
      { "Beak Length (mm)": 41.5, Beak_Length_mm: 41.5, island: "Dream" },
      { island: "Dream" },
      { "Beak Length (mm)": "long", island: "Dream" },
    ]);
    expect(problems).toEqual([
      {
        index: 0,
        field: "Beak Length (mm)",
        message: 'is given twice, as "Beak Length (mm)" and as "Beak_Length_mm"; send one of them',
      },
      { index: 1, field: "Beak Length (mm)", message: "is required" },
      { index: 2, field: "Beak Length (mm)", message: "must be a number, got string" },
    ]);
  });
});

describe("manifest columns", () => {
  const withFeatures = (list: unknown[]) => manifestSchema.safeParse(binaryManifest({ features: list as Feature[] }));

  it("accepts printable column names up to 128 characters", () => {
    expect(withFeatures([{ name: "a_b", column: "a b (%)", type: "numeric" }]).success).toBe(true);
    const long = withFeatures([{ name: "a", column: "x".repeat(129), type: "numeric" }]);
    expect(long.error?.issues.map((i) => i.message)).toEqual(["must be at most 128 characters"]);
    const control = withFeatures([{ name: "a", column: "a\u0007b", type: "numeric" }]);
    expect(control.error?.issues.map((i) => i.message)).toEqual(["must be printable text (no control characters)"]);
  });

  it("refuses a column that is another feature's name or column, naming both", () => {
    const clash = withFeatures([
      { name: "amount", type: "numeric" },
      { name: "amount_usd", column: "amount", type: "numeric" },
      { name: "x", column: "Total", type: "numeric" },
      { name: "y", column: "Total", type: "numeric" },
    ]);
    expect(clash.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "features.1.column",
        'column "amount" of feature "amount_usd" clashes with feature "amount": a record key must name one feature',
      ],
      [
        "features.3.column",
        'column "Total" of feature "y" clashes with feature "x" (column "Total"): a record key must name one feature',
      ],
    ]);
  });
});
