import type { listDestinations } from "@/lib/alerts/destinations/list-destinations";
import { EmptyState, Panel, Table } from "@/lib/dashboard/components/ui";
import { TestDestinationForm } from "./action-forms";

type Destination = Awaited<ReturnType<typeof listDestinations>>["destinations"][number];

/** Where alerts go, with a test-send for admins; shown on the Alerts page and in Settings. */
export function DestinationsPanel({ destinations, admin }: { destinations: Destination[]; admin: boolean }) {
  return (
    <Panel title="Alert destinations">
      {destinations.length === 0 ? (
        <EmptyState title="No destinations yet.">
          <p>
            Add a webhook, a Slack incoming webhook or an SMTP server with <code>POST /api/v1/destinations</code>, then list it in
            a rule&apos;s channels.
          </p>
        </EmptyState>
      ) : (
        <Table
          caption="Alert destinations"
          head={["Name", "Kind", "Target", "Enabled", ...(admin ? [""] : [])]}
          rows={destinations.map((d) => [
            d.name,
            d.kind,
            <code key="t" className="text-xs">
              {d.kind === "email"
                ? `${String(d.config.host)}:${String(d.config.port)} → ${(d.config.to as string[]).join(", ")}`
                : String(d.config.url ?? d.config.host)}
            </code>,
            d.enabled ? "yes" : "no",
            ...(admin ? [<TestDestinationForm key="test" name={d.name} />] : []),
          ])}
        />
      )}
    </Panel>
  );
}
