"use server";
import { revalidatePath } from "next/cache";
import { requireAdminSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import { getDatabase } from "@/lib/db/get-database";
import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { snoozeAlert } from "@/lib/alerts/snooze-alert";
import { updateAlertRule } from "@/lib/alerts/update-alert-rule";
import { retryNotification } from "@/lib/alerts/retry-notification";
import { testDestination } from "@/lib/alerts/test-destination";
import { getDeliverySettings } from "@/lib/alerts/delivery-settings";
import { getSecretKey } from "@/lib/alerts/secret-key";

// Dashboard mutations on alerts, rules, notifications and destinations. Each one checks the
// session on the server (a read-only session is refused whatever the page showed) and calls the
// same lib/alerts function as the API, so both paths audit alike.

export type ActionState = { ok?: string; error?: string };

async function run(work: (actor: string) => Promise<string>): Promise<ActionState> {
  try {
    const session = await requireAdminSession();
    const ok = await work(session.sub);
    revalidatePath("/alerts");
    return { ok };
  } catch (error) {
    if (error instanceof ApiError) {
      const details = (error.details as { path?: string; message: string }[] | undefined)?.map((d) =>
        d.path ? `${d.path}: ${d.message}` : d.message,
      );
      return { error: details?.length ? `${error.message}: ${details.join("; ")}` : error.message };
    }
    throw error;
  }
}

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function acknowledgeAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    await acknowledgeAlert(db.prisma, { id: field(form, "id"), actor });
    return "Acknowledged.";
  });
}

export async function resolveAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    const note = field(form, "note").trim();
    await resolveAlert(db.prisma, {
      id: field(form, "id"),
      input: note ? { note } : {},
      actor,
      publicUrl: getDeliverySettings().publicUrl,
    });
    return "Resolved.";
  });
}

export async function snoozeAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    const alert = await snoozeAlert(db.prisma, {
      id: field(form, "id"),
      input: { minutes: Number(field(form, "minutes")) },
      actor,
    });
    return `Snoozed until ${alert.snoozedUntil?.slice(0, 16).replace("T", " ")} UTC.`;
  });
}

export async function muteRuleAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    const muted = field(form, "muted") === "true";
    await updateAlertRule(db.prisma, { id: field(form, "id"), input: { muted }, actor });
    return muted ? "Muted." : "Unmuted.";
  });
}

export async function retryNotificationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    await retryNotification(db.prisma, { id: field(form, "id"), actor });
    return "Queued for delivery.";
  });
}

export async function testDestinationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run(async (actor) => {
    const db = await getDatabase();
    const result = await testDestination(db.prisma, {
      name: field(form, "name"),
      actor,
      key: getSecretKey(),
      settings: getDeliverySettings(),
    });
    if (!result.delivered)
      throw new ApiError("bad_request", `Test to ${result.destination} failed: ${result.error ?? "unknown error"}`);
    return `Delivered (${result.responseCode}) in ${result.durationMs} ms.`;
  });
}
