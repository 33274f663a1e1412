// The readable account of what `tidemark register` inferred, printed before it registers.

import type { InferredManifest } from "@/lib/registry/infer-manifest/infer-manifest";

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

export function describeInference({ manifest, summary }: InferredManifest, o: { monitorOnly: boolean }): string {
  const lines: string[] = [];
  lines.push(
    `${manifest.task} model, ${summary.referenceRows} reference rows` +
      (summary.droppedMissingTarget ? ` (${summary.droppedMissingTarget} without a target left out)` : "") +
      (summary.testRows !== undefined ? `, ${summary.testRows} test rows` : ""),
  );
  if (manifest.outputs.classes) lines.push(`Classes (output order): ${manifest.outputs.classes.join(", ")}`);
  lines.push(`Features (${manifest.features.length}):`);
  for (const f of manifest.features) {
    const shown = f.column ? `${f.column} (as ${f.name})` : f.name;
    const detail =
      f.type === "numeric"
        ? `numeric ${fmt(f.range?.min ?? Number.NaN)} … ${fmt(f.range?.max ?? Number.NaN)}`
        : f.type === "categorical"
          ? `categorical, ${f.categories.length} values (${f.categories.slice(0, 5).join(", ")}${f.categories.length > 5 ? ", …" : ""})`
          : "boolean";
    const importance = manifest.featureImportance?.[f.name];
    lines.push(
      `  ${shown}: ${detail}${f.nullable ? ", nullable" : ""}${importance !== undefined ? `, importance ${(importance * 100).toFixed(1)}%` : ""}`,
    );
  }
  if (summary.skippedColumns.length)
    lines.push(`Skipped (date/time columns are no model input): ${summary.skippedColumns.join(", ")}`);
  const criteria = manifest.evaluation.successCriteria;
  lines.push(
    `Success criteria: ${criteria.primaryMetric}, deploy threshold ${fmt(criteria.deployThreshold)}` +
      (summary.defaulted.length ? ` (default; set --metric and --deploy-threshold to choose)` : ""),
  );
  const m = summary.measurements;
  if (o.monitorOnly) {
    lines.push("Monitor-only: no model file, so no output profile, importance or test metrics were measured.");
  } else if (m) {
    lines.push(`Output profile: measured by running the model on the reference rows.`);
    lines.push(`Feature importance: permutation on ${m.importanceRows.rows} ${m.importanceRows.source} rows.`);
    if (m.calibrated !== undefined) lines.push(`Calibration: ${m.calibrated ? "calibrated" : "not calibrated"} (ECE bar 0.05).`);
    if (m.test) {
      lines.push(
        `Test metrics: ${Object.entries(m.test)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(", ")}`,
      );
      for (const b of m.baselines ?? [])
        lines.push(`  baseline ${b.name}: ${criteria.primaryMetric} ${fmt(b.metrics[criteria.primaryMetric] ?? Number.NaN)}`);
    } else {
      lines.push("No --test: no test metrics, so the promotion gate refuses this version until they are recorded (give --test).");
    }
  }
  return lines.join("\n");
}
