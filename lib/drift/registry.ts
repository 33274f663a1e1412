import { andersonDarling, andersonDarlingCriticalValues } from "./anderson-darling";
import { binCounts, referenceDecileEdges } from "./binning";
import { categoryCounts } from "./category-counts";
import { chiSquareFromCounts } from "./chi-square";
import { cramerVonMises } from "./cramer-von-mises";
import { histogramStd, ksFromHistograms, wassersteinFromHistograms } from "./histogram-approximations";
import { ksTwoSample } from "./ks";
import { jensenShannonFromCounts, psiFromCounts } from "./proportion-divergences";
import { SortedSample } from "./sorted-sample";
import { decide, type BinnedInput, type DriftInput, type StatTest, type StatTestName, type StatTestOptions } from "./stat-test";
import type { ColumnType, DriftResult } from "./types";
import { WASSERSTEIN_MIN_REFERENCE_STD, wassersteinNormed } from "./wasserstein";

function assertColumnType(test: StatTest, input: DriftInput): void {
  if (!test.columnTypes.includes(input.columnType)) {
    throw new RangeError(
      `columnType "${input.columnType}" is not supported by ${test.name} (supports ${test.columnTypes.join(", ")})`,
    );
  }
}

/** Narrows the input for numeric-only statistics, with the same error as `assertColumnType`. */
function numericInput(test: StatTest, input: DriftInput): Extract<DriftInput, { columnType: "numeric" }> {
  assertColumnType(test, input);
  if (input.columnType !== "numeric") throw new RangeError(`${test.name} needs numeric samples`);
  return input;
}

function requireEdges(input: BinnedInput, test: StatTestName): ArrayLike<number> {
  if (input.edges === undefined) throw new RangeError(`edges are required to compute ${test} from bins`);
  return input.edges;
}

/**
 * Both samples as counts over shared bins: reference deciles for numeric columns (so every bin holds
 * ~10 % of the reference and the divergences are scale-free), the union of categories otherwise.
 */
function binnedCounts(input: DriftInput): { reference: number[]; current: number[] } {
  if (input.columnType === "categorical") return categoryCounts(input.reference, input.current);
  const reference = SortedSample.from(input.reference, "reference");
  const current = SortedSample.from(input.current, "current");
  const edges = referenceDecileEdges(reference);
  return { reference: binCounts(reference.values, edges), current: binCounts(current.values, edges) };
}

const ks: StatTest = {
  name: "ks",
  displayName: "Kolmogorov–Smirnov",
  columnTypes: ["numeric"],
  defaultThreshold: 0.05,
  driftWhen: "p-value-below-threshold",
  compute(input, options) {
    const { reference, current } = numericInput(ks, input);
    return decide(ks, { ...ksTwoSample(reference, current), ...options });
  },
  computeFromBins(input, options) {
    const edges = requireEdges(input, "ks");
    const result = ksFromHistograms({ edges, reference: input.reference, current: input.current });
    return decide(ks, { ...result, ...options });
  },
};

const wassersteinNormedTest: StatTest = {
  name: "wasserstein_normed",
  displayName: "Wasserstein distance (normed by reference std)",
  columnTypes: ["numeric"],
  // A shift of a tenth of a reference standard deviation: Evidently's default.
  defaultThreshold: 0.1,
  driftWhen: "statistic-above-threshold",
  compute(input, options) {
    const { reference, current } = numericInput(wassersteinNormedTest, input);
    return decide(wassersteinNormedTest, { statistic: wassersteinNormed(reference, current), ...options });
  },
  computeFromBins(input, options) {
    const edges = requireEdges(input, "wasserstein_normed");
    const { distance } = wassersteinFromHistograms({ edges, reference: input.reference, current: input.current });
    const std = Math.max(histogramStd(edges, input.reference), WASSERSTEIN_MIN_REFERENCE_STD);
    return decide(wassersteinNormedTest, { statistic: distance / std, ...options });
  },
};

const psi: StatTest = {
  name: "psi",
  displayName: "Population Stability Index",
  columnTypes: ["numeric", "categorical"],
  // Industry rule of thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
  defaultThreshold: 0.1,
  driftWhen: "statistic-above-threshold",
  compute(input, options) {
    assertColumnType(psi, input);
    const counts = binnedCounts(input);
    return decide(psi, { statistic: psiFromCounts(counts.reference, counts.current), ...options });
  },
  computeFromBins(input, options) {
    return decide(psi, { statistic: psiFromCounts(input.reference, input.current), ...options });
  },
};

const jensenShannon: StatTest = {
  name: "jensen_shannon",
  displayName: "Jensen–Shannon distance",
  columnTypes: ["numeric", "categorical"],
  defaultThreshold: 0.1,
  driftWhen: "statistic-above-threshold",
  compute(input, options) {
    assertColumnType(jensenShannon, input);
    const counts = binnedCounts(input);
    const statistic = jensenShannonFromCounts(counts.reference, counts.current);
    return decide(jensenShannon, { statistic, ...options });
  },
  computeFromBins(input, options) {
    const statistic = jensenShannonFromCounts(input.reference, input.current);
    return decide(jensenShannon, { statistic, ...options });
  },
};

const chi2: StatTest = {
  name: "chi2",
  displayName: "Chi-square test of homogeneity",
  columnTypes: ["categorical"],
  defaultThreshold: 0.05,
  driftWhen: "p-value-below-threshold",
  compute(input, options) {
    assertColumnType(chi2, input);
    const counts = binnedCounts(input);
    return decide(chi2, { ...chiSquareFromCounts(counts.reference, counts.current), ...options });
  },
  computeFromBins(input, options) {
    return decide(chi2, { ...chiSquareFromCounts(input.reference, input.current), ...options });
  },
};

const cramerVonMisesTest: StatTest = {
  name: "cramer_von_mises",
  displayName: "Cramér–von Mises",
  columnTypes: ["numeric"],
  defaultThreshold: 0.05,
  driftWhen: "p-value-below-threshold",
  compute(input, options) {
    const { reference, current } = numericInput(cramerVonMisesTest, input);
    return decide(cramerVonMisesTest, { ...cramerVonMises(reference, current), ...options });
  },
};

const andersonDarlingTest: StatTest = {
  name: "anderson_darling",
  displayName: "Anderson–Darling (k-sample)",
  columnTypes: ["numeric"],
  // The two-sample critical value at the 5 % level, so the default decision is the 5 % test without
  // scipy's coarse, capped p-value interpolation.
  defaultThreshold: andersonDarlingCriticalValues(2)[2],
  driftWhen: "statistic-above-threshold",
  compute(input, options) {
    const { reference, current } = numericInput(andersonDarlingTest, input);
    const { statistic } = andersonDarling(reference, current);
    return decide(andersonDarlingTest, { statistic, ...options });
  },
};

/** Built-in statistics by name. Frozen: concurrent jobs share it, so nothing may register into it. */
export const STAT_TESTS: Readonly<Record<StatTestName, StatTest>> = Object.freeze({
  ks,
  wasserstein_normed: wassersteinNormedTest,
  psi,
  jensen_shannon: jensenShannon,
  chi2,
  cramer_von_mises: cramerVonMisesTest,
  anderson_darling: andersonDarlingTest,
});

export function isStatTestName(name: string): name is StatTestName {
  return Object.hasOwn(STAT_TESTS, name);
}

export function getStatTest(name: string): StatTest {
  if (!isStatTestName(name)) {
    const known = Object.keys(STAT_TESTS).join(", ");
    throw new RangeError(`name "${name}" is not a known drift statistic (known: ${known})`);
  }
  return STAT_TESTS[name];
}

/** Statistics applicable to a column type, in registry order. */
export function statTestsFor(columnType: ColumnType): StatTest[] {
  return Object.values(STAT_TESTS).filter((t) => t.columnTypes.includes(columnType));
}

/** Runs one named statistic on raw samples. */
export function runStatTest(name: StatTestName, input: DriftInput, options?: StatTestOptions): DriftResult {
  return getStatTest(name).compute(input, options);
}
