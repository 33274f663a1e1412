import { getDatabase } from "@/lib/db/get-database";
import { requireSession } from "@/lib/auth/dashboard-session";
import { listApiKeys } from "@/lib/auth/manage-api-keys";
import { listDestinations } from "@/lib/alerts/list-destinations";
import { DestinationsPanel } from "../alerts/destinations-panel";
import { Badge, PageHeader, Panel, Table } from "@/lib/dashboard/ui";
import { CreateKeyForm, RevokeKeyButton } from "./key-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · Tidemark" };

export default async function SettingsPage() {
  const session = await requireSession();
  const db = await getDatabase();
  const [keys, destinations] = await Promise.all([listApiKeys(db.prisma), listDestinations(db.prisma)]);
  const admin = session.role === "admin";
  return (
    <>
      <PageHeader title="Settings" />
      <Panel title="API keys">
        <Table
          caption="API keys (secrets are never shown after creation)"
          head={["Name", "Scopes", "Created", "By", "Status", ""]}
          rows={keys.map((k) => [
            k.name,
            k.scopes.join(", "),
            k.createdAt.slice(0, 19).replace("T", " "),
            k.createdBy,
            k.revokedAt ? <Badge tone="gray">revoked</Badge> : <Badge tone="green">active</Badge>,
            admin && !k.revokedAt ? <RevokeKeyButton name={k.name} /> : "",
          ])}
        />
      </Panel>
      {admin ? (
        <Panel title="Create a key">
          <CreateKeyForm />
        </Panel>
      ) : (
        <p className="text-sm text-gray-600">Read-only session: managing keys needs an admin key.</p>
      )}
      <DestinationsPanel destinations={destinations.destinations} admin={admin} />
    </>
  );
}
