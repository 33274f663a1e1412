// Public API of the evaluation-metrics core shared by the training pipeline and production
// monitoring. Everything here is a pure function over arrays or typed arrays.

export { evaluate } from "./evaluate";
export { pearsonCorrelation } from "./pearson-correlation";
export type {
  BinaryEvaluationInput,
  EvaluationInput,
  MetricsResult,
  MulticlassEvaluationInput,
  RegressionEvaluationInput,
  Task,
} from "./evaluate";

export { METRIC_NAMES, isMetricName, metricDirection, metricValue, metricsForTask } from "./metric-names";
export type { MetricDirection, MetricName } from "./metric-names";

export { evaluateBinary } from "./binary-metrics";
export type { BinaryMetrics, EvaluateBinaryOptions } from "./binary-metrics";
export { rocAuc, rocCurve } from "./roc-curve";
export type { RocCurve, RocCurveOptions } from "./roc-curve";
export { averagePrecision, precisionRecallCurve } from "./pr-curve";
export type { PrecisionRecallCurve } from "./pr-curve";
export { binaryLogLoss, multiclassLogLoss, DEFAULT_LOG_LOSS_EPS } from "./log-loss";
export type { LogLossOptions } from "./log-loss";
export { brierScore } from "./brier-score";
export { thresholdMetrics } from "./threshold-metrics";
export type { ThresholdMetrics } from "./threshold-metrics";
export { binaryConfusion, confusionMatrix, DEFAULT_THRESHOLD } from "./confusion-matrix";
export type { BinaryConfusion, ConfusionMatrixOptions, ThresholdOptions } from "./confusion-matrix";
export { ZERO_DIVISION_VALUE } from "./precision-recall-f1";
export { expectedCost, f1OptimalThreshold } from "./threshold-selection";
export type { ExpectedCostOptions } from "./threshold-selection";
export { expectedCalibrationError, reliabilityTable, DEFAULT_CALIBRATION_BINS } from "./calibration";
export type { CalibrationOptions, ReliabilityBin } from "./calibration";

export {
  evaluateMulticlass,
  macroF1,
  multiclassAccuracy,
  ovrMacroRocAuc,
  perClassMetrics,
  weightedF1,
} from "./multiclass-metrics";
export type { ClassMetrics, EvaluateMulticlassOptions, MulticlassMetrics, NumClassesOptions } from "./multiclass-metrics";
export { argmaxPredictions, probabilityMatrixFromRows, ROW_SUM_TOLERANCE } from "./probability-matrix";
export type { ProbabilityMatrix } from "./probability-matrix";

export {
  evaluateRegression,
  MAPE_EPSILON,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from "./regression-metrics";
export type { RegressionMetrics } from "./regression-metrics";
