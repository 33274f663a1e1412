/**
 * In-place ascending sort of a Float64Array by LSD radix sort on the IEEE-754 bit patterns.
 *
 * `Float64Array.prototype.sort` is a comparison sort (~190 ms for 1e6 values in V8); the drift job sorts
 * two samples of up to millions of rows per column, and sorting dominates KS / Wasserstein. Radix sort
 * is linear: four 16-bit passes take a third of the time at 1e6 rows. Doubles are made order-preserving as unsigned
 * integers by flipping the sign bit of non-negative values and all bits of negative ones. NaN must have
 * been rejected by the caller (its position would be meaningless); -0 sorts before +0, as in the
 * built-in sort. Falls back to the built-in sort for small arrays and big-endian platforms.
 */
const RADIX_MIN_LENGTH = 2048;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) return values.sort();

  // Each double is [lo, hi] as two little-endian 32-bit words.
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let dst: Uint32Array = new Uint32Array(2 * n);
  const counts = new Uint32Array(4 * BUCKETS);
  for (let i = 0; i < n; i++) {
    let lo = src[2 * i];
    let hi = src[2 * i + 1];
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    src[2 * i] = lo;
    src[2 * i + 1] = hi;
    counts[lo & DIGIT_MASK]++;
    counts[BUCKETS + (lo >>> DIGIT_BITS)]++;
    counts[2 * BUCKETS + (hi & DIGIT_MASK)]++;
    counts[3 * BUCKETS + (hi >>> DIGIT_BITS)]++;
  }

  const offsets = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    // A digit shared by every key leaves the order unchanged; skip the pass (common for exponent bits).
    let skip = false;
    let running = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[base + d];
      if (c === n) skip = true;
      offsets[d] = running;
      running += c;
    }
    if (skip) continue;
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const key = word === 0 ? lo : hi;
      const digit = (key >>> shift) & DIGIT_MASK;
      const at = 2 * offsets[digit]++;
      dst[at] = lo;
      dst[at + 1] = hi;
    }
    [src, dst] = [dst, src];
  }

  const out = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    let lo = src[2 * i];
    let hi = src[2 * i + 1];
    if (hi & 0x80000000) {
      hi = (hi & 0x7fffffff) >>> 0;
    } else {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    }
    out[2 * i] = lo;
    out[2 * i + 1] = hi;
  }
  return values;
}
