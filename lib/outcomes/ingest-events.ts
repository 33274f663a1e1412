import type { Database } from "@/lib/db/open-database";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { parseItem } from "./parse-item";
import { eventItemSchema, eventsEnvelopeSchema, type EventItem, type ItemResult } from "./ingest-schemas";

/**
 * Stores business events (conversion, revenue, …). A retried event (same name, entity and time) is
 * a duplicate, not a second event. Events belong to entities, not models: the business job joins
 * them with each model's predictions for the same entity.
 */
export async function ingestEvents(db: Database, body: unknown, actor: string) {
  const envelope = parseOrThrow(eventsEnvelopeSchema, body, "events request");
  const results: ItemResult[] = new Array(envelope.events.length);
  const valid: { index: number; item: EventItem }[] = [];
  envelope.events.forEach((raw, index) => {
    const parsed = parseItem(eventItemSchema, raw, index, "event");
    if ("item" in parsed) valid.push({ index, item: parsed.item });
    else results[index] = parsed.rejected;
  });
  // One statement for the whole batch; RETURNING tells which rows were new (the rest are retries).
  const rows = valid.length
    ? await db.sql.query<{ name: string; entity_id: string; occurred_at: Date | string }>(
        `INSERT INTO business_events (name, entity_id, value, occurred_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::timestamptz[])
         ON CONFLICT (name, entity_id, occurred_at) DO NOTHING
         RETURNING name, entity_id, occurred_at`,
        [
          valid.map((v) => v.item.name),
          valid.map((v) => v.item.entityId),
          valid.map((v) => v.item.value),
          valid.map((v) => new Date(v.item.time).toISOString()),
        ],
      )
    : [];
  const inserted = new Set(rows.map((r) => `${r.name}\u0000${r.entity_id}\u0000${new Date(r.occurred_at).getTime()}`));
  for (const { index, item } of valid) {
    const key = `${item.name}\u0000${item.entityId}\u0000${new Date(item.time).getTime()}`;
    results[index] = { index, status: inserted.delete(key) ? "stored" : "duplicate" };
  }
  const counts = { stored: rows.length, duplicate: valid.length - rows.length, rejected: envelope.events.length - valid.length };
  await recordAuditEvent(db.prisma, {
    actor,
    kind: "events.ingested",
    subject: "business_events",
    after: { received: envelope.events.length, ...counts },
  });
  return { received: envelope.events.length, ...counts, items: results };
}
