// report.html of a forecast run: verdict and the plain answer to "does it beat seasonal naive?"
// first, then the split, the models' validation and test errors, the per-step errors of the chosen
// model, and its forecast against the actuals over the test period.

import { escapeHtml, lineChart } from "../report/svg-charts";
import type { ForecastReport } from "./forecast-report-types";

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : "—");

export function renderForecastReportHtml(r: ForecastReport): string {
  const naive = r.candidates.find((c) => c.name === "seasonal_naive")!;
  const selected = r.candidates.find((c) => c.name === r.selected)!;
  const beat = r.beatsSeasonalNaive
    ? `The selected model (${r.selected}) beats seasonal naive on the test period: MASE ${fmt(selected.test.mase)} against ${fmt(naive.test.mase)}.`
    : `The models do NOT beat seasonal naive on the test period: the selected model (${r.selected}) has MASE ${fmt(selected.test.mase)}, seasonal naive ${fmt(naive.test.mase)}. Use seasonal naive, or give the models more data or structure.`;
  const splitRows = (["train", "validation", "test"] as const)
    .map(
      (s) =>
        `<tr><td>${s}</td><td>${r.split[s].from} → ${r.split[s].to}</td><td>${r.split[s].observations}</td><td>${r.split[s].windows}</td></tr>`,
    )
    .join("");
  const models = r.candidates
    .map(
      (c) =>
        `<tr${c.name === r.selected ? ' class="sel"' : ""}><td>${c.name}</td><td>${escapeHtml(c.description)}</td>${["mae", "rmse", "mase"].map((m) => `<td>${fmt(c.validation[m as "mae"])}</td>`).join("")}${["mae", "rmse", "mase"].map((m) => `<td>${fmt(c.test[m as "mae"])}</td>`).join("")}</tr>`,
    )
    .join("");
  const steps = selected.test.perStep
    .map(
      (s, h) =>
        `<tr><td>${h + 1}</td><td>${fmt(s.mae)}</td><td>${fmt(s.rmse)}</td><td>${fmt(s.mase)}</td><td>${fmt(naive.test.perStep[h].mase)}</td></tr>`,
    )
    .join("");
  const t = r.testForecast;
  const years = (ms: number) => 1970 + ms / (365.2425 * 86_400_000);
  const chart = lineChart({
    title: `Test period: ${r.selected} against the actual values`,
    xLabel: "time (years)",
    yLabel: r.target,
    series: [
      {
        name: "actual",
        color: "#333",
        // The first targets, then the last ones past them: the actual values over the whole test period.
        points: [
          ...t.times.map((x, i) => ({ x: years(x), y: t.actual[i] })),
          ...t.lastStepTimes.flatMap((x, i) =>
            x > t.times[t.times.length - 1] ? [{ x: years(x), y: t.lastStepActual[i] }] : [],
          ),
        ],
      },
      { name: "1 step ahead", color: "#4c78a8", points: t.times.map((x, i) => ({ x: years(x), y: t.firstStep[i] })) },
      ...(r.horizon > 1
        ? [
            {
              name: `${r.horizon} steps ahead`,
              color: "#f58518",
              dashed: true,
              points: t.lastStepTimes.map((x, i) => ({ x: years(x), y: t.lastStep[i] })),
            },
          ]
        : []),
    ],
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>Forecast: ${escapeHtml(r.target)}</title>
<style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px}.pass{background:#e6f4ea}.fail{background:#fce8e6}.verdict{padding:1em}.sel{font-weight:bold}</style></head><body>
<h1>Forecast of ${escapeHtml(r.target)}</h1>
<div class="verdict ${r.verdict.passed ? "pass" : "fail"}"><strong>${escapeHtml(r.verdict.message)}</strong><br>${escapeHtml(beat)}</div>
<h2>Problem</h2><table><tr><td>data</td><td>${escapeHtml(r.data.file)} (${r.data.observations} observations, ${r.data.gaps} gaps in the spacing, sha256 ${r.data.sha256.slice(0, 16)}…)</td></tr>
<tr><td>frequency / season</td><td>${escapeHtml(r.frequency ?? "not given")}; period ${r.period} (${r.periodSource})</td></tr>
<tr><td>window</td><td>lookback ${r.lookback}, horizon ${r.horizon} (direct multi-output)</td></tr>
<tr><td>metric</td><td>${r.metric}, deploy threshold ${r.deployThreshold}; MASE scale (seasonal-naive MAE on train) ${fmt(r.maseScale)}</td></tr></table>
<h2>Chronological split</h2><p>Never shuffled; windows built inside each split (a window's lookback may read earlier splits, its targets never leave its own).</p>
<table><tr><th>split</th><th>time</th><th>observations</th><th>windows</th></tr>${splitRows}</table>
<h2>Models</h2><p>Selected on validation ${r.metric}; the test set was evaluated once, after selection${r.ledger.reused ? ` — but it had been evaluated before (${r.ledger.evaluations} evaluations; metrics optimistic)` : ""}.</p>
<table><tr><th>model</th><th></th><th colspan="3">validation MAE / RMSE / MASE</th><th colspan="3">test MAE / RMSE / MASE</th></tr>${models}</table>
<h2>${escapeHtml(r.selected)} per horizon step (test)</h2><table><tr><th>step</th><th>MAE</th><th>RMSE</th><th>MASE</th><th>seasonal naive MASE</th></tr>${steps}</table>
${chart}
<h2>Export</h2><p>ONNX input "${escapeHtml(r.target)}" [N, ${r.lookback}], output "forecast" [N, ${r.horizon}]. Parity with ONNX Runtime on ${r.parity.rows} test windows: max difference ${r.parity.maxAbsDifference.toExponential(2)} (${r.parity.maxScaledDifference.toExponential(2)} series standard deviations; tolerance ${r.parity.tolerance}).</p>
</body></html>
`;
}
