import Link from "next/link";

const TABS = [
  { path: "", label: "Overview" },
  { path: "/drift", label: "Drift" },
  { path: "/performance", label: "Performance & business" },
  { path: "/service", label: "Service" },
  { path: "/drivers", label: "Drivers" },
];

/** Sub-navigation of a model's pages; the query string (time range, version) is carried across. */
export function ModelTabs({ name, current, query }: { name: string; current: string; query?: string }) {
  const base = `/models/${encodeURIComponent(name)}`;
  return (
    <nav aria-label="Model pages" className="mb-6 flex flex-wrap gap-2 border-b border-gray-200 text-sm">
      {TABS.map((t) => (
        <Link
          key={t.path}
          href={`${base}${t.path}${query ? `?${query}` : ""}`}
          aria-current={t.path === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${t.path === current ? "border-blue-600 font-medium text-blue-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
