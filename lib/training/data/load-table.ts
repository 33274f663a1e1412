// Streams a CSV, TSV or JSON-lines file (or reads a JSON array of records) into a typed, columnar
// table, hashing the bytes on the way so the run's lineage can name exactly which data it was
// trained on.

import { createHash } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { ColumnBuilder } from "./column-builder";
import { CsvParser } from "./csv-parser";
import { toColumn } from "./infer-column-types";
import type { ColumnType, Table } from "../table";

export type DataFormat = "csv" | "tsv" | "jsonl" | "json";

export interface LoadOptions {
  /**
   * Defaults to the file extension: .csv, .tsv, .jsonl/.ndjson, or .json (a JSON array of records
   * when the file starts with "[", JSON lines otherwise).
   */
  format?: DataFormat;
  columnTypes?: Record<string, ColumnType>;
  /** Refuse overrides for columns the file lacks (default); a production sample may lack some. */
  strictOverrides?: boolean;
}

export interface ColumnLoadReport {
  name: string;
  type: ColumnType;
  /** How the type was decided. */
  source: "inferred" | "override";
  missing: number;
  missingFraction: number;
  /** Values that an override could not read (now missing). */
  unparseable: number;
}

export interface LoadedTable {
  table: Table;
  sha256: string;
  bytes: number;
  format: DataFormat;
  columns: ColumnLoadReport[];
}

export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

export function formatOf(file: string): DataFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".tsv")) return "tsv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return startsWithBracket(file) ? "json" : "jsonl";
  throw new DataFileError(`cannot tell the format of ${file}: use a .csv, .tsv, .json, .jsonl or .ndjson file`);
}

/** Whether the first non-blank character of the file is "[" (a JSON array rather than JSON lines). */
function startsWithBracket(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    throw new DataFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(4096);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, read)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return text.trimStart().startsWith("[");
  } finally {
    fs.closeSync(fd);
  }
}

export async function loadTable(file: string, options: LoadOptions = {}): Promise<LoadedTable> {
  const format = options.format ?? formatOf(file);
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = fs.createReadStream(file);
  stream.on("data", (chunk) => {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  });
  const builders =
    format === "jsonl"
      ? await readJsonLines(stream, file)
      : format === "json"
        ? await readJsonArray(stream, file)
        : await readDelimited(stream, file, format === "tsv" ? "\t" : ",");
  const overrides = options.columnTypes ?? {};
  for (const name of Object.keys(overrides)) {
    if (options.strictOverrides !== false && !builders.some((b) => b.name === name)) {
      throw new DataFileError(`type override for "${name}": no such column in ${file}`);
    }
  }
  const rows = builders[0]?.rows ?? 0;
  if (rows === 0) throw new DataFileError(`${file} has no data rows`);
  const columns: ColumnLoadReport[] = [];
  const table: Table = { rows, columns: [] };
  for (const builder of builders) {
    const override = overrides[builder.name];
    const { column, unparseable } = toColumn(builder.finish(), override);
    table.columns.push(column);
    const missing = builder.missing + unparseable;
    columns.push({
      name: builder.name,
      type: column.type,
      source: override ? "override" : "inferred",
      missing,
      missingFraction: missing / rows,
      unparseable,
    });
  }
  return { table, sha256: hash.digest("hex"), bytes, format, columns };
}

async function readDelimited(stream: fs.ReadStream, file: string, delimiter: string): Promise<ColumnBuilder[]> {
  let builders: ColumnBuilder[] | null = null;
  let failure: DataFileError | null = null;
  const parser = new CsvParser((fields, line) => {
    if (failure) return;
    if (builders === null) {
      builders = headerBuilders(fields, file);
      return;
    }
    if (fields.length !== builders.length) {
      failure = new DataFileError(`${file} line ${line}: ${fields.length} fields, the header has ${builders.length}`);
      return;
    }
    for (let j = 0; j < fields.length; j++) builders[j].push(fields[j]);
  }, delimiter);
  stream.setEncoding("utf8");
  for await (const chunk of stream) {
    parser.feed(chunk as string);
    if (failure) {
      stream.destroy();
      throw failure;
    }
  }
  try {
    parser.end();
  } catch (error) {
    throw new DataFileError(`${file}: ${(error as Error).message}`);
  }
  if (failure) throw failure;
  if (builders === null) throw new DataFileError(`${file} is empty`);
  return builders;
}

function headerBuilders(fields: string[], file: string): ColumnBuilder[] {
  const names = fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === "") throw new DataFileError(`${file}: the header has an empty column name`);
    if (seen.has(name)) throw new DataFileError(`${file}: the header repeats the column "${name}"`);
    seen.add(name);
  }
  return names.map((n) => new ColumnBuilder(n));
}

/** Collects records into columns; a key first seen late was missing in every earlier record. */
class RecordColumns {
  private builders = new Map<string, ColumnBuilder>();
  rows = 0;

  add(record: unknown, where: string, file: string): void {
    if (record === null || typeof record !== "object" || Array.isArray(record))
      throw new DataFileError(`${file} ${where}: each record must be a JSON object`);
    const entries = record as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (!this.builders.has(key)) {
        const builder = new ColumnBuilder(key);
        for (let i = 0; i < this.rows; i++) builder.pushMissing();
        this.builders.set(key, builder);
      }
    }
    for (const [key, builder] of this.builders) builder.pushJson(entries[key]);
    this.rows++;
  }

  finish(file: string): ColumnBuilder[] {
    if (this.rows === 0) throw new DataFileError(`${file} has no data rows`);
    return [...this.builders.values()];
  }
}

async function readJsonLines(stream: fs.ReadStream, file: string): Promise<ColumnBuilder[]> {
  const columns = new RecordColumns();
  let lineNumber = 0;
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    try {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new DataFileError(`${file} line ${lineNumber}: not valid JSON (${(error as Error).message})`);
      }
      columns.add(record, `line ${lineNumber}`, file);
    } catch (error) {
      lines.close();
      stream.destroy();
      throw error;
    }
  }
  return columns.finish(file);
}

// A JSON array has no line structure to stream by, so it is read whole: fine for the files that
// come in this shape (exports of a few hundred MB at most); larger data belongs in CSV or JSON lines.
const MAX_JSON_ARRAY_BYTES = 512 * 1024 * 1024;

async function readJsonArray(stream: fs.ReadStream, file: string): Promise<ColumnBuilder[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_ARRAY_BYTES) {
      stream.destroy();
      throw new DataFileError(
        `${file} is a JSON array larger than ${MAX_JSON_ARRAY_BYTES / 2 ** 20} MB: convert it to JSON lines or CSV, which are streamed`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  let records: unknown;
  try {
    records = JSON.parse(
      Buffer.concat(chunks)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    );
  } catch (error) {
    throw new DataFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(records)) throw new DataFileError(`${file}: expected a JSON array of records`);
  const columns = new RecordColumns();
  records.forEach((record, i) => {
    columns.add(record, `record ${i}`, file);
  });
  return columns.finish(file);
}
