/**
 * In-process notice that a model's aliases or settings changed. Serving caches resolved targets
 * for a moment; it listens here, so the registry never imports serving (serving reads the
 * registry, not the other way round). Other processes see changes when their cache entry expires.
 */
type Listener = () => void;

const holder = globalThis as unknown as { __tidemarkRegistryListeners?: Set<Listener> };
const listeners = (holder.__tidemarkRegistryListeners ??= new Set());

export function onRegistryChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function registryChanged(): void {
  for (const listener of listeners) listener();
}
