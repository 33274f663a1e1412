import type { SqlConnection, SqlRunner } from "@/lib/db/open-database";
import { escapeUnstorable } from "@/lib/core/text/storable-text";
import { DAY_MS } from "@/lib/core/time/durations";
import { dayStart, ensureDayPartition } from "./partitions";
import type { LogMode, PredictionRow } from "./prediction-row";
import { isRowSpecificFailure, sqlStateOf } from "./row-specific-failure";

export class LogWriteTimeoutError extends Error {
  constructor(ms: number) {
    super(`prediction log write timed out after ${ms} ms`);
    this.name = "LogWriteTimeoutError";
  }
}

/** Remembers a request's answer under its Idempotency-Key; committed in the same transaction as its rows. */
export type IdempotencyRecord = { apiKeyId: string; key: string; requestHash: string; response: unknown };

type Waiter = { resolve(): void; reject(error: unknown): void };
/**
 * `unique`: the rows' ids must not exist yet (ingested rows, whose ids the client chose). The flush
 * claims them in ingested_prediction_ids in the rows' own transaction and leaves out, as
 * `duplicates`, every row whose id was claimed before (or earlier in the same flush).
 */
type Pending = {
  rows: PredictionRow[];
  idempotency?: IdempotencyRecord;
  waiter?: Waiter;
  unique?: boolean;
  duplicates?: Set<string>;
};

export type BatchWriterOptions = {
  sql: SqlRunner;
  /** Rows per INSERT statement. */
  maxRowsPerStatement?: number;
  /** How long a durable write may wait before its request is answered 503. */
  timeoutMs?: number;
  /** Fire-and-forget rows kept in memory while the database is unreachable; beyond it they are dropped (and counted). */
  maxQueuedRows?: number;
};

const INSERT = `INSERT INTO predictions (id, created_at, model_version_id, entity_id, features, output, latency_ms, api_key_id, source, paired_prediction_id)
SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::real[], $8::uuid[], $9::text[], $10::uuid[])`;

// ON CONFLICT DO NOTHING: an id claimed by an earlier (or concurrent, in another process) write is
// not returned, so its row is left out. A concurrent claimer waits for the first to commit.
const CLAIM_IDS = `INSERT INTO ingested_prediction_ids (prediction_id, created_at)
SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT (prediction_id) DO NOTHING RETURNING prediction_id::text AS id`;

const INSERT_IDEMPOTENCY = `INSERT INTO prediction_idempotency_keys (api_key_id, key, request_hash, response)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`;

// Every column is text: a dead letter must be storable whatever was wrong with the row.
const INSERT_DEAD_LETTERS = `INSERT INTO prediction_dead_letters (prediction_id, model_version_id, prediction_created_at, sql_state, error, row)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`;

/**
 * Group commit for the prediction log. Requests that arrive while a flush is in flight queue up
 * and the next flush writes all of them in one multi-row INSERT (unnest of column arrays, so the
 * statement has ten parameters whatever the batch size). A durable write resolves only after
 * its rows are committed; the flush that carries it never takes longer to fail than `timeoutMs`.
 *
 * One bad row must not fail the requests that share its batch: when a flush fails for a reason
 * that lies in the rows (see row-specific-failure.ts), the batch is split in halves, request by
 * request, until the offending request stands alone. A durable one is answered with the error; a
 * fire-and-forget one is split down to its rows and the row that cannot be written goes to
 * `prediction_dead_letters`. Neither is ever queued again.
 */
export class PredictionBatchWriter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private flushing = false;
  private readonly ensuredDays = new Set<number>();
  private readonly deadLetterWrites = new Set<Promise<void>>();
  readonly stats = { flushes: 0, rowsWritten: 0, rowsDropped: 0, failures: 0, splits: 0, deadLettered: 0 };

  constructor(private readonly options: BatchWriterOptions) {}

  write(rows: PredictionRow[], mode: LogMode, options: { idempotency?: IdempotencyRecord } = {}): Promise<void> {
    if (mode === "off" || rows.length === 0) return Promise.resolve();
    const { idempotency } = options;
    if (mode === "async") {
      this.enqueue({ rows, idempotency });
      return Promise.resolve();
    }
    const timeoutMs = this.options.timeoutMs ?? 3000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LogWriteTimeoutError(timeoutMs)), timeoutMs);
      this.enqueue({
        rows,
        idempotency,
        waiter: {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        },
      });
    });
  }

  /**
   * Writes ingested rows durably, each id at most once ever: resolves with the ids that were
   * already stored (their rows are not written again). Ids must be unique within `rows`.
   */
  writeUnique(rows: PredictionRow[]): Promise<Set<string>> {
    if (rows.length === 0) return Promise.resolve(new Set());
    const timeoutMs = this.options.timeoutMs ?? 3000;
    return new Promise<Set<string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LogWriteTimeoutError(timeoutMs)), timeoutMs);
      const pending: Pending = {
        rows,
        unique: true,
        waiter: {
          resolve: () => {
            clearTimeout(timer);
            resolve(pending.duplicates ?? new Set());
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        },
      };
      this.enqueue(pending);
    });
  }

  /** Resolves once everything queued so far has been written, dead-lettered or has failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing || this.deadLetterWrites.size > 0) await new Promise((r) => setTimeout(r, 5));
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
        const stopped = await this.writeBatch(batch);
        if (stopped) {
          console.error("[tidemark] prediction log flush failed:", (stopped as Error).message);
          // Back off while the database is down instead of spinning on failures.
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Writes the batch, splitting it on a row-specific failure. Returns the error that stopped it
   * when the database itself failed (its requests are then failed or re-queued as a whole).
   */
  private async writeBatch(batch: Pending[]): Promise<unknown> {
    try {
      await this.insert(batch);
    } catch (error) {
      this.stats.failures++;
      if (!isRowSpecificFailure(error)) {
        this.failBatch(batch, error);
        return error;
      }
      const halves = this.split(batch);
      if (!halves) {
        this.giveUp(batch[0], error);
        return undefined;
      }
      this.stats.splits++;
      const stopped = await this.writeBatch(halves[0]);
      if (stopped) {
        this.failBatch(halves[1], stopped);
        return stopped;
      }
      return this.writeBatch(halves[1]);
    }
    this.stats.flushes++;
    for (const p of batch) p.waiter?.resolve();
    return undefined;
  }

  /**
   * Halves by request; a lone fire-and-forget request by row, since no one awaits it as a whole.
   * A request that carries an Idempotency-Key stays whole: its key must commit with all its rows.
   */
  private split(batch: Pending[]): [Pending[], Pending[]] | null {
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return [batch.slice(0, half), batch.slice(half)];
    }
    const [only] = batch;
    if (only.waiter || only.idempotency || only.rows.length < 2) return null;
    const half = Math.ceil(only.rows.length / 2);
    return [[{ rows: only.rows.slice(0, half) }], [{ rows: only.rows.slice(half) }]];
  }

  private failBatch(batch: Pending[], error: unknown) {
    for (const p of batch) p.waiter?.reject(error);
    this.requeueFireAndForget(batch);
  }

  /** A request whose rows can never be written: its caller hears of it, or its rows are dead-lettered. */
  private giveUp(pending: Pending, error: unknown) {
    const message = (error as Error).message;
    console.error(`[tidemark] prediction log refused ${pending.rows.length} row(s) (${sqlStateOf(error)}): ${message}`);
    if (pending.waiter) {
      pending.waiter.reject(error);
      return;
    }
    this.stats.deadLettered += pending.rows.length;
    const write = this.writeDeadLetters(pending.rows, error)
      .catch((failure: unknown) => {
        // The dead letter is the last resort; if even it fails, the server log keeps the trace.
        console.error(`[tidemark] could not dead-letter ${pending.rows.length} prediction row(s):`, (failure as Error).message);
      })
      .finally(() => this.deadLetterWrites.delete(write));
    this.deadLetterWrites.add(write);
  }

  private async writeDeadLetters(rows: PredictionRow[], error: unknown) {
    const message = escapeUnstorable(String((error as Error).message ?? error));
    const text = (value: unknown) => (value === null || value === undefined ? null : escapeUnstorable(String(value)));
    await this.options.sql.query(INSERT_DEAD_LETTERS, [
      rows.map((r) => text(r.id)),
      rows.map((r) => text(r.modelVersionId)),
      rows.map((r) => (r.createdAt instanceof Date && !Number.isNaN(r.createdAt.getTime()) ? r.createdAt.toISOString() : null)),
      rows.map(() => sqlStateOf(error)),
      rows.map(() => message),
      // JSON.stringify already writes NUL and lone surrogates as \u escapes; the escape is a guard.
      rows.map((r) => escapeUnstorable(JSON.stringify(r))),
    ]);
  }

  private requeueFireAndForget(batch: Pending[]) {
    const cap = this.options.maxQueuedRows ?? 100_000;
    for (const p of batch) {
      if (p.waiter) continue;
      if (this.queuedRows + p.rows.length > cap) {
        this.stats.rowsDropped += p.rows.length;
        continue;
      }
      this.queue.push({ rows: p.rows, idempotency: p.idempotency });
      this.queuedRows += p.rows.length;
    }
  }

  private async insert(batch: Pending[]) {
    const allRows = batch.flatMap((p) => p.rows);
    const days = new Set(allRows.map((r) => dayStart(r.createdAt)));
    for (const day of days) {
      if (this.ensuredDays.has(day)) continue;
      await ensureDayPartition(this.options.sql, day);
      // Tomorrow's partition too, so the first write after midnight does not pay for DDL.
      await ensureDayPartition(this.options.sql, day + DAY_MS);
      this.ensuredDays.add(day);
    }
    const size = this.options.maxRowsPerStatement ?? 5000;
    const keys = batch.flatMap((p) => (p.idempotency ? [p.idempotency] : []));
    const claims = batch.some((p) => p.unique);
    let rows = allRows;
    // All or nothing, so a batch that is split and written again never leaves half of itself behind.
    if (rows.length <= size && keys.length === 0 && !claims) await this.insertRows(this.options.sql, rows, size);
    else
      await this.options.sql.transaction(async (tx) => {
        if (claims) rows = await this.claimIds(tx, batch);
        await this.insertRows(tx, rows, size);
        if (keys.length) {
          await tx.query(INSERT_IDEMPOTENCY, [
            keys.map((k) => k.apiKeyId),
            keys.map((k) => k.key),
            keys.map((k) => k.requestHash),
            keys.map((k) => JSON.stringify(k.response)),
          ]);
        }
      });
    this.stats.rowsWritten += rows.length;
  }

  /**
   * Claims the ids of the batch's unique rows and returns the rows to insert: all of the others,
   * and the unique ones whose claim succeeded. Run on every attempt, since a failed attempt's
   * transaction took its claims with it.
   */
  private async claimIds(tx: SqlConnection, batch: Pending[]): Promise<PredictionRow[]> {
    const wanted = batch.flatMap((p) => (p.unique ? p.rows : []));
    const claimed = new Set<string>();
    for (let start = 0; start < wanted.length; start += 5000) {
      const chunk = wanted.slice(start, start + 5000);
      const returned = await tx.query<{ id: string }>(CLAIM_IDS, [
        chunk.map((r) => r.id),
        chunk.map((r) => r.createdAt.toISOString()),
      ]);
      for (const r of returned) claimed.add(r.id);
    }
    const rows: PredictionRow[] = [];
    for (const pending of batch) {
      if (!pending.unique) {
        rows.push(...pending.rows);
        continue;
      }
      pending.duplicates = new Set();
      for (const row of pending.rows) {
        // delete: two requests in one flush with the same id; the first one queued gets it.
        if (claimed.delete(row.id.toLowerCase())) rows.push(row);
        else pending.duplicates.add(row.id);
      }
    }
    return rows;
  }

  private async insertRows(sql: SqlConnection, rows: PredictionRow[], size: number) {
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      await sql.query(INSERT, [
        chunk.map((r) => r.id),
        chunk.map((r) => r.createdAt.toISOString()),
        chunk.map((r) => r.modelVersionId),
        chunk.map((r) => r.entityId),
        chunk.map((r) => JSON.stringify(r.features)),
        chunk.map((r) => JSON.stringify(r.output)),
        chunk.map((r) => r.latencyMs),
        chunk.map((r) => r.apiKeyId),
        chunk.map((r) => r.source ?? null),
        chunk.map((r) => r.pairedPredictionId ?? null),
      ]);
    }
  }
}
