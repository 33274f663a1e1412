import Link from "next/link";
import { loadAuditPage } from "@/lib/dashboard/loaders/audit-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import { EmptyState, PageHeader, Panel, Table } from "@/lib/dashboard/components/ui";
import { AuditDetails, AuditWho, auditWhen } from "./audit-details";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit · Tidemark" };

const selectClass = "rounded-md border-gray-300 text-sm";

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const page = await loadAuditPage(searchParams);
  const { params, events, next } = page;
  const viewLink = (view: string) => {
    const query = new URLSearchParams({ ...params, view });
    query.delete("before");
    return `?${query.toString()}`;
  };
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Immutable: every registration, alias move, settings and key change, with who, when, before and after. Ingestion is summed per hour."
      />
      <Panel title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col text-gray-600">
            Model
            <select name="model" defaultValue={params.model ?? ""} className={selectClass}>
              <option value="">All models</option>
              {page.models.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-gray-600">
            Kind
            <select name="kind" defaultValue={params.kind ?? ""} className={selectClass}>
              <option value="">All kinds</option>
              {page.kinds.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-gray-600">
            Actor
            <input
              name="actor"
              defaultValue={params.actor ?? ""}
              placeholder="key:NAME or password:admin"
              className={selectClass}
            />
          </label>
          <label className="flex items-center gap-2 py-2 text-gray-600">
            <input type="checkbox" name="group" value="none" defaultChecked={!page.grouped} className="rounded border-gray-300" />
            Every ingestion event (ungrouped)
          </label>
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 font-semibold text-white hover:bg-blue-700">
            Filter
          </button>
        </form>
        {page.invalid ? <p className="mt-2 text-sm text-red-700">Filter not applied: {page.invalid}</p> : null}
      </Panel>
      {params.model ? (
        <nav aria-label="View" className="mb-3 flex gap-4 text-sm">
          {(["history", "all"] as const).map((view) => (
            <Link
              key={view}
              href={viewLink(view)}
              aria-current={page.view === view ? "page" : undefined}
              className={page.view === view ? "font-semibold text-gray-900" : "text-blue-700 hover:underline"}
            >
              {view === "history" ? `History of ${params.model}` : "All events"}
            </Link>
          ))}
        </nav>
      ) : null}
      <Panel title={page.view === "history" && params.model ? `History of ${params.model}` : "Events"}>
        {events.length === 0 ? (
          <EmptyState title="No events match.">
            <p>Events appear when versions are registered, aliases move, settings or keys change, or data is ingested.</p>
          </EmptyState>
        ) : (
          <Table
            caption="Audit events, newest first"
            head={["When", "Who", "Kind", "Model", "Subject", "What"]}
            phoneHidden={["Model", "Subject"]}
            rows={events.map((e) => [
              <span key="w" className="whitespace-nowrap">
                {auditWhen(e)}
              </span>,
              <AuditWho key="a" actor={e.actor} />,
              e.count > 1 || e.hour ? `${e.kind} ×${e.count}` : e.kind,
              e.model ?? "",
              e.subject,
              <AuditDetails key="d" row={e} />,
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
