import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { CsvParser } from "@/lib/training/data/csv-parser";
import { DataFileError, loadTable } from "@/lib/training/data/load-table";
import type { CategoricalColumn, NumericColumn } from "@/lib/training/table";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-loaders-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

function parseAll(text: string, chunkSize: number): string[][] {
  const records: string[][] = [];
  const parser = new CsvParser((fields) => records.push(fields));
  for (let i = 0; i < text.length; i += chunkSize) parser.feed(text.slice(i, i + chunkSize));
  parser.end();
  return records;
}

describe("CSV parser (RFC 4180)", () => {
  const text = '\ufeffa,b,c\r\n1,"x, y",3\r\n"he said ""hi""","line1\nline2",\r\n\n4,,"6"\n7,8,9';
  const expected = [
    ["a", "b", "c"],
    ["1", "x, y", "3"],
    ['he said "hi"', "line1\nline2", ""],
    ["4", "", "6"],
    ["7", "8", "9"],
  ];
  it.each([1, 2, 3, 7, 1000])(
    "parses quotes, doubled quotes, embedded line breaks, CRLF, BOM and blank lines in chunks of %i",
    (chunk) => {
      expect(parseAll(text, chunk)).toEqual(expected);
    },
  );
  it("rejects an unterminated quoted field", () => {
    expect(() => parseAll('a,b\n1,"open', 100)).toThrow(/unterminated quoted field/);
  });
});

describe("loadTable", () => {
  it("infers numeric, categorical, boolean and datetime columns, counts missing values and hashes the bytes", async () => {
    const content =
      "n,c,b,t,mixed\n1.5,red,true,2024-01-02,1\n-2e3,blue,false,2024-01-03T10:00:00Z,x\nNA,,yes,,2\n4,red,,2024-01-05 08:30,3\n";
    const p = file("types.csv", content);
    const loaded = await loadTable(p);
    expect(loaded.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(loaded.table.rows).toBe(4);
    expect(Object.fromEntries(loaded.columns.map((c) => [c.name, c.type]))).toEqual({
      n: "numeric",
      c: "categorical",
      b: "boolean",
      t: "datetime",
      mixed: "categorical",
    });
    const n = loaded.table.columns[0] as NumericColumn;
    expect(Array.from(n.values)).toEqual([1.5, -2000, NaN, 4]);
    expect(loaded.columns.find((c) => c.name === "n")).toMatchObject({ missing: 1, missingFraction: 0.25 });
    const t = loaded.table.columns[3];
    expect(t.type === "datetime" && Array.from(t.values)).toEqual([
      Date.UTC(2024, 0, 2),
      Date.UTC(2024, 0, 3, 10),
      NaN,
      Date.UTC(2024, 0, 5, 8, 30),
    ]);
    const b = loaded.table.columns[2];
    expect(b.type === "boolean" && Array.from(b.values)).toEqual([1, 0, 1, NaN]);
    // A column that starts numeric and meets text keeps the earlier values as text.
    const mixed = loaded.table.columns[4] as CategoricalColumn;
    expect(Array.from(mixed.codes, (c) => mixed.categories[c])).toEqual(["1", "x", "2", "3"]);
  });

  it("applies per-column type overrides and counts values the override cannot read", async () => {
    const p = file("override.csv", "zip,score\n02134,1\n10001,0\nabc,1\n");
    const loaded = await loadTable(p, { columnTypes: { zip: "categorical", score: "boolean" } });
    const zip = loaded.table.columns[0] as CategoricalColumn;
    expect(zip.type).toBe("categorical");
    expect(zip.categories).toContain("abc");
    const asNumber = await loadTable(p, { columnTypes: { zip: "numeric" } });
    expect(asNumber.columns[0]).toMatchObject({ type: "numeric", source: "override", unparseable: 1, missing: 1 });
    await expect(loadTable(p, { columnTypes: { nope: "numeric" } })).rejects.toThrow(/no such column/);
  });

  it("reads JSON lines with keys appearing late, nulls and typed values", async () => {
    const p = file("rows.jsonl", '{"a":1,"b":"x"}\n\n{"a":null,"b":"y","c":true}\n{"a":3,"c":false}\n');
    const loaded = await loadTable(p);
    expect(loaded.table.rows).toBe(3);
    expect(Object.fromEntries(loaded.columns.map((c) => [c.name, [c.type, c.missing]]))).toEqual({
      a: ["numeric", 1],
      b: ["categorical", 1],
      c: ["boolean", 1],
    });
  });

  it("reads a .json file holding an array of records (as npm data packages ship them) like the same rows in JSON lines", async () => {
    const records = [
      { a: 1, b: "x" },
      { a: null, b: "y", c: true },
      { a: 3, c: false },
    ];
    const asArray = await loadTable(file("rows.json", `\n  ${JSON.stringify(records, null, 2)}`));
    const asLines = await loadTable(file("rows-lines.json", records.map((r) => JSON.stringify(r)).join("\n")));
    expect(asArray.format).toBe("json");
    expect(asLines.format).toBe("jsonl");
    expect(asArray.table).toEqual(asLines.table);
    expect(asArray.columns).toEqual(asLines.columns);
    const penguins = await loadTable(path.resolve(__dirname, "../../node_modules/vega-datasets/data/penguins.json"));
    expect(penguins.table.rows).toBe(344);
    expect(penguins.columns.find((c) => c.name === "Species")).toMatchObject({ type: "categorical", missing: 0 });
  });

  it("says what is wrong with a JSON array file", async () => {
    await expect(loadTable(file("object.json", '[{"a":1}, 2]'))).rejects.toThrow(/record 1: each record must be a JSON object/);
    await expect(loadTable(file("truncated.json", '[{"a":1},'))).rejects.toThrow(/truncated\.json: not valid JSON/);
    await expect(loadTable(file("empty-array.json", "[]"))).rejects.toThrow(/has no data rows/);
  });

  it("names the line of a malformed row", async () => {
    await expect(loadTable(file("ragged.csv", "a,b\n1,2\n3\n"))).rejects.toThrow(/line 3: 1 fields, the header has 2/);
    await expect(loadTable(file("bad.jsonl", '{"a":1}\n{oops}\n'))).rejects.toThrow(/line 2: not valid JSON/);
    await expect(loadTable(file("empty.csv", "a,b\n"))).rejects.toBeInstanceOf(DataFileError);
  });

  it("streams a large file without holding its text: 300k rows × 6 columns in bounded memory", async () => {
    const p = path.join(dir, "large.csv");
    const out = fs.createWriteStream(p);
    out.write("id,a,b,c,cat,label\n");
    for (let i = 0; i < 300_000; i++)
      out.write(`${i},${(i % 977) / 7},${(i * 31) % 1000},${Math.sin(i).toFixed(6)},k${i % 13},${i % 2}\n`);
    await new Promise((resolve) => out.end(resolve));
    // In a process of its own, so garbage can be collected before measuring what the table retains.
    const root = path.resolve(__dirname, "../..");
    const child = spawnSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", path.join(root, "test/helpers/measure-load-memory.ts"), p],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
      },
    );
    expect(child.stderr).toBe("");
    const { rows, retained, maxRssBytes } = JSON.parse(child.stdout) as { rows: number; retained: number; maxRssBytes: number };
    expect(rows).toBe(300_000);
    const size = fs.statSync(p).size;
    // Typed columns: 8 bytes per number, 4 per category code, about the file's own size here; a JS
    // string per cell would retain several times the file (1.8M strings of 16+ bytes each).
    expect(retained).toBeLessThan(size * 1.5);
    // The whole process, runtime included, stays far from "several GB".
    expect(maxRssBytes).toBeLessThan(400 * 1024 * 1024);
  }, 60_000);
});
