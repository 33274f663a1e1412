// The demo's data: 20,000 US domestic flights of January–March 2001 from the npm package
// vega-datasets (flights-20k.json: date, delay in minutes, distance, origin, destination). The task
// is whether a flight departs late, 15 minutes or more (the FAA's definition of a delayed flight).
// January and February train the model; March is replayed as the production traffic, so monitoring
// sees flights the model never saw, in shuffled order. Airports outside the 25 busiest in the training months become
// "other": with 220 airports, most would appear a handful of times per hourly window, and their
// sampling noise alone would read as drift.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

type Flight = { date: string; delay: number; distance: number; origin: string; destination: string };

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const BUSIEST_AIRPORTS = 25;
export const DEMO_TARGET = "status";
export const DEMO_POSITIVE_CLASS = "late";

function parseFlightDate(text: string) {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`flights-20k.json: unexpected date "${text}"`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return { month: Number(m[2]), weekday: WEEKDAYS[day.getUTCDay()], hour: Number(m[4]) + Number(m[5]) / 60 };
}

/** Fisher–Yates with a fixed seed (mulberry32), so every demo replays the same traffic. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function busiest(flights: Flight[]): Set<string> {
  const counts = new Map<string, number>();
  for (const f of flights) for (const a of [f.origin, f.destination]) counts.set(a, (counts.get(a) ?? 0) + 1);
  return new Set(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, BUSIEST_AIRPORTS)
      .map(([a]) => a),
  );
}

/** Writes train.csv (January–February) and traffic.csv (March) into `dir`; returns their paths and sizes. */
export function writeFlightsData(dir: string) {
  const require = createRequire(import.meta.url);
  // The package exports only its fetch helpers; its data folder sits beside build/.
  const file = path.join(path.dirname(require.resolve("vega-datasets")), "..", "data", "flights-20k.json");
  const flights = JSON.parse(fs.readFileSync(file, "utf8")) as Flight[];
  const parsed = flights.map((f) => ({ f, d: parseFlightDate(f.date) }));
  const training = parsed.filter((p) => p.d.month <= 2);
  // The replay packs a month into hours: in file order an hourly window would hold a few hours of a
  // single day (one weekday, a narrow band of departure times) and differ from training for that
  // reason alone. Shuffled, each window is a fair sample of March.
  const traffic = shuffled(
    parsed.filter((p) => p.d.month === 3),
    2001,
  );
  const hubs = busiest(training.map((p) => p.f));
  const airport = (a: string) => (hubs.has(a) ? a : "other");
  const line = ({ f, d }: (typeof parsed)[number]) =>
    [
      d.hour.toFixed(2),
      d.weekday,
      f.distance,
      airport(f.origin),
      airport(f.destination),
      f.delay >= 15 ? DEMO_POSITIVE_CLASS : "on_time",
    ].join(",");
  const header = `dep_hour,weekday,distance,origin,destination,${DEMO_TARGET}`;
  fs.mkdirSync(dir, { recursive: true });
  const trainFile = path.join(dir, "train.csv");
  const trafficFile = path.join(dir, "traffic.csv");
  fs.writeFileSync(trainFile, [header, ...training.map(line)].join("\n") + "\n");
  fs.writeFileSync(trafficFile, [header, ...traffic.map(line)].join("\n") + "\n");
  return { trainFile, trafficFile, trainRows: training.length, trafficRows: traffic.length };
}
