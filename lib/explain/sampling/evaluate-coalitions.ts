import type { FeatureColumns } from "@/lib/inference/validate-records";
import type { Background } from "../background";
import type { Coalitions } from "./coalitions";

// Every (record, coalition, background row) is one model row: the record's values where the
// coalition holds the feature, the background row's elsewhere. A batch of records thus needs
// records × coalitions × background rows evaluations; they are laid out in chunks of at most
// CHUNK_ROWS rows, so a request costs few ONNX Runtime runs yet never a tensor of unbounded size.

export const CHUNK_ROWS = 32_768;

export type CoalitionWork = {
  columns: FeatureColumns;
  rows: number;
  names: string[];
  background: Background;
  coalitions: Coalitions;
  width: number;
  /** The model on `n` rows of columns, in the explained space: `n × width`. */
  evaluate: (columns: FeatureColumns, n: number) => Promise<Float64Array>;
};

/** v(S) per record, coalition and output: the mean model output over the background, `rows × count × width`. */
export async function evaluateCoalitions(work: CoalitionWork, chunkRows = CHUNK_ROWS): Promise<Float64Array> {
  const { rows, background, coalitions, width } = work;
  const perRecord = coalitions.count * background.rows;
  const total = rows * perRecord;
  const values = new Float64Array(rows * coalitions.count * width);
  for (let start = 0; start < total; start += chunkRows) {
    const n = Math.min(chunkRows, total - start);
    const scores = await work.evaluate(hybridColumns(work, start, n), n);
    for (let t = 0; t < n; t++) {
      // Row start + t belongs to coalition (record · count + l) = floor((start + t) / background rows).
      const slot = Math.floor((start + t) / background.rows);
      for (let o = 0; o < width; o++) values[slot * width + o] += scores[t * width + o] / background.rows;
    }
  }
  return values;
}

function hybridColumns({ columns, names, background, coalitions }: CoalitionWork, start: number, n: number): FeatureColumns {
  const k = background.rows;
  const m = coalitions.features;
  const out: FeatureColumns = new Map();
  names.forEach((name, i) => {
    const own = columns.get(name)!;
    const fill = background.columns.get(name)!;
    const column = own instanceof Float32Array ? new Float32Array(n) : new Array<string>(n);
    for (let t = 0; t < n; t++) {
      const row = start + t;
      const slot = Math.floor(row / k);
      const record = Math.floor(slot / coalitions.count);
      const l = slot - record * coalitions.count;
      column[t] = coalitions.masks[l * m + i] ? own[record] : fill[row - slot * k];
    }
    out.set(name, column as Float32Array | string[]);
  });
  return out;
}
