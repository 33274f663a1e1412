import type { ServingTarget } from "./resolve-serving-target";
import { challengerAnswers } from "./rollout-split";

/**
 * The version that answers this request: the challenger for its share of a canary or A/B rollout
 * (decided once per request by its first entity id; see rollout-split.ts), else the alias's version.
 */
export function routeRollout(target: ServingTarget, entityIds: readonly string[] | undefined): ServingTarget {
  const rollout = target.rollout;
  if (!rollout?.challenger || rollout.mode === "shadow") return target;
  return challengerAnswers(rollout, entityIds?.[0]) ? rollout.challenger : target;
}
