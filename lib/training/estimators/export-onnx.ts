// The exported model: the fitted preprocessing and the selected model's dense layers in one ONNX
// graph (lib/onnx), taking raw feature values as the serving contract says.

import { buildTabularModel, type DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { Preprocessor } from "../data/preprocessor";
import type { TrainTask } from "../train-spec";

export function exportOnnx(options: {
  task: TrainTask;
  preprocessor: Preprocessor;
  layers: readonly DenseLayer[];
  classes?: readonly string[];
}): Uint8Array {
  return buildTabularModel({
    task: options.task,
    features: options.preprocessor.features.map((f) => f.spec),
    layers: options.layers,
    classes: options.classes,
  });
}
