/**
 * Two-sample drift statistics shared by the training pipeline's data audit (train vs test) and
 * production monitoring (reference window vs current window). Pure functions, no dependencies;
 * numbers match scipy 1.10 (see test/fixtures/oracle/drift.json).
 */
export type { CategoryValue, ColumnType, DriftDirection, DriftResult, SampleSizes } from "./types";
export { SortedSample, type NumericSample } from "./sorted-sample";

export {
  STAT_TESTS,
  getStatTest,
  isStatTestName,
  runStatTest,
  statTestsFor,
} from "./registry";
export type { BinnedInput, DriftInput, StatTest, StatTestName, StatTestOptions } from "./stat-test";
export {
  LARGE_SAMPLE_EFFECTIVE_SIZE,
  chooseDefaultStatTest,
  detectDrift,
  type DefaultChoiceOptions,
  type DetectDriftOptions,
} from "./default-choice";

export {
  KS_EXACT_MAX_SAMPLE_SIZE,
  ksAsymptoticPValue,
  ksTwoSample,
  type KsMethod,
  type KsOptions,
  type KsResult,
} from "./ks";
export { ksExactPValue } from "./ks-exact";
export {
  WASSERSTEIN_MIN_REFERENCE_STD,
  populationStd,
  wassersteinDistance,
  wassersteinNormed,
  type WassersteinNormedOptions,
} from "./wasserstein";
export {
  cramerVonMises,
  cramerVonMisesLimitCdf,
  type CramerVonMisesMethod,
  type CramerVonMisesOptions,
  type CramerVonMisesResult,
} from "./cramer-von-mises";
export {
  ANDERSON_DARLING_SIGNIFICANCE_LEVELS,
  andersonDarling,
  andersonDarlingCriticalValues,
  andersonDarlingKSample,
  type AndersonDarlingResult,
} from "./anderson-darling";

export { binCounts, linearQuantileSorted, referenceDecileEdges } from "./binning";
export {
  PSI_PROPORTION_FLOOR,
  jensenShannonFromCounts,
  psiFromCounts,
  type PsiOptions,
} from "./proportion-divergences";
export { chiSquareFromCounts, type ChiSquareResult } from "./chi-square";
export { chiSquareQuantile, jensenShannonNoiseFloor, type JensenShannonNoiseFloorOptions } from "./jensen-shannon-noise-floor";
export { categoryCounts, type CategoryCounts } from "./category-counts";
export {
  histogramStd,
  ksFromHistograms,
  wassersteinFromHistograms,
  type HistogramKsResult,
  type HistogramPair,
  type HistogramWassersteinResult,
} from "./histogram-approximations";

export { kolmogorovSurvival, smirnovSurvival } from "./kolmogorov-distribution";
export {
  besselKScaled,
  chiSquareSurvival,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from "./special-functions";
