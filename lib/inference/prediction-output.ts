export type PredictionOutput = { label: string; probabilities: Record<string, number> } | { value: number };

export class ModelRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ModelRuntimeError";
  }
}
