// 53-bit hashes of whole rows, so duplicate and train/test-overlap checks keep one number per row in
// memory instead of a string. At 1e6 rows the chance of any collision is about 1e-4.

import type { Column } from "../table";

export function rowHashes(columns: readonly Column[], rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  for (let r = 0; r < rows.length; r++) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    const row = rows[r];
    for (const column of columns) {
      let a: number;
      let b: number;
      if (column.type === "categorical") {
        a = column.codes[row];
        b = 0x2545f491;
      } else {
        // Every NaN hashes alike: two rows both missing a value are duplicates.
        scratch[0] = Number.isNaN(column.values[row]) ? NaN : column.values[row];
        a = words[0];
        b = words[1];
      }
      h1 = Math.imul(h1 ^ a, 2654435761);
      h2 = Math.imul(h2 ^ b, 1597334677);
      h1 = Math.imul(h1 ^ (h2 >>> 15), 2246822507);
      h2 = Math.imul(h2 ^ (h1 >>> 13), 3266489909);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out[r] = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
  return out;
}
