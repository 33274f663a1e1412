import type { listDeliveryAttempts, listNotifications } from "@/lib/alerts/notifications/list-notifications";
import { Badge, Panel, Table } from "@/lib/dashboard/components/ui";
import { RetryNotificationForm } from "./action-forms";
import { time } from "./alert-format";

type DeadNotification = Awaited<ReturnType<typeof listNotifications>>["notifications"][number];
type DeliveryAttempt = Awaited<ReturnType<typeof listDeliveryAttempts>>[number];

/** Notifications that ran out of attempts, with a retry for admins. */
export function DeadNotificationsPanel({ deadNotifications, admin }: { deadNotifications: DeadNotification[]; admin: boolean }) {
  return (
    <Panel title="Dead notifications">
      {deadNotifications.length === 0 ? (
        <p className="text-sm text-gray-600">None: every notification was delivered or is still being retried.</p>
      ) : (
        <Table
          caption="Notifications that ran out of attempts"
          head={["Created", "Event", "Destination", "Attempts", "Last error", ...(admin ? [""] : [])]}
          rows={deadNotifications.map((n) => [
            time(n.createdAt),
            n.event,
            n.destination,
            n.attempts,
            <span key="e" className="text-xs text-red-700">
              {n.lastError}
            </span>,
            ...(admin ? [<RetryNotificationForm key="r" id={n.id} />] : []),
          ])}
        />
      )}
    </Panel>
  );
}

/** The latest delivery attempts, delivered or failed. */
export function DeliveryAttemptsPanel({ attempts }: { attempts: DeliveryAttempt[] }) {
  return (
    <Panel title="Recent delivery attempts">
      {attempts.length === 0 ? (
        <p className="text-sm text-gray-600">No delivery attempted yet.</p>
      ) : (
        <Table
          caption="Delivery attempts, newest first"
          head={["When", "Event", "Destination", "Attempt", "Outcome", "Took"]}
          rows={attempts.map((a) => [
            time(a.startedAt),
            a.event,
            a.destination,
            a.attempt,
            a.ok ? (
              <Badge key="o" tone="green">
                delivered {a.responseCode ?? ""}
              </Badge>
            ) : (
              <span key="o" className="text-xs text-red-700">
                {a.error}
              </span>
            ),
            `${a.durationMs} ms`,
          ])}
        />
      )}
    </Panel>
  );
}
