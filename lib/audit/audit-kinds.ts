import type { AuditKind } from "./record-audit-event";

// Ingestion writes one event per request: a client sending labels every few seconds buries the
// changes people look for. These kinds are listed as one row per actor, kind, model and hour
// unless a reader asks for every event.
export const GROUPED_KINDS: readonly AuditKind[] = ["outcomes.ingested", "outcome.replaced", "events.ingested"];

/** What happened to a model itself, the default view of its trail. */
export const MODEL_HISTORY_KINDS: readonly AuditKind[] = [
  "model.version_registered",
  "model.alias_moved",
  "model.rollout_set",
  "model.rollout_ended",
  "model.updated",
  "model.monitoring_updated",
];

/** The counters ingestion events carry in `after`, summed over a group. */
export const SUMMED_COUNTERS = ["received", "stored", "replaced", "unchanged", "duplicate", "rejected"] as const;
