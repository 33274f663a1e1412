import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeUnstorable,
  findUnstorableStrings,
  jsonTextMayHoldUnstorableStrings,
  unstorableTextProblem,
} from "@/lib/core/text/storable-text";
import { validateRecords } from "@/lib/inference/validate-records";
import { predictRequestSchema } from "@/lib/serving/predict-request-schema";
import type { Feature } from "@/lib/core/manifest/manifest-schema";

const NUL = "contains a NUL character, which cannot be stored";
const SURROGATE = "contains an unpaired UTF-16 surrogate";

describe("storable text", () => {
  it.each([
    ["plain", "Zürich 🌊", null],
    ["a NUL", "a\u0000b", NUL],
    ["a lone high surrogate at the end", "ab\ud83c", SURROGATE],
    ["a lone low surrogate", "\udf0a", SURROGATE],
    ["a high surrogate followed by a non-surrogate", "\ud83cx", SURROGATE],
    ["reversed pair", "\udf0a\ud83c", SURROGATE],
  ])("%s", (_, text, problem) => {
    expect(unstorableTextProblem(text)).toBe(problem);
  });

  it("finds every bad string in a JSON value, keys included, with its path", () => {
    expect(findUnstorableStrings({ a: ["ok", "x\u0000"], "k\ud800": { deep: "\udc00" }, n: 1, b: null })).toEqual([
      { path: "a.1", message: NUL },
      { path: "k\\ud800 (key)", message: `the name ${SURROGATE}` },
      { path: "k\\ud800.deep", message: SURROGATE },
    ]);
    expect(findUnstorableStrings("\u0000")).toEqual([{ path: "(root)", message: NUL }]);
    expect(findUnstorableStrings({ fine: ["🌊", { x: "y" }] })).toEqual([]);
  });

  it("escapes what Postgres cannot store and keeps valid pairs", () => {
    expect(escapeUnstorable("a\u0000b\ud800🌊\udc00")).toBe("a\\u0000b\\ud800🌊\\udc00");
    expect(unstorableTextProblem(escapeUnstorable("\u0000\ud800"))).toBeNull();
  });
});

// In-process callers (simulate, replay) skip the HTTP body check, so the domain checks too.
describe("the pre-check on JSON text", () => {
  it("never clears a body whose parsed value holds an unstorable string (10,000 generated bodies, seeded)", () => {
    // Strings of arbitrary UTF-16 code units, with NULs, lone and paired surrogates and backslashes
    // made common, in keys and values.
    const unit = fc.oneof(
      fc.constantFrom("\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\\", "u", "0"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    );
    const anyText = fc.string({ unit, maxLength: 8 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        anyText,
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(anyText, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    let unstorable = 0;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        const found = findUnstorableStrings(JSON.parse(text)).length > 0;
        if (found) unstorable++;
        return !found || jsonTextMayHoldUnstorableStrings(text);
      }),
      { seed: 1203, numRuns: 10_000 },
    );
    // The generator does reach the case that matters.
    expect(unstorable).toBeGreaterThan(1_000);
  });

  it("clears ordinary bodies, so they are not walked", () => {
    expect(jsonTextMayHoldUnstorableStrings('{"inputs":[{"country":"FR","note":"caf\\u00e9 \\ud83d\\ude00?"}]}')).toBe(true);
    expect(jsonTextMayHoldUnstorableStrings('{"inputs":[{"country":"FR","amount":12.5,"note":"café"}]}')).toBe(false);
    expect(jsonTextMayHoldUnstorableStrings('{"a":"\\u00e9"}')).toBe(false);
  });
});

describe("a body nested far deeper than any real one", () => {
  it("is walked without overflowing the stack, and a bad string at the bottom is found with its path", () => {
    const depth = 50_000;
    const body = JSON.parse(`${'{"a":['.repeat(depth)}"\\u0000"${"]}".repeat(depth)}`);
    const found = findUnstorableStrings(body);
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(NUL);
    expect(found[0].path).toBe(Array(depth).fill("a.0").join("."));
  });
});

describe("record and request validation refuse unstorable strings", () => {
  const features: Feature[] = [
    { name: "amount", type: "numeric", nullable: false },
    { name: "country", type: "categorical", nullable: false, categories: ["US"], unseenCategory: "map_to_unknown" },
  ] as Feature[];

  it("names the field of a NUL or lone surrogate category, an overlong one, an unknown key with a NUL, and a float32 overflow", () => {
    const { problems } = validateRecords(features, [
      { amount: 1, country: "\u0000" },
      { amount: 1, country: "\ud800" },
      { amount: 1, country: "x".repeat(1025) },
      { amount: 1, country: "US", "k\u0000": 1 },
      { amount: -1e39, country: "US" },
    ]);
    expect(problems).toEqual([
      { index: 0, field: "country", message: NUL },
      { index: 1, field: "country", message: SURROGATE },
      { index: 2, field: "country", message: "must be at most 1024 characters" },
      { index: 3, field: "k\\u0000", message: `unknown feature; the name ${NUL}` },
      { index: 4, field: "amount", message: "must be within float32's range (±3.4028235e+38)" },
    ]);
  });

  it("refuses an entityId with a NUL", () => {
    const result = predictRequestSchema(10).safeParse({ inputs: [{}], entityIds: ["a\u0000"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message }))).toEqual([
      { path: "entityIds.0", message: NUL },
    ]);
  });
});
