/**
 * How many CSV exports one caller may run at once, in this server process. An export streams for
 * as long as the client reads, each holding a database connection between pages; without a bound,
 * one session could start enough of them to starve the pool that predictions are logged through.
 */
export const EXPORTS_PER_CALLER = 2;

const running = new Map<string, number>();

/** Takes a slot for `caller`, or null when they already run the maximum. The release is idempotent. */
export function takeExportSlot(caller: string): (() => void) | null {
  const count = running.get(caller) ?? 0;
  if (count >= EXPORTS_PER_CALLER) return null;
  running.set(caller, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(caller) ?? 1) - 1;
    if (left > 0) running.set(caller, left);
    else running.delete(caller);
  };
}
