import { describe, expect, it } from "vitest";
import { formatRange, formatSignificant } from "@/lib/core/text/format-number";

describe("formatSignificant", () => {
  it.each([
    [223.60000610351562, "224"],
    [0.1550002129773866, "0.155"],
    [0.1, "0.1"],
    [12345.6, "12,346"],
    [-0.000012345, "-0.0000123"],
    [0, "0"],
    [null, "—"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "∞"],
  ])("%s → %s", (value, text) => {
    expect(formatSignificant(value)).toBe(text);
  });

  it("takes the number of digits", () => {
    expect(formatSignificant(0.1550002129773866, 2)).toBe("0.16");
    expect(formatRange(223.60000610351562, 310.2000122)).toBe("224–310");
  });
});
