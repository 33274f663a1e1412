// The --frequency flag: the spacing of the series' observations, and from it the seasonal period
// seasonal naive and MASE use (24 for hourly data: a day; 12 for monthly: a year). A frequency
// without a natural cycle in whole steps (e.g. 5h, 1y) leaves the period to autocorrelation.

const CYCLE_STEPS: Readonly<Record<string, number | null>> = { min: 1440, h: 24, d: 7, w: 52, mo: 12, q: 4, y: null };

export interface Frequency {
  label: string;
  /** Observations per cycle, or null when the unit has none that divides evenly. */
  period: number | null;
}

export class FrequencyError extends Error {}

export function parseFrequency(text: string): Frequency {
  const match = /^(\d+)(min|h|d|w|mo|q|y)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1)
    throw new FrequencyError(
      `--frequency: expected a count and a unit (min, h, d, w, mo, q, y) such as 1h or 1mo, got "${text}"`,
    );
  const count = Number(match[1]);
  const cycle = CYCLE_STEPS[match[2]];
  const period = cycle !== null && cycle % count === 0 && cycle / count >= 2 ? cycle / count : null;
  return { label: `${count}${match[2]}`, period };
}
