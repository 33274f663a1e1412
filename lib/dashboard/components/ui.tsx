import type { ReactNode } from "react";
import Link from "next/link";
import { RANGES } from "../time-range";

// Plain server-rendered building blocks shared by the dashboard pages.

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold text-gray-900">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-gray-600">{subtitle}</p> : null}
      </div>
      {children}
    </div>
  );
}

export function Panel({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = id ?? `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-lg border border-gray-200 bg-white p-3 shadow-sm sm:p-4">
      <h2 id={headingId} className="mb-3 text-base font-semibold text-gray-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-gray-300 bg-gray-50 p-4 text-sm text-gray-700">
      <p className="font-medium">{title}</p>
      <div className="mt-2 space-y-2">{children}</div>
    </div>
  );
}

export function Code({ children }: { children: string }) {
  return (
    <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-gray-900 p-3 text-xs text-gray-100">{children}</pre>
  );
}

/**
 * A data table that scrolls inside its own box when wider than the screen. Columns listed in
 * `phoneHidden` are left out below the md breakpoint, so a phone shows the ones that matter first.
 */
export function Table({
  caption,
  head,
  rows,
  phoneHidden = [],
}: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  phoneHidden?: string[];
}) {
  const hidden = head.map((h) => (phoneHidden.includes(h) ? " hidden md:table-cell" : ""));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-gray-200 text-xs uppercase text-gray-500">
          <tr>
            {head.map((h, j) => (
              <th key={h} scope="col" className={`px-1.5 py-2 font-medium sm:px-2${hidden[j]}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((cells, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a generic table rendered once on the server; rows carry no id and are never reordered in place.
            <tr key={i}>
              {cells.map((c, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a cell's identity is its column position.
                <td key={j} className={`px-1.5 py-2 align-top sm:px-2${hidden[j] ?? ""}`}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Badge({ tone, children }: { tone: "green" | "red" | "amber" | "gray" | "blue"; children: ReactNode }) {
  const tones = {
    green: "bg-green-100 text-green-800",
    red: "bg-red-100 text-red-800",
    amber: "bg-amber-100 text-amber-800",
    gray: "bg-gray-100 text-gray-700",
    blue: "bg-blue-100 text-blue-800",
  };
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

/** A GET form, so the chosen range lands in the URL and works without JavaScript. */
/**
 * The time range (and, on a model's monitoring pages, the version) as a GET form, so the URL
 * carries the view and a link reproduces it.
 */
export function RangePicker({
  current,
  extra,
  versions,
}: {
  current: string;
  extra?: Record<string, string | undefined>;
  versions?: { current?: number; all: number[]; defaultLabel: string };
}) {
  return (
    <form method="get" className="flex items-end gap-2 text-sm">
      {Object.entries(extra ?? {}).map(([k, v]) =>
        v && !(versions && k === "version") ? <input key={k} type="hidden" name={k} value={v} /> : null,
      )}
      {versions ? (
        <label className="flex flex-col text-gray-600">
          Version
          <select
            name="version"
            defaultValue={versions.current === undefined ? "" : String(versions.current)}
            className="rounded-md border-gray-300 text-sm"
          >
            <option value="">{versions.defaultLabel}</option>
            {versions.all.map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="flex flex-col text-gray-600">
        Time range
        <select name="range" defaultValue={current} className="rounded-md border-gray-300 text-sm">
          {Object.keys(RANGES).map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md border border-gray-300 bg-white px-3 py-2 hover:bg-gray-100">
        Apply
      </button>
    </form>
  );
}

export function ModelLink({ name }: { name: string }) {
  return (
    <Link href={`/models/${encodeURIComponent(name)}`} className="font-medium text-blue-700 hover:underline">
      {name}
    </Link>
  );
}
