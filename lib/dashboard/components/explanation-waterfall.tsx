import type { PresentedExplanation, PresentedOutput } from "@/lib/explain/present-explanation";

// A waterfall of one record's attributions: from the base (what the model gives on average over
// the background) each feature moves the running total up or down, ending at the record's output.
// Plain HTML bars (no client code): the page is rendered once per click.

type Step = { label: string; start: number; end: number; kind: "total" | "up" | "down"; note?: string };

const show = (x: number) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toPrecision(4));

function stepsOf(output: PresentedOutput): Step[] {
  const steps: Step[] = [{ label: "Base (average over the background)", start: 0, end: output.base, kind: "total" }];
  let running = output.base;
  const move = (label: string, value: number, note?: string) => {
    steps.push({ label, start: running, end: running + value, kind: value >= 0 ? "up" : "down", note });
    running += value;
  };
  for (const a of output.attributions) {
    move(a.feature, a.value, a.standardError ? `± ${show(a.standardError)}` : undefined);
  }
  if (output.omitted.features > 0) move(`${output.omitted.features} other features`, output.omitted.sum);
  steps.push({ label: "Output", start: 0, end: output.output, kind: "total" });
  return steps;
}

const methodNames: Record<PresentedExplanation["method"], string> = {
  "tree-shap": "TreeSHAP (exact)",
  "linear-exact": "linear SHAP (exact)",
  "kernel-shap": "KernelSHAP",
  permutation: "permutation sampling",
};

export function ExplanationWaterfall({ explanation, output }: { explanation: PresentedExplanation; output: PresentedOutput }) {
  const steps = stepsOf(output);
  // Totals start from 0 only when 0 is near the data (probabilities); a margin or a value far from 0 is drawn from its own range.
  const ends = steps.flatMap((s) => (s.kind === "total" ? [s.end] : [s.start, s.end]));
  const low = Math.min(...ends, explanation.space === "probability" ? 0 : Math.min(...ends));
  const high = Math.max(...ends);
  const span = high - low || 1;
  const at = (x: number) => ((x - low) / span) * 100;
  return (
    <div>
      <p className="mb-3 text-sm text-gray-600">
        {methodNames[explanation.method]} in <strong>{explanation.space}</strong> space for <strong>{output.name}</strong>
        {explanation.exact
          ? " — exact Shapley values"
          : ` — ${explanation.coalitions} coalitions × ${explanation.backgroundRows} background rows (${explanation.samples} model runs); largest standard error ${show(explanation.samplingError ?? 0)}`}
        ; additivity error {show(explanation.additivityError)}. The background is drawn from the training profile, each feature
        independently.
      </p>
      <table className="w-full text-sm" aria-label="Attribution waterfall">
        <tbody>
          {steps.map((step) => {
            const from = step.kind === "total" ? Math.min(0, step.end) : Math.min(step.start, step.end);
            const to = step.kind === "total" ? Math.max(0, step.end) : Math.max(step.start, step.end);
            const left = step.kind === "total" ? at(Math.max(low, from)) : at(from);
            const color = step.kind === "total" ? "bg-gray-400" : step.kind === "up" ? "bg-rose-500" : "bg-sky-500";
            const value =
              step.kind === "total"
                ? show(step.end)
                : `${step.end >= step.start ? "+" : "−"}${show(Math.abs(step.end - step.start))}`;
            return (
              <tr key={step.label} className="border-t border-gray-100">
                <td className="w-1/3 py-1 pr-2 text-gray-700">{step.label}</td>
                <td className="w-1/2 py-1">
                  <div className="relative h-4 w-full rounded bg-gray-50">
                    <div
                      className={`absolute top-0 h-4 rounded ${color}`}
                      style={{ left: `${left}%`, width: `${Math.max(0.5, at(Math.min(high, to)) - left)}%` }}
                    />
                  </div>
                </td>
                <td className="py-1 pl-2 text-right font-mono">
                  {value}
                  {step.note ? <span className="text-gray-400"> {step.note}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
