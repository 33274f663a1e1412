import "server-only";
import type { InferenceSession } from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "./validate-records";
import { runModel, type PredictionOutput } from "./run-model";

/**
 * maxRows: a batch runs as soon as it holds this many rows (1 turns batching off).
 * waitMs: the longest a request waits for others; 0 waits only for the rest of the current
 * event-loop turn, so an idle server adds no delay and a busy one batches what arrived together.
 */
export type MicroBatchSettings = { maxRows: number; waitMs: number };

type Pending = {
  columns: FeatureColumns;
  rows: number;
  resolve: (outputs: PredictionOutput[]) => void;
  reject: (error: unknown) => void;
};
type Queue = { manifest: Manifest; pending: Pending[]; rows: number; cancel: (() => void) | null };

// One queue per loaded model version: sessions are cached per version, so the session is the key.
const queues = new WeakMap<InferenceSession, Queue>();

/**
 * Runs one request's already validated rows, sharing one ONNX Runtime run with the requests for
 * the same version that arrive within the wait (as Triton's dynamic batcher does). A failing
 * shared run is retried request by request, so one request's input can fail only that request.
 */
export function runModelBatched(
  session: InferenceSession,
  manifest: Manifest,
  columns: FeatureColumns,
  rows: number,
  settings: MicroBatchSettings,
): Promise<PredictionOutput[]> {
  if (settings.maxRows <= 1 || rows >= settings.maxRows) return runModel(session, manifest, columns, rows);
  let queue = queues.get(session);
  if (!queue) queues.set(session, (queue = { manifest, pending: [], rows: 0, cancel: null }));
  const target = queue;
  return new Promise((resolve, reject) => {
    target.pending.push({ columns, rows, resolve, reject });
    target.rows += rows;
    if (target.rows >= settings.maxRows) flush(session, target);
    else if (!target.cancel) target.cancel = schedule(() => flush(session, target), settings.waitMs);
  });
}

function schedule(run: () => void, waitMs: number): () => void {
  if (waitMs === 0) {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timeout = setTimeout(run, waitMs);
  return () => clearTimeout(timeout);
}

function flush(session: InferenceSession, queue: Queue): void {
  queue.cancel?.();
  const batch = queue.pending;
  queue.pending = [];
  queue.rows = 0;
  queue.cancel = null;
  if (batch.length === 1) runAlone(session, queue.manifest, batch[0]);
  else if (batch.length > 1) void runShared(session, queue.manifest, batch);
}

function runAlone(session: InferenceSession, manifest: Manifest, request: Pending): void {
  runModel(session, manifest, request.columns, request.rows).then(request.resolve, request.reject);
}

async function runShared(session: InferenceSession, manifest: Manifest, batch: Pending[]): Promise<void> {
  const total = batch.reduce((sum, request) => sum + request.rows, 0);
  let outputs: PredictionOutput[];
  try {
    outputs = await runModel(session, manifest, concatColumns(batch), total);
  } catch {
    for (const request of batch) runAlone(session, manifest, request);
    return;
  }
  let offset = 0;
  for (const request of batch) {
    request.resolve(outputs.slice(offset, offset + request.rows));
    offset += request.rows;
  }
}

/** The requests' columns end to end, row order kept, so outputs split back by row counts. */
export function concatColumns(batch: { columns: FeatureColumns; rows: number }[]): FeatureColumns {
  const joined: FeatureColumns = new Map();
  for (const name of batch[0].columns.keys()) {
    const first = batch[0].columns.get(name)!;
    if (first instanceof Float32Array) {
      const total = batch.reduce((sum, request) => sum + request.rows, 0);
      const column = new Float32Array(total);
      let offset = 0;
      for (const request of batch) {
        column.set(request.columns.get(name) as Float32Array, offset);
        offset += request.rows;
      }
      joined.set(name, column);
    } else {
      joined.set(
        name,
        batch.flatMap((request) => request.columns.get(name) as string[]),
      );
    }
  }
  return joined;
}
