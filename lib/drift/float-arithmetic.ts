/**
 * Small floating-point helpers the scipy-compatible algorithms depend on. JavaScript lacks `ldexp`,
 * an error-free product and numpy's round-half-to-even, and reproducing scipy's choices of sample size
 * and lattice bounds needs all three.
 */

/** x · 2^e without overflowing the intermediate power of two. */
export function ldexp(x: number, e: number): number {
  let y = x;
  let exponent = e;
  while (exponent > 1023) {
    y *= 2 ** 1023;
    exponent -= 1023;
    if (!Number.isFinite(y)) return y;
  }
  while (exponent < -1022) {
    y *= 2 ** -1022;
    exponent += 1022;
    if (y === 0) return y;
  }
  return y * 2 ** exponent;
}

/** Veltkamp split: hi holds the top 26 bits so products of halves are exact. */
function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** a·b as an unevaluated sum hi + lo that is exact (Dekker's TwoProduct). */
export function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, err];
}

/** numpy.round semantics (ties to even), which scipy uses to pick the KS effective sample size. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Python's float floor division (`a // b`), which scipy's exact Cramér–von Mises threshold relies on. */
export function pythonFloorDivide(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  let floorDiv = Math.floor(div);
  if (div - floorDiv > 0.5) floorDiv += 1;
  return floorDiv;
}
