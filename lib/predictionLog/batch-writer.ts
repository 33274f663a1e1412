import type { SqlRunner } from "@/lib/db/open-database";
import { dayStart, DAY_MS, ensureDayPartition } from "./partitions";
import type { LogMode, PredictionRow } from "./prediction-row";

export class LogWriteTimeoutError extends Error {
  constructor(ms: number) {
    super(`prediction log write timed out after ${ms} ms`);
    this.name = "LogWriteTimeoutError";
  }
}

type Waiter = { resolve(): void; reject(error: unknown): void };
type Pending = { rows: PredictionRow[]; waiter?: Waiter };

export type BatchWriterOptions = {
  sql: SqlRunner;
  /** Rows per INSERT statement. */
  maxRowsPerStatement?: number;
  /** How long a durable write may wait before its request is answered 503. */
  timeoutMs?: number;
  /** Fire-and-forget rows kept in memory while the database is unreachable; beyond it they are dropped (and counted). */
  maxQueuedRows?: number;
};

const INSERT = `INSERT INTO predictions (id, created_at, model_version_id, entity_id, features, output, latency_ms, api_key_id)
SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::real[], $8::uuid[])`;

/**
 * Group commit for the prediction log. Requests that arrive while a flush is in flight queue up
 * and the next flush writes all of them in one multi-row INSERT (unnest of column arrays, so the
 * statement has eight parameters whatever the batch size). A durable write resolves only after
 * its rows are committed; the flush that carries it never takes longer to fail than `timeoutMs`.
 */
export class PredictionBatchWriter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private flushing = false;
  private readonly ensuredDays = new Set<number>();
  readonly stats = { flushes: 0, rowsWritten: 0, rowsDropped: 0, failures: 0 };

  constructor(private readonly options: BatchWriterOptions) {}

  write(rows: PredictionRow[], mode: LogMode): Promise<void> {
    if (mode === "off" || rows.length === 0) return Promise.resolve();
    if (mode === "async") {
      this.enqueue({ rows });
      return Promise.resolve();
    }
    const timeoutMs = this.options.timeoutMs ?? 3000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LogWriteTimeoutError(timeoutMs)), timeoutMs);
      this.enqueue({
        rows,
        waiter: {
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (error) => (clearTimeout(timer), reject(error)),
        },
      });
    });
  }

  /** Resolves once everything queued so far has been written or has failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private enqueue(item: Pending) {
    const cap = this.options.maxQueuedRows ?? 100_000;
    if (!item.waiter && this.queuedRows + item.rows.length > cap) {
      this.stats.rowsDropped += item.rows.length;
      return;
    }
    this.queue.push(item);
    this.queuedRows += item.rows.length;
    if (!this.flushing) {
      this.flushing = true;
      // Let requests that arrived in the same tick join this batch.
      setImmediate(() => void this.flushLoop());
    }
  }

  private async flushLoop() {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        this.queuedRows = 0;
        try {
          await this.insert(batch.flatMap((p) => p.rows));
          this.stats.flushes++;
          for (const p of batch) p.waiter?.resolve();
        } catch (error) {
          this.stats.failures++;
          for (const p of batch) p.waiter?.reject(error);
          this.requeueFireAndForget(batch);
          console.error("[tidemark] prediction log flush failed:", (error as Error).message);
          // Back off while the database is down instead of spinning on failures.
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private requeueFireAndForget(batch: Pending[]) {
    const cap = this.options.maxQueuedRows ?? 100_000;
    for (const p of batch) {
      if (p.waiter) continue;
      if (this.queuedRows + p.rows.length > cap) {
        this.stats.rowsDropped += p.rows.length;
        continue;
      }
      this.queue.push({ rows: p.rows });
      this.queuedRows += p.rows.length;
    }
  }

  private async insert(rows: PredictionRow[]) {
    const days = new Set(rows.map((r) => dayStart(r.createdAt)));
    for (const day of days) {
      if (this.ensuredDays.has(day)) continue;
      await ensureDayPartition(this.options.sql, day);
      // Tomorrow's partition too, so the first write after midnight does not pay for DDL.
      await ensureDayPartition(this.options.sql, day + DAY_MS);
      this.ensuredDays.add(day);
    }
    const size = this.options.maxRowsPerStatement ?? 5000;
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      await this.options.sql.query(INSERT, [
        chunk.map((r) => r.id),
        chunk.map((r) => r.createdAt.toISOString()),
        chunk.map((r) => r.modelVersionId),
        chunk.map((r) => r.entityId),
        chunk.map((r) => JSON.stringify(r.features)),
        chunk.map((r) => JSON.stringify(r.output)),
        chunk.map((r) => r.latencyMs),
        chunk.map((r) => r.apiKeyId),
      ]);
      this.stats.rowsWritten += chunk.length;
    }
  }
}
