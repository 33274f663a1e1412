// `tidemark simulate`: replays a data file through a running server's predict API at a steady rate,
// with drift injected partway, and posts the true labels as outcomes (and optional business
// events) after a delay — the traffic of a real deployment, on demand. With --history it replays
// past hours into the local database instead (simulate-history.ts).
import { parseArgs } from "node:util";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { loadTable } from "@/lib/training/data/load-table";
import { applyDrift, parseDriftSpec, DriftSpecError } from "@/lib/simulation/drift-spec";
import { labelOf, tableRecord } from "@/lib/simulation/table-records";
import { CliError, describeApiError } from "./cli-error";
import { runSimulateHistory } from "./simulate-history";

const USAGE = `Usage: tidemark simulate --model NAME --data FILE --server URL --key KEY [--rate ROWS_PER_S] [--batch N]
       [--drift SPEC] [--target COL --outcomes-after DURATION --ingest-key KEY] [--events NAME] [--rows N]
       tidemark simulate --model NAME --data FILE --key KEY --history HOURS [--rows-per-hour N] [--batch N]
       [--drift SPEC] [--target COL --outcomes-after DURATION] [--events NAME]
  --history: replay the past HOURS whole hours (e.g. 24h) into the local database, each prediction
             stamped with its time; not with --server (stop an embedded-database server first)
  SPEC: comma-separated amount+=30@0.5 | amount*=1.5@0.5 | country=FR@0.6 | labels:flip@0.75
  DURATION: 30s, 5m, 1h`;

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
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      data: { type: "string" },
      server: { type: "string" },
      key: { type: "string" },
      "ingest-key": { type: "string" },
      rate: { type: "string", default: "50" },
      batch: { type: "string", default: "10" },
      drift: { type: "string" },
      target: { type: "string" },
      "outcomes-after": { type: "string", default: "0s" },
      events: { type: "string" },
      rows: { type: "string" },
      history: { type: "string" },
      "rows-per-hour": { type: "string", default: "300" },
    },
  });
  if (values.history !== undefined) return runHistory(values);
  if (!values.model || !values.data || !values.server || !values.key) throw new CliError(USAGE);
  const rate = Number(values.rate);
  const batch = Number(values.batch);
  if (!(rate > 0) || !Number.isInteger(batch) || batch < 1 || batch > 1000)
    throw new CliError(`--rate must be > 0 and --batch 1..1000.\n${USAGE}`);
  const drift = parseDrift(values.drift);
  const delayMs = parseDuration(values["outcomes-after"]!);
  const server = values.server.replace(/\/$/, "");
  const model = encodeURIComponent(values.model);

  // The production version's manifest says which features to send and the classes of the labels.
  const info = (await call(`${server}/api/v1/models/${model}`, values.key)) as { aliases: Record<string, number> };
  const production = info.aliases.production;
  if (!production) throw new CliError(`Model "${values.model}" has no production version to send traffic to`, 1);
  const manifest = ((await call(`${server}/api/v1/models/${model}/versions/${production}`, values.key)) as { manifest: Manifest })
    .manifest;
  const classes = manifest.outputs.classes ?? [];

  const { table } = await loadTable(values.data);
  const total = Math.min(values.rows ? Number(values.rows) : table.rows, table.rows);
  const ingestKey = values["ingest-key"] ?? values.key;
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  let labelled = 0;
  const started = Date.now();
  console.log(
    `Replaying ${total} rows of ${values.data} into ${values.model} v${production} at ${rate} rows/s${drift.length ? ` with drift ${values.drift}` : ""}`,
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
    const res = (await call(`${server}/api/v1/models/${model}/predict`, values.key, {
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

function runHistory(values: Record<string, string | undefined>): Promise<void> {
  if (!values.model || !values.data || !values.key) throw new CliError(`--history needs --model, --data and --key.\n${USAGE}`);
  if (values.server) throw new CliError(`--history replays into the local database; leave out --server.\n${USAGE}`);
  const hours = /^(\d+)h$/.exec(values.history!);
  if (!hours || Number(hours[1]) < 1) throw new CliError(`--history ${values.history}: give whole hours, e.g. 24h`);
  const rowsPerHour = Number(values["rows-per-hour"]);
  const batch = Number(values.batch);
  if (!Number.isInteger(rowsPerHour) || rowsPerHour < 1)
    throw new CliError(`--rows-per-hour must be a whole number of at least 1`);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new CliError(`--batch must be 1..1000`);
  return runSimulateHistory({
    model: values.model,
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
