// `tidemark simulate`: replays a data file through a running server's predict API at a steady rate,
// with drift injected partway, and posts the true labels as outcomes (and optional business
// events) after a delay — the traffic of a real deployment, on demand. With --history it replays
// past hours into the local database instead (simulate-history.ts).
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { loadTable } from "@/lib/training/data/load-table";
import { applyDrift, parseDriftSpec, DriftSpecError } from "@/lib/simulation/drift-spec";
import { labelOf, tableRecord } from "@/lib/simulation/table-records";
import { CliError, describeApiError } from "./cli-error";
import { type CommandSpec, type OptionValues, parseCommand, usageError } from "./command-spec";
import { runSimulateHistory } from "./simulate-history";

export const SIMULATE_COMMAND = {
  name: "simulate",
  summary:
    "Replay a data file as a model's traffic: live through a server's predict API, or as past hours into the local database.",
  usage: [
    "simulate --model NAME --data FILE --server URL --key KEY [--version N] [--rate N] [--drift SPEC] [--target COL --outcomes-after 30s]",
    "simulate --model NAME --data FILE --key KEY --history 24h [--version N] [--rows-per-hour N] [--drift SPEC] [...]",
  ],
  options: {
    model: { type: "string", value: "NAME", description: "the model to send traffic to; required" },
    version: {
      type: "string",
      value: "N",
      description: "send it to this version (default: the version the production alias points at)",
    },
    data: { type: "string", value: "FILE", description: "the rows to replay (CSV or JSON lines); required" },
    server: { type: "string", value: "URL", description: "the server whose predict API gets the traffic (live replay)" },
    key: { type: "string", value: "KEY", description: "an API key with the predict scope (and ingest with --target); required" },
    "ingest-key": { type: "string", value: "KEY", description: "a separate key for outcomes and events (default: --key)" },
    rate: { type: "string", value: "N", description: "rows per second (live replay)", default: "50" },
    batch: { type: "string", value: "N", description: "records per predict call, 1..1000", default: "10" },
    rows: { type: "string", value: "N", description: "replay only the first N rows (live replay; default: all)" },
    drift: { type: "string", value: "SPEC", description: "changes injected partway through (see SPEC below)" },
    target: { type: "string", value: "COL", description: "the label column: its values are posted as outcomes" },
    "outcomes-after": { type: "string", value: "DURATION", description: "delay before the labels are posted", default: "0s" },
    events: { type: "string", value: "NAME", description: "also send a business event NAME for each positive-class label" },
    history: {
      type: "string",
      value: "HOURS",
      description:
        "replay the past HOURS whole hours (e.g. 24h) into the local database, each prediction stamped with its time; not with --server",
    },
    "rows-per-hour": { type: "string", value: "N", description: "rows per replayed hour (--history)", default: "300" },
  },
  notes: [
    "SPEC: comma-separated changes, each applied from a fraction of the replay on: amount+=30@0.5 | amount*=1.5@0.5 | country=FR@0.6 | labels:flip@0.75",
    "DURATION: 30s, 5m, 1h. --history works on the local database: with the embedded one, stop the server first.",
  ],
  examples: [
    "tidemark simulate --model fraud --data traffic.csv --server https://tidemark.example.com --key $KEY --rate 50 --drift 'amount+=30@0.5' --target label --outcomes-after 30s",
    "tidemark simulate --model fraud --version 3 --data traffic.csv --key $KEY --history 24h --rows-per-hour 500",
  ],
} as const satisfies CommandSpec;

type SimulateValues = OptionValues<typeof SIMULATE_COMMAND.options>;

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) throw new CliError(`--outcomes-after ${text}: use a duration like 30s, 5m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
}

async function call(url: string, key: string, body?: unknown) {
  const res = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown[] };
  } & Record<string, unknown>;
  if (!res.ok) throw new CliError(json?.error ? `${url}: ${describeApiError(json.error)}` : `${url} answered ${res.status}`, 1);
  return json;
}

export async function runSimulateCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(SIMULATE_COMMAND, args);
  if (!parsed) return;
  const { values } = parsed;
  const version = parseVersion(values.version);
  if (values.history !== undefined) return runHistory(values, version);
  if (!values.model || !values.data || !values.server || !values.key)
    throw usageError(SIMULATE_COMMAND, "A live replay needs --model, --data, --server and --key.");
  const rate = Number(values.rate);
  const batch = Number(values.batch);
  if (!(rate > 0) || !Number.isInteger(batch) || batch < 1 || batch > 1000)
    throw usageError(SIMULATE_COMMAND, "--rate must be > 0 and --batch 1..1000.");
  const drift = parseDrift(values.drift);
  const delayMs = parseDuration(values["outcomes-after"]!);
  const server = values.server.replace(/\/$/, "");
  const model = encodeURIComponent(values.model);

  // The target version's manifest says which features to send and the classes of the labels.
  const info = (await call(`${server}/api/v1/models/${model}`, values.key)) as { aliases: Record<string, number> };
  const served = version ?? info.aliases.production;
  if (!served)
    throw new CliError(`Model "${values.model}" has no production version to send traffic to; name one with --version`, 1);
  const manifest = ((await call(`${server}/api/v1/models/${model}/versions/${served}`, values.key)) as { manifest: Manifest })
    .manifest;
  // As the predict API selects it: a version named in the query, else the production alias.
  const predictUrl = `${server}/api/v1/models/${model}/predict${version === undefined ? "" : `?version=${version}`}`;
  const classes = manifest.outputs.classes ?? [];

  const { table } = await loadTable(values.data);
  const total = Math.min(values.rows ? Number(values.rows) : table.rows, table.rows);
  const ingestKey = values["ingest-key"] ?? values.key;
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  let labelled = 0;
  const started = Date.now();
  console.log(
    `Replaying ${total} rows of ${values.data} into ${values.model} v${served} at ${rate} rows/s${drift.length ? ` with drift ${values.drift}` : ""}`,
  );

  for (let start = 0; start < total; start += batch) {
    const rows = Array.from({ length: Math.min(batch, total - start) }, (_, k) => start + k);
    const drifted = rows.map((row) =>
      applyDrift(drift, row / total, tableRecord(table, manifest.features, row), {
        value: values.target ? labelOf(table, values.target, row) : null,
        classes,
      }),
    );
    const entityIds = rows.map((row) => `sim-${started}-${row}`);
    const res = (await call(predictUrl, values.key, {
      inputs: drifted.map((d) => d.record),
      entityIds,
    })) as {
      predictions: { predictionId: string }[];
    };
    sent += rows.length;
    if (values.target) {
      const outcomes = res.predictions.flatMap((p, i) =>
        drifted[i].label === null ? [] : [{ predictionId: p.predictionId, label: drifted[i].label }],
      );
      const events = values.events
        ? drifted.flatMap((d, i) =>
            d.label === classes[classes.length - 1] ? [{ name: values.events!, entityId: entityIds[i], value: 1 }] : [],
          )
        : [];
      pending.push(
        new Promise((r) => setTimeout(r, delayMs)).then(async () => {
          if (outcomes.length) await call(`${server}/api/v1/outcomes`, ingestKey, { model: values.model, outcomes });
          if (events.length)
            await call(`${server}/api/v1/events`, ingestKey, {
              events: events.map((e) => ({ ...e, time: new Date().toISOString() })),
            });
          labelled += outcomes.length;
        }),
      );
    }
    if (sent % (batch * 20) === 0 || sent === total)
      console.log(`  ${sent}/${total} predictions sent, ${labelled} labels posted`);
    const due = started + (sent / rate) * 1000;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  }
  await Promise.all(pending);
  console.log(`Done: ${sent} predictions, ${labelled} outcomes in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function parseDrift(spec: string | undefined) {
  try {
    return parseDriftSpec(spec);
  } catch (error) {
    if (error instanceof DriftSpecError) throw new CliError(`--drift: ${error.message}`);
    throw error;
  }
}

function parseVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw usageError(SIMULATE_COMMAND, `--version ${text}: give a version number (1 or more).`);
  return Number(text);
}

function runHistory(values: SimulateValues, version: number | undefined): Promise<void> {
  if (!values.model || !values.data || !values.key)
    throw usageError(SIMULATE_COMMAND, "--history needs --model, --data and --key.");
  if (values.server) throw usageError(SIMULATE_COMMAND, "--history replays into the local database; leave out --server.");
  const hours = /^(\d+)h$/.exec(values.history!);
  if (!hours || Number(hours[1]) < 1) throw new CliError(`--history ${values.history}: give whole hours, e.g. 24h`);
  const rowsPerHour = Number(values["rows-per-hour"]);
  const batch = Number(values.batch);
  if (!Number.isInteger(rowsPerHour) || rowsPerHour < 1)
    throw new CliError(`--rows-per-hour must be a whole number of at least 1`);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new CliError(`--batch must be 1..1000`);
  return runSimulateHistory({
    model: values.model,
    version,
    data: values.data,
    key: values.key,
    hours: Number(hours[1]),
    rowsPerHour,
    batch,
    drift: parseDrift(values.drift),
    driftText: values.drift,
    target: values.target,
    outcomesAfterMs: parseDuration(values["outcomes-after"]!),
    events: values.events,
  });
}
