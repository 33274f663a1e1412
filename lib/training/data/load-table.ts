// Streams a CSV or JSON-lines file into a typed, columnar table, hashing the bytes on the way so the
// run's lineage can name exactly which data it was trained on.

import { createHash } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { ColumnBuilder } from "./column-builder";
import { CsvParser } from "./csv-parser";
import { toColumn } from "./infer-column-types";
import type { ColumnType, Table } from "../table";

export type DataFormat = "csv" | "tsv" | "jsonl";

export interface LoadOptions {
  /** Defaults to the file extension: .csv, .tsv, or .jsonl/.ndjson/.json. */
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
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  throw new DataFileError(`cannot tell the format of ${file}: use a .csv, .tsv, .jsonl or .ndjson file`);
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
  const builders = format === "jsonl" ? await readJsonLines(stream, file) : await readDelimited(stream, file, format === "tsv" ? "\t" : ",");
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

async function readJsonLines(stream: fs.ReadStream, file: string): Promise<ColumnBuilder[]> {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  let lineNumber = 0;
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      lines.close();
      stream.destroy();
      throw new DataFileError(`${file} line ${lineNumber}: not valid JSON (${(error as Error).message})`);
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      lines.close();
      stream.destroy();
      throw new DataFileError(`${file} line ${lineNumber}: each line must be a JSON object`);
    }
    const entries = record as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (!builders.has(key)) {
        // A key first seen late was missing in every earlier row.
        const builder = new ColumnBuilder(key);
        for (let i = 0; i < rows; i++) builder.pushMissing();
        builders.set(key, builder);
      }
    }
    for (const [key, builder] of builders) builder.pushJson(entries[key]);
    rows++;
  }
  if (rows === 0) throw new DataFileError(`${file} has no data rows`);
  return [...builders.values()];
}
