/**
 * The one rule for every performance, business and service window: a window whose hour has not
 * ended yet, or that holds fewer values than its minimum, is provisional. It is shown as such and
 * never decides a badge, a verdict or an alert, so three cold-start requests or three labels of the
 * current hour cannot stand for the model.
 */

export type WindowCompleteness = {
  /** Still open, or below its minimum. */
  provisional: boolean;
  /** The window has not ended yet (its figures are "so far"). */
  open: boolean;
  /** The values the window's figure rests on (labels, requests, predictions per decile). */
  count: number;
  /** The count the window needs to be judged (a monitoring setting). */
  minimum: number;
};

export function windowCompleteness(window: { end: Date; count: number; minimum: number; now: Date }): WindowCompleteness {
  const open = window.end.getTime() > window.now.getTime();
  return { provisional: open || window.count < window.minimum, open, count: window.count, minimum: window.minimum };
}

/** The smallest score decile of a window of n predictions (businessByDecile splits at floor(d·n/10)). */
export const smallestDecile = (predictions: number) => Math.floor(predictions / 10);
