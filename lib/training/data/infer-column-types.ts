// Decides each column's type from what the loader saw, then applies the user's per-column overrides.

import type { RawColumn } from "./column-builder";
import { parseBoolean, parseDateTime, parseNumber } from "./parse-value";
import type { Column, ColumnType } from "../table";

export interface TypeConversion {
  column: Column;
  /** Present values that could not be read as the requested type and became missing. */
  unparseable: number;
}

/** Text whose distinct values are all boolean tokens is boolean; other text is categorical. */
export function inferColumnType(raw: RawColumn): ColumnType {
  if (raw.kind !== "text") return raw.kind;
  // Every distinct value a boolean token (true/false, yes/no, y/n, t/f in any case): boolean, even
  // when only one of the two values occurs in this file.
  if (raw.dictionary.length > 0 && raw.dictionary.every((v) => parseBoolean(v) !== null)) return "boolean";
  return "categorical";
}

export function toColumn(raw: RawColumn, override?: ColumnType): TypeConversion {
  const type = override ?? inferColumnType(raw);
  const n = raw.kind === "text" ? raw.codes.length : raw.values.length;
  let unparseable = 0;
  if (type === "categorical") {
    if (raw.kind === "text")
      return { column: { name: raw.name, type, codes: raw.codes, categories: raw.dictionary }, unparseable };
    // Numbers (e.g. postcodes, product codes) asked to be categories: their shortest round-trip text.
    const lookup = new Map<string, number>();
    const categories: string[] = [];
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw.values[i];
      if (Number.isNaN(v)) {
        codes[i] = -1;
        continue;
      }
      const text = raw.kind === "datetime" ? new Date(v).toISOString() : String(v);
      let code = lookup.get(text);
      if (code === undefined) {
        code = categories.length;
        categories.push(text);
        lookup.set(text, code);
      }
      codes[i] = code;
    }
    return { column: { name: raw.name, type, codes, categories }, unparseable };
  }
  if (raw.kind !== "text") {
    if (type === "boolean") {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = raw.values[i];
        if (Number.isNaN(v)) values[i] = NaN;
        else if (v === 0 || v === 1) values[i] = v;
        else {
          values[i] = NaN;
          unparseable++;
        }
      }
      return { column: { name: raw.name, type, values }, unparseable };
    }
    // numeric ↔ datetime: epoch milliseconds are numbers either way.
    return { column: { name: raw.name, type, values: raw.values }, unparseable };
  }
  const parse = type === "boolean" ? parseBoolean : type === "datetime" ? parseDateTime : parseNumber;
  // Parse each distinct value once, not once per row.
  const parsed = raw.dictionary.map((text) => parse(text) ?? (type === "boolean" ? booleanNumber(text) : null));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = raw.codes[i];
    const v = code < 0 ? null : parsed[code];
    if (v === null || v === undefined) {
      values[i] = NaN;
      if (code >= 0) unparseable++;
    } else values[i] = v;
  }
  return { column: { name: raw.name, type, values }, unparseable };
}

function booleanNumber(text: string): number | null {
  const n = parseNumber(text);
  return n === 0 || n === 1 ? n : null;
}
