import type { RolloutMode } from "@/lib/registry/traffic-policy-schema";

/**
 * Which side of a canary or A/B rollout answers one request. Pure: the caller passes the random
 * source. A request is decided once, as a whole (one answer has one version), by its first entity
 * id: the same id always lands on the same side (sticky) for a given challenger, and the share of
 * ids that land on the challenger is `percent` in expectation.
 *   canary: by entity id when the request has one, else at random;
 *   ab:     by entity id; a request without one is outside the experiment and gets the champion.
 * Shadow never sends callers the challenger.
 */
export function challengerAnswers(
  policy: { mode: RolloutMode; percent: number | null; salt: string },
  entityId: string | undefined,
  random: () => number = Math.random,
): boolean {
  if (policy.mode === "shadow" || policy.percent === null) return false;
  if (entityId !== undefined) return bucketOf(policy.salt, entityId) < policy.percent;
  if (policy.mode === "ab") return false;
  return random() * 100 < policy.percent;
}

/**
 * 0–99 from FNV-1a (32 bit) over salt and id, then a murmur3 finaliser so nearby ids (user-1,
 * user-2, …) spread evenly. Salted with the challenger's id, so two rollouts split independently.
 */
export function bucketOf(salt: string, entityId: string): number {
  let h = 0x811c9dc5;
  const text = `${salt}\u0000${entityId}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 100;
}
