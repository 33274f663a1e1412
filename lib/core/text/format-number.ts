/**
 * A measured number as people read it: three significant digits by default, thousands separated,
 * never the float noise of a stored value (223.60000610351562 → "224", 0.1550002129773866 → "0.155").
 */
export function formatSignificant(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString("en-US");
  return String(Number(value.toPrecision(digits)));
}

/** A numeric bin as a label, "224–310", each end to `digits` significant digits. */
export function formatRange(from: number, to: number, digits = 3): string {
  return `${formatSignificant(from, digits)}–${formatSignificant(to, digits)}`;
}
