import "server-only";
import * as ort from "onnxruntime-node";

// One thread per session: run() blocks the event loop while it works, and parallelism comes from
// serving many small requests, not from splitting one small matrix across cores.
export async function loadSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
}
