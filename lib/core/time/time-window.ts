/** A half-open interval [start, end) of time: a monitoring window, a report's range, a page's range. */
export type TimeWindow = { start: Date; end: Date };
