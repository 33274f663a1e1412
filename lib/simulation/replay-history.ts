import "server-only";
import { callerActor, type Caller } from "@/lib/auth/authenticate";
import type { Database } from "@/lib/db/open-database";
import { HOUR_MS } from "@/lib/core/time/durations";
import { ingestEvents } from "@/lib/outcomes/ingest-events";
import { ingestOutcomes } from "@/lib/outcomes/ingest-outcomes";
import { predict } from "@/lib/serving/predict";
import { getRequestStats } from "@/lib/serving/request-stats";
import { resolveServingTarget } from "@/lib/serving/resolve-serving-target";
import type { Table } from "@/lib/training/table";
import { applyDrift, type DriftChange } from "./drift-spec";
import { labelOf, tableRecord } from "./table-records";

export type HistoryReplayOptions = {
  model: string;
  /** The version to send the traffic to; the production alias's when absent (as the predict API). */
  version?: number;
  table: Table;
  /** Whole UTC hours of traffic, ending at `end`. */
  hours: number;
  rowsPerHour: number;
  /** The end of the replayed period: the start of the current hour unless given (a whole hour). */
  end?: Date;
  drift: readonly DriftChange[];
  /** The label column: its values are posted as outcomes `outcomesAfterMs` after each prediction. */
  target?: string;
  outcomesAfterMs: number;
  /** A business event sent for every record whose label is the positive (last) class. */
  eventName?: string;
  caller: Caller;
  /** Records per predict call. */
  batch: number;
  entityPrefix: string;
  onHour?: (progress: { hourStart: Date; predictions: number; outcomes: number; events: number }) => void;
};

export class HistoryReplayError extends Error {}

/**
 * Replays a table as the traffic of the past `hours` whole UTC hours, through the same predict code
 * the API runs (validation, ONNX Runtime, the durable log, request counters), each call stamped with
 * its own time in the past; then posts the labels and business events as if they had arrived later.
 * Monitoring works on whole hours, so this is how a fresh installation gets the hours of history a
 * drift or performance story needs without waiting for them. Rows are taken in order and reused from
 * the top when the table is shorter than the replay; the drift spec applies by progress through the
 * whole replay, as in `tidemark simulate`.
 */
export async function replayHistory(db: Database, options: HistoryReplayOptions) {
  if (!Number.isInteger(options.hours) || options.hours < 1)
    throw new HistoryReplayError("hours must be a whole number of at least 1");
  if (!Number.isInteger(options.rowsPerHour) || options.rowsPerHour < 1)
    throw new HistoryReplayError("rowsPerHour must be a whole number of at least 1");
  if (options.table.rows === 0) throw new HistoryReplayError("the data file has no rows");
  const now = Date.now();
  const end = options.end?.getTime() ?? Math.floor(now / HOUR_MS) * HOUR_MS;
  if (end % HOUR_MS !== 0) throw new HistoryReplayError("end must be a whole UTC hour");
  if (end > now) throw new HistoryReplayError("end must not be in the future: predictions cannot be logged ahead of the clock");

  const target = await resolveServingTarget(db, options.model, selectorOf(options));
  const { manifest } = target;
  const classes = manifest.outputs.classes ?? [];
  const total = options.hours * options.rowsPerHour;
  const batchesPerHour = Math.ceil(options.rowsPerHour / options.batch);
  const totals = { predictions: 0, outcomes: 0, events: 0 };
  let next = 0;

  for (let h = 0; h < options.hours; h++) {
    const hourStart = end - (options.hours - h) * HOUR_MS;
    const outcomes: { predictionId: string; label: string; time: string }[] = [];
    const events: { name: string; entityId: string; value: number; time: string }[] = [];
    for (let b = 0; b < batchesPerHour; b++) {
      const size = Math.min(options.batch, options.rowsPerHour - b * options.batch);
      // Calls spread evenly over the hour, so latency and throughput series look like traffic.
      const at = hourStart + Math.floor(((b + 0.5) * HOUR_MS) / batchesPerHour);
      const indices = Array.from({ length: size }, (_, k) => next + k);
      next += size;
      const drifted = indices.map((i) => {
        const row = i % options.table.rows;
        const label = options.target ? labelOf(options.table, options.target, row) : null;
        return applyDrift(options.drift, i / total, tableRecord(options.table, manifest.features, row), {
          value: label,
          classes,
        });
      });
      const entityIds = indices.map((i) => `${options.entityPrefix}-${i}`);
      const { body: response } = await predict(db, {
        modelName: options.model,
        selector: selectorOf(options),
        body: { inputs: drifted.map((d) => d.record), entityIds },
        caller: options.caller,
        maxRecords: Math.max(options.batch, 1),
        defaultLogMode: "durable",
        at: new Date(at),
      });
      // A label or event due after the clock arrives "now" rather than in the future.
      const arrival = new Date(Math.min(at + options.outcomesAfterMs, now)).toISOString();
      response.predictions.forEach((p, k) => {
        const label = drifted[k].label;
        if (options.target && label !== null) outcomes.push({ predictionId: p.predictionId, label, time: arrival });
        if (options.eventName && label !== null && label === classes[classes.length - 1]) {
          events.push({ name: options.eventName, entityId: entityIds[k], value: 1, time: arrival });
        }
      });
    }
    const actor = callerActor(options.caller);
    const storedOutcomes = outcomes.length ? await ingestOutcomes(db, { model: options.model, outcomes }, actor) : null;
    if (storedOutcomes?.rejected)
      throw new HistoryReplayError(
        `${storedOutcomes.rejected} outcomes were rejected: ${JSON.stringify(storedOutcomes.items.find((i) => i.status === "rejected"))}`,
      );
    const storedEvents = events.length ? await ingestEvents(db, { events }, actor) : null;
    totals.predictions += options.rowsPerHour;
    totals.outcomes += outcomes.length;
    totals.events += storedEvents?.items.filter((i) => i.status === "stored").length ?? 0;
    options.onHour?.({
      hourStart: new Date(hourStart),
      predictions: options.rowsPerHour,
      outcomes: outcomes.length,
      events: events.length,
    });
  }
  // The request counters are otherwise written on a timer; a replay may be followed by the process exiting.
  await getRequestStats(db).flush();
  return { ...totals, from: new Date(end - options.hours * HOUR_MS), to: new Date(end), version: target.version };
}

const selectorOf = (options: { version?: number }) =>
  options.version === undefined ? { alias: "production" } : { version: options.version };
