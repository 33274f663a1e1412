import { describe, expect, it } from "vitest";
import { suggestNextStep, type NextStepInput } from "@/lib/alerts/lifecycle/next-step";
import { formatMeasure, sinceText } from "@/lib/alerts/format-measure";

// The next step per kind of alert, and the range of its link: from half a day before the first
// breaching window (at least a day before the newest window's end) to the newest window's end.

const SINCE = new Date("2026-11-12T10:00:00.000Z");
const UNTIL = new Date("2026-11-12T13:00:00.000Z");
const RANGE = `from=${encodeURIComponent("2026-11-11T13:00:00.000Z")}&to=${encodeURIComponent(UNTIL.toISOString())}`;
const base = (over: Partial<NextStepInput>): NextStepInput => ({
  kind: "dataset_drift",
  model: "fraud",
  version: 2,
  feature: null,
  since: SINCE,
  until: UNTIL,
  latest: { summary: "p99 latency 154 ms above the SLA's 50 ms", window: { start: "", end: "" }, link: "/models/fraud" },
  estimate: null,
  ...over,
});
const holding = { metric: "auc", value: 0.86, threshold: 0.8, holds: true, windows: 3 };
const falling = { ...holding, value: 0.7, holds: false };

describe("suggestNextStep", () => {
  it.each([
    [
      "sla",
      {},
      "sla_breach",
      /^Open the latency chart on the service page around 2026-11-12 10:00 UTC: p99 latency 154 ms/,
      "/service?version=2&",
    ],
    ["no_traffic", { version: null }, "no_traffic", /check the client, the caller's integration/, "?"],
    [
      "data_quality",
      { feature: "amount" },
      "data_quality",
      /^Fix the offending column amount at its source/,
      "/drift?version=2&feature=amount&",
    ],
    [
      "performance",
      { source: "estimated", estimate: falling },
      "covariate_drift_hurting",
      /^Estimated performance/,
      "/drift?version=2&",
    ],
    [
      "performance",
      { source: "realized" },
      "performance_drop",
      /no performance estimate is stored to tell input shift from concept drift/,
      "/performance?version=2&",
    ],
    [
      "performance",
      { source: "realized", estimate: holding },
      "concept_drift",
      /likely concept drift/,
      "/performance?version=2&",
    ],
    ["dataset_drift", {}, "covariate_drift", /no performance estimate is stored to say whether it matters/, "/drift?version=2&"],
    [
      "dataset_drift",
      { estimate: falling },
      "covariate_drift_hurting",
      /estimated auc fell to 0\.7, below its threshold 0\.8/,
      "/performance?version=2&",
    ],
    [
      "output_drift",
      { feature: "output:score", estimate: holding },
      "covariate_drift",
      /^The model's output score moved, estimated performance holds/,
      "/drift?version=2&feature=output%3Ascore&",
    ],
  ] as const)("%s %j → %s", (kind, over, diagnosis, text, page) => {
    const step = suggestNextStep(base({ kind, ...over }));
    expect(step.diagnosis).toBe(diagnosis);
    expect(step.text).toMatch(text);
    expect(step.link).toBe(`/models/fraud${page}${RANGE}`);
  });

  it("feature drift points at its own feature, dataset drift at the top-ranked one", () => {
    const topFeatures = [
      { feature: "country", importance: 0.7, effectSize: 0.3, threshold: 0.1, score: 2.1 },
      { feature: "amount", importance: 0.2, effectSize: 0.6, threshold: 0.1, score: 1.2 },
    ];
    const latest = { ...base({}).latest, topFeatures };
    expect(suggestNextStep(base({ latest, estimate: holding })).text).toBe(
      "Inputs moved (country, amount), estimated performance holds (auc 0.86, threshold 0.8): watch, and check the upstream source of country for a change in how it is produced.",
    );
    const feature = suggestNextStep(base({ kind: "feature_drift", feature: "amount", latest, estimate: holding }));
    expect(feature.text).toContain("check the upstream source of amount");
    expect(feature.link).toContain("feature=amount");
  });

  it("a breach longer than a day opens the page half a day before it began", () => {
    const step = suggestNextStep(base({ kind: "sla", since: new Date("2026-11-10T00:00:00.000Z") }));
    expect(step.link).toContain(`from=${encodeURIComponent("2026-11-09T12:00:00.000Z")}`);
  });
});

describe("formatting", () => {
  it("three significant digits, whole numbers from 100 up", () => {
    expect([0.1550002129773866, 223.60000610351562, 3, 12345.6, null, Number.NaN].map(formatMeasure)).toEqual([
      "0.155",
      "224",
      "3",
      "12,346",
      "n/a",
      "n/a",
    ]);
  });

  it("since: the breach's start with its window counts, or first seen for alerts without one", () => {
    const breach = {
      since: "2026-11-12T10:00:00.000Z",
      firstWindow: { start: "2026-11-12T10:00:00.000Z", end: "2026-11-12T11:00:00.000Z" },
      windows: { judged: 4, breaching: 3 },
      strength: { measure: "auc", value: 0.6, threshold: 0.8 },
      estimate: null,
      nextStep: { diagnosis: "x", text: "", link: "" },
    };
    expect(sinceText("2026-11-12T13:05:00.000Z", breach)).toBe("2026-11-12 10:00 UTC (3 of 4 windows breaching)");
    expect(sinceText("2026-11-12T13:05:00.000Z", { ...breach, sinceIsLowerBound: true })).toBe(
      "2026-11-12 10:00 UTC or earlier (3 of 4 windows breaching)",
    );
    expect(sinceText("2026-11-12T13:05:00.000Z", undefined)).toBe("2026-11-12 13:05 UTC");
  });
});
