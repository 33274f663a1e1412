// Chronological split and windowing. The series is cut by time into train / validation / test
// (70 / 15 / 15 of the observations, never shuffled); windows are built after the cut, one split at
// a time, so every target of a window lies inside its own split. A window's lookback may reach back
// into an earlier split (the first validation forecast reads the end of train: that is the past,
// known at forecast time), never forward.

export interface SeriesSplit {
  /** Half-open index ranges [start, end) of each split's observations. */
  train: { start: number; end: number };
  validation: { start: number; end: number };
  test: { start: number; end: number };
}

export interface Windows {
  /** Index of each window's last input observation (the forecast origin). */
  origins: Int32Array;
  /** rows × lookback, oldest first, float32 as the ONNX input takes it. */
  X: Float32Array;
  /** rows × horizon: the next `horizon` observations. */
  Y: Float64Array;
  rows: number;
  lookback: number;
  horizon: number;
}

export class WindowError extends Error {}

export const SPLIT_FRACTIONS = { train: 0.7, validation: 0.15 } as const;

export function splitSeries(length: number, lookback: number, horizon: number): SeriesSplit {
  const trainEnd = Math.floor(length * SPLIT_FRACTIONS.train);
  const validationEnd = Math.floor(length * (SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.validation));
  const split = {
    train: { start: 0, end: trainEnd },
    validation: { start: trainEnd, end: validationEnd },
    test: { start: validationEnd, end: length },
  };
  // Train needs whole windows; validation and test need at least one full horizon each.
  if (trainEnd < lookback + horizon + 1)
    throw new WindowError(
      `the training part (${trainEnd} of ${length} observations) is too short for --lookback ${lookback} and --horizon ${horizon}: it needs at least ${lookback + horizon + 1}`,
    );
  for (const name of ["validation", "test"] as const) {
    const size = split[name].end - split[name].start;
    if (size < horizon)
      throw new WindowError(
        `the ${name} part (${size} observations) is shorter than --horizon ${horizon}; use a longer series or a shorter horizon`,
      );
  }
  return split;
}

/** Every window whose targets all lie in [range.start, range.end) and whose lookback starts at or after 0. */
export function buildWindows(
  values: ArrayLike<number>,
  range: { start: number; end: number },
  lookback: number,
  horizon: number,
): Windows {
  const first = Math.max(range.start - 1, lookback - 1);
  const last = range.end - 1 - horizon;
  const rows = Math.max(0, last - first + 1);
  const origins = new Int32Array(rows);
  const X = new Float32Array(rows * lookback);
  const Y = new Float64Array(rows * horizon);
  for (let r = 0; r < rows; r++) {
    const t = first + r;
    origins[r] = t;
    for (let j = 0; j < lookback; j++) X[r * lookback + j] = values[t - lookback + 1 + j];
    for (let h = 0; h < horizon; h++) Y[r * horizon + h] = values[t + 1 + h];
  }
  return { origins, X, Y, rows, lookback, horizon };
}
