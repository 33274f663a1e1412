"use server";
import { z } from "zod";
import { adminAction, formText, type ActionState } from "@/lib/api/admin-action";
import { ApiError } from "@/lib/core/errors";
import { acknowledgeAlert } from "@/lib/alerts/lifecycle/acknowledge-alert";
import { resolveAlert } from "@/lib/alerts/lifecycle/resolve-alert";
import { snoozeAlert } from "@/lib/alerts/lifecycle/snooze-alert";
import { updateAlertRule } from "@/lib/alerts/rules/update-alert-rule";
import { retryNotification } from "@/lib/alerts/notifications/retry-notification";
import { testDestination } from "@/lib/alerts/notifications/test-destination";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";

// Dashboard mutations on alerts, rules, notifications and destinations. Each one goes through
// adminAction (a read-only session is refused whatever the page showed) and calls the same
// lib/alerts function as the API, so both paths validate and audit alike.

export type { ActionState };

const ALERTS = () => "/alerts";
const byId = {
  schema: z.object({ id: z.string() }),
  read: (form: FormData) => ({ id: formText(form, "id") }),
  revalidate: ALERTS,
};

export const acknowledgeAction = adminAction(byId, async ({ db, input, actor }): Promise<ActionState> => {
  await acknowledgeAlert(db, { id: input.id, actor });
  return { ok: "Acknowledged." };
});

export const resolveAction = adminAction(
  {
    schema: z.object({ id: z.string(), note: z.string() }),
    read: (form) => ({ id: formText(form, "id"), note: formText(form, "note").trim() }),
    revalidate: ALERTS,
  },
  async ({ db, input, actor }): Promise<ActionState> => {
    await resolveAlert(db, {
      id: input.id,
      input: input.note ? { note: input.note } : {},
      actor,
      publicUrl: getDeliverySettings().publicUrl,
    });
    return { ok: "Resolved." };
  },
);

// The minutes stay unparsed here: snoozeAlert's own schema names the field and its bounds, as for the API.
export const snoozeAction = adminAction(
  {
    schema: z.object({ id: z.string(), minutes: z.number() }),
    read: (form) => ({ id: formText(form, "id"), minutes: Number(formText(form, "minutes")) }),
    revalidate: ALERTS,
  },
  async ({ db, input, actor }): Promise<ActionState> => {
    const alert = await snoozeAlert(db, { id: input.id, input: { minutes: input.minutes }, actor });
    return { ok: `Snoozed until ${alert.snoozedUntil?.slice(0, 16).replace("T", " ")} UTC.` };
  },
);

export const muteRuleAction = adminAction(
  {
    schema: z.object({ id: z.string(), muted: z.boolean() }),
    read: (form) => ({ id: formText(form, "id"), muted: formText(form, "muted") === "true" }),
    revalidate: ALERTS,
  },
  async ({ db, input, actor }): Promise<ActionState> => {
    await updateAlertRule(db, { id: input.id, input: { muted: input.muted }, actor });
    return { ok: input.muted ? "Muted." : "Unmuted." };
  },
);

export const retryNotificationAction = adminAction(byId, async ({ db, input, actor }): Promise<ActionState> => {
  await retryNotification(db, { id: input.id, actor });
  return { ok: "Queued for delivery." };
});

export const testDestinationAction = adminAction(
  { schema: z.object({ name: z.string() }), read: (form) => ({ name: formText(form, "name") }), revalidate: ALERTS },
  async ({ db, input, actor }): Promise<ActionState> => {
    const result = await testDestination(db.prisma, {
      name: input.name,
      actor,
      key: getSecretKey(),
      settings: getDeliverySettings(),
    });
    if (!result.delivered)
      throw new ApiError("bad_request", `Test to ${result.destination} failed: ${result.error ?? "unknown error"}`);
    return { ok: `Delivered (${result.responseCode}) in ${result.durationMs} ms.` };
  },
);
