/**
 * A reason `tidemark register` cannot infer a manifest from the data it was given, worded as the
 * problem and its fix; nothing is registered when one is thrown.
 */
export class ManifestInferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestInferenceError";
  }
}
