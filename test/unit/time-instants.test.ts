import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "@/lib/core/time/parse-instant";
import { storableIsoInstantSchema } from "@/lib/core/time/storable-instant";
import { parseTimeRange } from "@/lib/dashboard/time-range";
import { parseWindow } from "@/lib/core/time/hour-windows";

// One rule for a typed time, shared by the API's report queries, the CLI's --window and the pages.
describe("parseIsoInstant", () => {
  it.each([
    ["2026-12-03T13:00Z", "2026-12-03T13:00:00.000Z"],
    ["2026-12-03T13:00:00Z", "2026-12-03T13:00:00.000Z"],
    ["2026-12-03T13:00:00.250Z", "2026-12-03T13:00:00.250Z"],
    ["2026-12-03T14:00+01:00", "2026-12-03T13:00:00.000Z"],
    ["2024-02-29T00:00Z", "2024-02-29T00:00:00.000Z"],
    ["0000-01-01T00:00Z", "0000-01-01T00:00:00.000Z"],
  ])("reads %s", (text, iso) => {
    expect(new Date(parseIsoInstant(text)).toISOString()).toBe(iso);
  });

  it.each([
    "yesterday",
    "0",
    "2026-12-03",
    "2026-12-03 13:00Z",
    "2026-12-03T13:00",
    "2026-12-03T24:00Z",
    "2026-02-29T00:00Z",
    "2026-12-03T13:00+0100",
    "+275760-09-13T00:00:00Z",
  ])("refuses %s", (text) => {
    expect(parseIsoInstant(text)).toBeNaN();
  });
});

describe("the rule where a time is typed", () => {
  it("an API report query takes a time without seconds and refuses year 0000 by its range", () => {
    expect(storableIsoInstantSchema.safeParse("2026-12-03T13:00Z").success).toBe(true);
    const zero = storableIsoInstantSchema.safeParse("0000-01-01T00:00Z");
    expect(zero.error?.issues.map((i) => i.message)).toEqual(["must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"]);
  });

  it("a CLI window refuses a start outside the storable years", () => {
    expect(() => parseWindow("0000-01-01T00:00Z/PT1H")).toThrow(/must be between 0001/);
    expect(() => parseWindow("2026-12-03/PT1H")).toThrow(/ISO 8601 time/);
  });

  it("a page reads a custom range in the same form", () => {
    const range = parseTimeRange({ from: "2026-12-03T13:00Z", to: "2026-12-03T14:00Z" });
    expect([range.key, range.from.toISOString(), range.to.toISOString()]).toEqual([
      "custom",
      "2026-12-03T13:00:00.000Z",
      "2026-12-03T14:00:00.000Z",
    ]);
  });
});
