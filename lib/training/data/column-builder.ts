// Accumulates one column while a file streams past, in a compact typed form: numbers in a growing
// Float64Array, text dictionary-encoded (Int32Array codes + distinct strings). A few hundred MB of
// CSV then costs roughly 8 bytes per numeric cell instead of a JS string per cell.

import { parseDateTime, parseNumber } from "./parse-value";

type Mode = "empty" | "numeric" | "datetime" | "text";

export class ColumnBuilder {
  private mode: Mode = "empty";
  private numbers = new Float64Array(1024);
  private codes = new Int32Array(0);
  private dictionary: string[] = [];
  private lookup = new Map<string, number>();
  private length = 0;
  missing = 0;

  constructor(readonly name: string) {}

  get rows(): number {
    return this.length;
  }

  /** `null` is a missing value; strings are parsed (numbers, ISO dates) as they would be in a CSV cell. */
  push(raw: string | null): void {
    const text = raw === null ? "" : raw.trim();
    if (text === "" || MISSING_TOKENS.has(text)) {
      this.pushMissing();
      return;
    }
    if (this.mode === "empty")
      this.mode = parseNumber(text) !== null ? "numeric" : parseDateTime(text) !== null ? "datetime" : "text";
    if (this.mode === "numeric") {
      const n = parseNumber(text);
      if (n !== null) return this.pushNumber(n);
      this.toText();
    } else if (this.mode === "datetime") {
      const t = parseDateTime(text);
      if (t !== null) return this.pushNumber(t);
      this.toText();
    }
    this.pushText(text);
  }

  /** Cells already typed by a JSON parser; a JSON number is never re-read as text. */
  pushJson(value: unknown): void {
    if (value === null || value === undefined) return this.pushMissing();
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return this.pushMissing();
      if (this.mode === "empty") this.mode = "numeric";
      if (this.mode === "numeric") return this.pushNumber(value);
      if (this.mode === "datetime") this.toText();
      return this.pushText(String(value));
    }
    if (typeof value === "boolean") return this.push(value ? "true" : "false");
    if (typeof value === "string") return this.push(value);
    return this.push(JSON.stringify(value));
  }

  pushMissing(): void {
    this.missing++;
    if (this.mode === "text") this.pushCode(-1);
    else this.pushNumber(NaN);
  }

  finish(): RawColumn {
    if (this.mode === "text") {
      return {
        name: this.name,
        kind: "text",
        codes: this.codes.slice(0, this.length),
        dictionary: this.dictionary,
        missing: this.missing,
      };
    }
    return {
      name: this.name,
      kind: this.mode === "datetime" ? "datetime" : "numeric",
      values: this.numbers.slice(0, this.length),
      missing: this.missing,
    };
  }

  private pushNumber(n: number): void {
    if (this.length === this.numbers.length) this.numbers = grow(this.numbers);
    this.numbers[this.length++] = n;
  }

  private pushText(text: string): void {
    let code = this.lookup.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.lookup.set(text, code);
    }
    this.pushCode(code);
  }

  private pushCode(code: number): void {
    if (this.length === this.codes.length) this.codes = grow(this.codes);
    this.codes[this.length++] = code;
  }

  /** A column that started numeric (or as dates) met a value that is not: keep what was read, as text. */
  private toText(): void {
    const wasDate = this.mode === "datetime";
    const values = this.numbers.subarray(0, this.length);
    this.mode = "text";
    this.codes = new Int32Array(Math.max(1024, this.length * 2));
    const n = this.length;
    this.length = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(values[i])) this.pushCode(-1);
      else this.pushText(wasDate ? new Date(values[i]).toISOString() : String(values[i]));
    }
    this.numbers = new Float64Array(0);
  }
}

/** Tokens that mean "no value" in exported spreadsheets and pandas dumps. */
const MISSING_TOKENS = new Set(["NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?"]);

function grow<T extends Float64Array | Int32Array>(array: T): T {
  const next = new (array.constructor as { new (n: number): T })(Math.max(1024, array.length * 2));
  next.set(array);
  return next;
}

export type RawColumn =
  | { name: string; kind: "numeric" | "datetime"; values: Float64Array; missing: number }
  | { name: string; kind: "text"; codes: Int32Array; dictionary: string[]; missing: number };
