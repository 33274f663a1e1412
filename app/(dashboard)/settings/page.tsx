import { loadSettingsPage } from "@/lib/dashboard/loaders/settings-page";
import { DestinationsPanel } from "../alerts/destinations-panel";
import { Badge, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";
import { CreateKeyForm, RevokeKeyButton, RevokeSessionButton } from "./key-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings · Tidemark" };

export default async function SettingsPage() {
  const { session, admin, keys, destinations, sessions } = await loadSettingsPage();
  const when = (iso: string) => iso.slice(0, 19).replace("T", " ");
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
            k.revokedAt ? (
              <Badge key="s" tone="gray">
                revoked
              </Badge>
            ) : (
              <Badge key="s" tone="green">
                active
              </Badge>
            ),
            admin && !k.revokedAt ? <RevokeKeyButton key="r" name={k.name} /> : "",
          ])}
        />
      </Panel>
      {admin ? (
        <Panel title="Dashboard sessions">
          <Table
            caption="Signed-in dashboard sessions (revoking one signs it out at its next request)"
            head={["Who", "Role", "Signed in", "Last seen", "Expires", ""]}
            rows={sessions.map((s) => [
              <span key="who">
                {s.subject}
                {s.id === session.id ? <span className="ml-1 text-gray-500">(this session)</span> : null}
              </span>,
              s.role,
              when(s.createdAt),
              when(s.lastSeenAt),
              when(s.expiresAt),
              <RevokeSessionButton key="revoke" id={s.id} label={`${s.subject} ${when(s.createdAt)}`} />,
            ])}
          />
        </Panel>
      ) : null}
      {admin ? (
        <Panel title="Create a key">
          <CreateKeyForm />
        </Panel>
      ) : (
        <p className="text-sm text-gray-600">Read-only session: managing keys needs an admin key.</p>
      )}
      <DestinationsPanel destinations={destinations} admin={admin} />
    </>
  );
}
