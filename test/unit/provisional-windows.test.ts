import { describe, expect, it } from "vitest";
import { smallestDecile, windowCompleteness } from "@/lib/monitors/shared/provisional";
import { openHourIn } from "@/lib/monitors/shared/open-hour";
import { businessByDecile } from "@/lib/monitors/business/business-by-decile";
import { provisionalReason, splitProvisional } from "@/lib/dashboard/components/provisional-marks";

const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 3, 21);

describe("windowCompleteness", () => {
  const end = new Date(T + HOUR);
  it.each([
    // [now, count, minimum, provisional, open]
    [T + HOUR, 30, 30, false, false],
    [T + HOUR, 29, 30, true, false],
    [T + HOUR - 1, 1000, 30, true, true],
    [T + 30 * 60_000, 3, 30, true, true],
  ])("now=%d count=%d minimum=%d → provisional %s, open %s", (now, count, minimum, provisional, open) => {
    expect(windowCompleteness({ end, count, minimum, now: new Date(now) })).toEqual({ provisional, open, count, minimum });
  });
});

describe("smallestDecile", () => {
  it("is the size of the smallest decile businessByDecile makes", () => {
    for (const n of [3, 10, 29, 120, 305, 1000]) {
      const deciles = businessByDecile(
        Array.from({ length: n }, (_, i) => i / n),
        Array.from({ length: n }, () => 1),
      );
      const smallest = deciles.length < 10 ? 0 : Math.min(...deciles.map((d) => d.count));
      expect(smallestDecile(n), `n=${n}`).toBe(smallest);
    }
  });
});

describe("openHourIn", () => {
  const now = new Date(T + 25 * 60_000);
  it("is the hour holding now when the range reaches into it", () => {
    expect(openHourIn({ from: new Date(T - 24 * HOUR), to: now }, now)).toEqual({ start: new Date(T), end: new Date(T + HOUR) });
  });
  it("is null for a range that ends before the hour, or starts inside it after its start", () => {
    expect(openHourIn({ from: new Date(T - 24 * HOUR), to: new Date(T) }, now)).toBeNull();
    expect(openHourIn({ from: new Date(T + 60_000), to: now }, now)).toBeNull();
  });
});

describe("splitProvisional", () => {
  const data = [
    { time: new Date(T - HOUR).toISOString(), realized: 0.91, "deploy threshold": 0.8 },
    { time: new Date(T).toISOString(), realized: 0, "deploy threshold": 0.8 },
  ];
  const windows = [
    { time: new Date(T - HOUR).toISOString(), provisional: false, open: false, count: 600, minimum: 30 },
    { time: new Date(T).toISOString(), provisional: true, open: true, count: 3, minimum: 30 },
  ];
  it("moves provisional values off the judged line into a grey twin", () => {
    const split = splitProvisional(data, [{ category: "realized", unit: "labels", windows }]);
    expect(split.extra).toEqual(["realized (provisional)"]);
    expect(split.data).toEqual([
      { ...data[0], realized: 0.91, "realized (provisional)": null },
      { ...data[1], realized: null, "realized (provisional)": 0 },
    ]);
  });
  it("leaves the data alone when nothing is provisional", () => {
    const split = splitProvisional(data, [{ category: "realized", unit: "labels", windows: [windows[0]] }]);
    expect(split).toEqual({ data, extra: [] });
  });
  it("says why in words", () => {
    expect(provisionalReason(windows[1], "labels")).toBe("3 of 30 labels, hour still open");
    expect(provisionalReason({ ...windows[1], open: false, count: 12 }, "requests")).toBe("12 of 30 requests: too few to judge");
  });
});
