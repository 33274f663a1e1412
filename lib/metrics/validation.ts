// Argument checks shared by every metric. Metrics are computed from monitoring data that arrives
// from outside the process, so a NaN, a label of 2 or a short array must fail loudly with the name
// of the argument rather than quietly turning a dashboard number into NaN. Convention: TypeError
// when an argument is the wrong kind of thing, RangeError when its values are out of range.

/** Throws unless `values` is array-like (an array or a typed array). */
export function assertArrayLike(values: unknown, name: string): asserts values is ArrayLike<number> {
  if (values === null || typeof values !== "object" || typeof (values as { length?: unknown }).length !== "number") {
    throw new TypeError(`${name} must be an array or typed array of numbers`);
  }
}

/** Throws unless `values` is a non-empty array of finite numbers. */
export function assertFiniteArray(values: unknown, name: string): asserts values is ArrayLike<number> {
  assertArrayLike(values, name);
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") throw new TypeError(`${name}[${i}] must be a number, got ${typeof v}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be finite, got ${v}`);
  }
}

export function assertSameLength(a: ArrayLike<unknown>, aName: string, b: ArrayLike<unknown>, bName: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${aName} and ${bName} must have the same length (got ${a.length} and ${b.length})`);
  }
}

/** Binary labels must be exactly 0 or 1: a 2 or a -1 means the caller mixed up label encodings. */
export function assertBinaryLabels(yTrue: unknown, name = "yTrue"): asserts yTrue is ArrayLike<number> {
  assertFiniteArray(yTrue, name);
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i];
    if (v !== 0 && v !== 1) throw new RangeError(`${name}[${i}] must be 0 or 1, got ${v}`);
  }
}

/** Class labels must be integer indices in [0, numClasses); numClasses may be Infinity when unknown. */
export function assertClassLabels(labels: unknown, numClasses: number, name: string): asserts labels is ArrayLike<number> {
  assertFiniteArray(labels, name);
  const expected = Number.isFinite(numClasses)
    ? `an integer class index in [0, ${numClasses - 1}]`
    : "a non-negative integer class index";
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) throw new RangeError(`${name}[${i}] must be ${expected}, got ${v}`);
  }
}

/** Probabilities must lie in [0, 1]; losses such as log loss and Brier are meaningless otherwise. */
export function assertProbabilities(values: unknown, name: string): asserts values is ArrayLike<number> {
  assertFiniteArray(values, name);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v > 1) throw new RangeError(`${name}[${i}] must be a probability in [0, 1], got ${v}`);
  }
}

export function assertFiniteNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
}

export function assertNonNegativeNumber(value: unknown, name: string): asserts value is number {
  assertFiniteNumber(value, name);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

export function assertPositiveInteger(value: unknown, name: string, minimum = 1): asserts value is number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer >= ${minimum}, got ${value}`);
  }
}

/** Both label arrays valid, both value arrays finite, and all of the same length. */
export function assertBinaryInputs(yTrue: ArrayLike<number>, scores: ArrayLike<number>, scoresName = "scores"): void {
  assertBinaryLabels(yTrue);
  assertFiniteArray(scores, scoresName);
  assertSameLength(yTrue, "yTrue", scores, scoresName);
}
