import "server-only";
// TensorFlow.js for the MLP: tfjs-node when it is installed (native, fastest), otherwise the
// WebAssembly backend, whose .wasm binaries are loaded from node_modules so nothing is fetched.

import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

let ready: Promise<string> | null = null;

export function initTensorflow(): Promise<string> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    try {
      require.resolve("@tensorflow/tfjs-node");
      // Imported by name only when present: it is an optional dependency that cannot install everywhere.
      const nodeBackend = "@tensorflow/tfjs-node";
      await import(/* webpackIgnore: true */ nodeBackend);
      if (await tf.setBackend("tensorflow")) return tf.getBackend();
    } catch {
      // not installed: fall through to wasm
    }
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
    if (!fs.existsSync(path.join(dist, "tfjs-backend-wasm.wasm")))
      throw new Error(`the wasm backend's binaries are missing from ${dist}`);
    wasm.setWasmPaths(dist);
    if (!(await tf.setBackend("wasm"))) throw new Error("the TensorFlow.js wasm backend failed to initialise");
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
