// What every stage of a run shares: the spec, progress events, and the run folder it writes to.

import fs from "node:fs";
import path from "node:path";
import type { MlpProgress } from "../models/mlp";
import type { TrainSpec } from "../train-spec";

export type TrainingEvent = { kind: "stage"; message: string } | { kind: "epoch"; progress: MlpProgress };

export interface RunContext {
  spec: TrainSpec;
  stage: (message: string) => void;
  onEvent: (event: TrainingEvent) => void;
  /** Writes a file of the run folder. */
  write: (name: string, content: string | Uint8Array) => void;
}

export function createRunContext(spec: TrainSpec, onEvent: (event: TrainingEvent) => void): RunContext {
  fs.mkdirSync(spec.out, { recursive: true });
  return {
    spec,
    onEvent,
    stage: (message) => onEvent({ kind: "stage", message }),
    write: (name, content) => fs.writeFileSync(path.join(spec.out, name), content),
  };
}
