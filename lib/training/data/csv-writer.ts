// RFC 4180 output: fields with a comma, quote or line break are quoted, quotes doubled.

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.map(csvField).join(",")).join("\n")}\n`;
}
