import { loadAuditPage } from "@/lib/dashboard/loaders/audit-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import { EmptyState, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit · Tidemark" };

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { params, events, next } = await loadAuditPage(searchParams);
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Immutable: every registration, alias move and key change, with who, when, before and after."
      />
      <Panel title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          {[
            ["model", "Model"],
            ["actor", "Actor"],
            ["kind", "Kind"],
          ].map(([name, label]) => (
            <label key={name} className="flex flex-col text-gray-600">
              {label}
              <input name={name} defaultValue={params[name] ?? ""} className="rounded-md border-gray-300 text-sm" />
            </label>
          ))}
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 font-semibold text-white hover:bg-blue-700">
            Filter
          </button>
        </form>
      </Panel>
      <Panel title="Events">
        {events.length === 0 ? (
          <EmptyState title="No events match.">
            <p>Events appear when versions are registered, aliases move or keys change.</p>
          </EmptyState>
        ) : (
          <Table
            caption="Audit events, newest first"
            head={["When", "Actor", "Kind", "Subject", "Before", "After"]}
            rows={events.map((e) => [
              e.at.slice(0, 19).replace("T", " "),
              e.actor,
              e.kind,
              e.subject,
              <code key="b" className="text-xs">
                {e.before === null ? "" : JSON.stringify(e.before)}
              </code>,
              <code key="a" className="text-xs">
                {e.after === null ? "" : JSON.stringify(e.after)}
              </code>,
            ])}
          />
        )}
        {next ? (
          <a href={`?${next.toString()}`} className="mt-3 inline-block text-sm text-blue-700 hover:underline">
            Older →
          </a>
        ) : null}
      </Panel>
    </>
  );
}
