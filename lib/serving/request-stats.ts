import type { Database } from "@/lib/db/open-database";
import { addRequestCounts } from "@/lib/monitors/service/request-stats-store";

type Key = { model: string; version: number; minute: number; statusClass: string };

// Predict requests counted per model version, minute and status class in memory, and added to
// request_stats every few seconds: error rates need requests that never produced a logged
// prediction, and counting them must not cost a write per request.
export class RequestStatsRecorder {
  private pending = new Map<string, Key & { requests: number; records: number }>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly db: Database,
    private readonly flushEveryMs = 5_000,
  ) {}

  record(entry: { model: string; version: number; status: number; records: number }, now = Date.now()) {
    const minute = Math.floor(now / 60_000) * 60_000;
    const statusClass = `${Math.floor(entry.status / 100)}xx`;
    const id = `${entry.model}\u0000${entry.version}\u0000${minute}\u0000${statusClass}`;
    const row = this.pending.get(id) ?? {
      model: entry.model,
      version: entry.version,
      minute,
      statusClass,
      requests: 0,
      records: 0,
    };
    row.requests++;
    row.records += entry.records;
    this.pending.set(id, row);
    this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs).unref();
  }

  async flush(): Promise<void> {
    this.timer = null;
    const rows = [...this.pending.values()];
    this.pending.clear();
    if (!rows.length) return;
    try {
      await addRequestCounts(this.db.sql, rows);
      this.failures = 0;
    } catch (error) {
      // Counts are kept for the next attempt while the database is away, for about a minute; past
      // that they are dropped (and said so) rather than retried forever.
      if (++this.failures > 12) {
        console.error(
          `[tidemark] request stats: dropped ${rows.length} counter rows after repeated failures:`,
          (error as Error).message,
        );
        this.failures = 0;
        return;
      }
      for (const r of rows) {
        const id = `${r.model}\u0000${r.version}\u0000${r.minute}\u0000${r.statusClass}`;
        const current = this.pending.get(id);
        this.pending.set(
          id,
          current ? { ...current, requests: current.requests + r.requests, records: current.records + r.records } : r,
        );
      }
      this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs).unref();
      console.error("[tidemark] request stats flush failed:", (error as Error).message);
    }
  }
}

const holder = globalThis as unknown as { __tidemarkRequestStats?: { db: Database; recorder: RequestStatsRecorder } };

export function getRequestStats(db: Database): RequestStatsRecorder {
  if (holder.__tidemarkRequestStats?.db !== db) holder.__tidemarkRequestStats = { db, recorder: new RequestStatsRecorder(db) };
  return holder.__tidemarkRequestStats.recorder;
}
