// `tidemark simulate --history 24h`: replays a data file as the traffic of the past hours, in this
// process, against the local database (see lib/simulation/replay-history.ts for why). With the
// embedded database the server must not be running: PGlite admits one process at a time.
import { authenticate } from "@/lib/auth/authenticate";
import type { DriftChange } from "@/lib/simulation/drift-spec";
import { HistoryReplayError, replayHistory } from "@/lib/simulation/replay-history";
import { loadTable } from "@/lib/training/data/load-table";
import { CliError } from "./cli-error";
import { withLocalDatabase } from "./local-database";

export type HistoryOptions = {
  model: string;
  version?: number;
  data: string;
  key: string;
  hours: number;
  rowsPerHour: number;
  batch: number;
  drift: DriftChange[];
  driftText?: string;
  target?: string;
  outcomesAfterMs: number;
  events?: string;
};

export async function runSimulateHistory(options: HistoryOptions): Promise<void> {
  const { table } = await loadTable(options.data);
  await withLocalDatabase(async (db) => {
    // The same key check as the API: the replay is logged as that key's traffic.
    const caller = await authenticate(db.prisma, `Bearer ${options.key}`, "predict");
    if (options.target) await authenticate(db.prisma, `Bearer ${options.key}`, "ingest");
    console.log(
      `Replaying ${options.hours} past hours × ${options.rowsPerHour} rows of ${options.data} into ${options.model}${options.driftText ? ` with drift ${options.driftText}` : ""}`,
    );
    try {
      const result = await replayHistory(db, {
        model: options.model,
        version: options.version,
        table,
        hours: options.hours,
        rowsPerHour: options.rowsPerHour,
        drift: options.drift,
        target: options.target,
        outcomesAfterMs: options.outcomesAfterMs,
        eventName: options.events,
        caller,
        batch: options.batch,
        entityPrefix: `hist-${Date.now()}`,
        onHour: (p) =>
          console.log(
            `  ${p.hourStart.toISOString().slice(0, 13)}h: ${p.predictions} predictions, ${p.outcomes} outcomes, ${p.events} events`,
          ),
      });
      console.log(
        `Done: ${result.predictions} predictions into v${result.version}, ${result.outcomes} outcomes, ${result.events} events, ${result.from.toISOString()} → ${result.to.toISOString()}.`,
      );
      console.log(`Next: tidemark job drift --model ${options.model} (and performance, business, service) computes those hours.`);
    } catch (error) {
      if (error instanceof HistoryReplayError) throw new CliError(`--history: ${error.message}`);
      throw error;
    }
  });
}
