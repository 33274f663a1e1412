// Drift flicker bench — false drift flags per 100 feature-windows, before and after the noise floor
// and the consecutive-window rule, on:
//   1. the demo's history (npm run demo): 36 hourly windows × 400 March flights against the
//      January–February training data, only `distance` shifted (× 1.5 from 35 % of the way in);
//   2. 48 undrifted windows replayed from the training data itself (seeded draws with replacement),
//      at the demo's 400 rows an hour and at 200 (the minimum sample size, where noise is largest).
// "before": each window's decision with the configured effect floors (0.1), as the heatmap showed
// it; "after": with the categorical Jensen–Shannon floor raised to its sampling-noise quantile;
// "sustained": the page's state, which also needs the alerts' consecutive-window rule. Features
// only: the demo's outputs need its trained model (this runs on profiles, without one).
//   npm run bench -- flicker
import os from "node:os";
import {
  FEATURES,
  demoWindows,
  falseFlagRate,
  loadFlights,
  replayWindows,
  trainingReplayWindows,
  type Replay,
} from "../helpers/flicker-replay";

const INJECTED = new Set(["distance"]);

function sustained(replay: Replay): string[][] {
  return replay.before.map((_, w) => FEATURES.map((_, f) => (replay.states[f][w] === "drift" ? "drift" : "no_drift")));
}

function line(label: string, replay: Replay, injected: ReadonlySet<string>) {
  const cell = (d: string[][]) => {
    const r = falseFlagRate(d, injected);
    return `${r.per100.toFixed(2).padStart(6)} (${r.flags}/${r.featureWindows})`;
  };
  console.log(`${label.padEnd(34)} ${cell(replay.before)}   ${cell(replay.after)}   ${cell(sustained(replay))}`);
}

const started = Date.now();
console.log(
  `${new Date().toISOString()}  load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const { training, traffic } = loadFlights();
console.log(`training ${training.length} flights, traffic ${traffic.length}`);
console.log(
  `${"false flags per 100 feature-windows".padEnd(34)} ${"before".padEnd(16)}   ${"after (floor)".padEnd(16)}   sustained (page)`,
);

const demo = replayWindows(training, demoWindows(traffic, { hours: 36, rowsPerHour: 400, driftAt: 0.35 }));
line("demo, 36 × 400 rows (not distance)", demo, INJECTED);
for (const rows of [400, 200]) {
  const replay = replayWindows(training, trainingReplayWindows(training, { windows: 48, rowsPerHour: rows, seed: 15 }));
  line(`undrifted, 48 × ${rows} rows`, replay, new Set());
}

const d = FEATURES.indexOf("distance");
// Row i is shifted once i / total ≥ 0.35: the first shifted row's window is the first drifted one.
const firstDrifted = Math.floor(Math.ceil(0.35 * 36 * 400) / 400);
const firstFlag = demo.after.findIndex((w) => w[d] === "drift");
const firstState = demo.states[d].indexOf("drift");
console.log(
  `distance: first drifted window ${firstDrifted}, first flagged window ${firstFlag}, first "drifted" state ${firstState}; ` +
    `flagged in ${demo.after.filter((w) => w[d] === "drift").length} of ${36 - firstDrifted} drifted windows`,
);
for (const [f, name] of FEATURES.entries()) {
  const marks = (rows: string[][]) => rows.map((w) => (w[f] === "drift" ? "X" : ".")).join("");
  console.log(
    `  ${name.padEnd(12)} before ${marks(demo.before)}  after ${marks(demo.after)}  page ${demo.states[f].map((s) => ({ drift: "X", watch: "w" })[s as "drift"] ?? ".").join("")}`,
  );
}
console.log(
  `${((Date.now() - started) / 1000).toFixed(1)} s, load after ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
