// The ONNX frame every forecaster's graph shares: the input window [N, L] named after the target,
// its last value (the level every learned model forecasts relative to), and the "forecast" output
// [N, H]. Keeping the level outside the learned part lets the trees and the CNN follow a trend
// they never saw in training, and the same arithmetic runs in-process in float32.

import { GraphBuilder } from "@/lib/onnx/graph-builder";
import { attr } from "@/lib/onnx/onnx-proto";

export const FORECAST_OUTPUT = "forecast";

export interface ForecastGraph {
  g: GraphBuilder;
  /** The input window, [N, L]. */
  window: string;
  /** Its last column, [N, 1]. */
  last: string;
}

export function startForecastGraph(inputName: string, lookback: number): ForecastGraph {
  const g = new GraphBuilder();
  const window = g.input(inputName, "float", ["N", lookback]);
  const last = g.node("Gather", [window, g.constant(BigInt64Array.from([BigInt(lookback - 1)]), [1], "last_index")], {
    attrs: { axis: attr.int(1) },
  });
  return { g, window, last };
}

/** Declares `node` (a [N, H] tensor) as the "forecast" output and encodes the model. */
export function finishForecastGraph(f: ForecastGraph, node: string, horizon: number, docString: string): Uint8Array {
  const out = f.g.node("Identity", [node], { output: FORECAST_OUTPUT });
  f.g.output(out, "float", ["N", horizon]);
  return f.g.toModel({ docString });
}

/** Window columns picked by index: [N, indices.length]. */
export function gatherColumns(f: ForecastGraph, indices: readonly number[]): string {
  return f.g.node("Gather", [f.window, f.g.constant(BigInt64Array.from(indices.map(BigInt)), [indices.length], "columns")], {
    attrs: { axis: attr.int(1) },
  });
}
