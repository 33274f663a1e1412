import { describe, expect, it } from "vitest";
import { tensorsToRecords } from "@/lib/inference-protocol/tensors-to-records";
import { parseServeArgs } from "@/lib/server/serve-args";
import type { Feature } from "@/lib/core/manifest/manifest-schema";
import type { V2InputTensor } from "@/lib/inference-protocol/infer-request-schema";

const features = [
  { name: "amount", type: "numeric", nullable: false },
  { name: "country", type: "categorical", nullable: false, categories: ["US", "DE"], unseenCategory: "reject" },
  { name: "is_new", type: "boolean", nullable: true },
] as unknown as Feature[];

const tensor = (name: string, shape: number[], datatype: string, data: unknown[]) =>
  ({ name, shape, datatype, data }) as V2InputTensor;

describe("tensorsToRecords", () => {
  it("reads one tensor per feature, [N] or [N,1], in any order", () => {
    expect(
      tensorsToRecords(features, [
        tensor("country", [2], "BYTES", ["US", "DE"]),
        tensor("amount", [2, 1], "FP64", [[1.5], [2]]),
        tensor("is_new", [2, 1], "BOOL", [true, false]),
      ]),
    ).toEqual([
      { country: "US", amount: 1.5, is_new: true },
      { country: "DE", amount: 2, is_new: false },
    ]);
  });

  it("reads one [N,F] tensor row-major in the features' order, and leaves out a nullable feature's tensor", () => {
    expect(tensorsToRecords(features, [tensor("input__0", [2, 3], "BYTES", [1, "US", true, 2, "DE", null])])).toEqual([
      { amount: 1, country: "US", is_new: true },
      { amount: 2, country: "DE", is_new: null },
    ]);
    expect(tensorsToRecords(features, [tensor("amount", [1], "INT32", [3]), tensor("country", [1], "BYTES", ["US"])])).toEqual([
      { amount: 3, country: "US" },
    ]);
  });

  it.each([
    [
      "rows that disagree",
      [tensor("amount", [2], "FP32", [1, 2]), tensor("country", [1], "BYTES", ["US"])],
      /every input must be \[2\]/,
    ],
    [
      "a numeric feature sent as BYTES",
      [tensor("amount", [1], "BYTES", ["1"]), tensor("country", [1], "BYTES", ["US"])],
      /takes FP32/,
    ],
    [
      "a boolean sent as FP32",
      [tensor("amount", [1], "FP32", [1]), tensor("country", [1], "BYTES", ["US"]), tensor("is_new", [1], "FP32", [1])],
      /takes BOOL/,
    ],
    ["data that does not fill the shape", [tensor("m", [2, 3], "FP32", [1, 2, 3])], /3 elements for shape \[2,3\]/],
  ])("refuses %s", (_, inputs, message) => {
    expect(() => tensorsToRecords(features, inputs)).toThrow(message);
  });
});

describe("parseServeArgs", () => {
  it("takes next start's flags and the replica flag, with TIDEMARK_HOST and PORT as defaults", () => {
    expect(parseServeArgs([], {})).toEqual({ hostname: "127.0.0.1", port: 3000, inferenceOnly: false });
    expect(parseServeArgs([], { TIDEMARK_HOST: "0.0.0.0", PORT: "8080" })).toEqual({
      hostname: "0.0.0.0",
      port: 8080,
      inferenceOnly: false,
    });
    expect(parseServeArgs(["-H", "::1", "--port", "9000", "--inference-only"], {})).toEqual({
      hostname: "::1",
      port: 9000,
      inferenceOnly: true,
    });
  });
});
