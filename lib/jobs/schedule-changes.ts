/**
 * In-process notice that monitoring settings changed, so a scheduler running in this process (the
 * embedded server's) applies new schedules at once instead of at its next periodic refresh.
 * Schedulers in other processes pick changes up on their refresh interval.
 */
type Listener = () => void;

const holder = globalThis as unknown as { __tidemarkScheduleListeners?: Set<Listener> };
const listeners = (holder.__tidemarkScheduleListeners ??= new Set());

export function onSchedulesChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function schedulesChanged(): void {
  for (const listener of listeners) listener();
}
