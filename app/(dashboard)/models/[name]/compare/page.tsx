import Link from "next/link";
import { loadComparePage } from "@/lib/dashboard/loaders/compare-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { PageHeader, Panel } from "@/lib/dashboard/components/ui";
import { RANGES } from "@/lib/dashboard/time-range";
import { DiffTable, ProductionTable } from "./compare-tables";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare versions · Tidemark" };

const selectClass = "rounded-md border-gray-300 text-sm";

export default async function ComparePage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, range, versions, comparison } = await loadComparePage(props.params, props.searchParams);
  const { a, b, diff } = comparison;
  const picker = (field: "a" | "b", current: number) => (
    <label className="flex flex-col text-gray-600">
      {field === "a" ? "Version" : "against"}
      <select name={field} defaultValue={String(current)} className={selectClass}>
        {versions.map((v) => (
          <option key={v} value={String(v)}>
            v{v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <PageHeader
        title={`${name}: v${a.version} against v${b.version}`}
        subtitle={
          <Link href={`/models/${encodeURIComponent(name)}`} className="text-blue-700 hover:underline">
            ← back to {name}
          </Link>
        }
      >
        <form method="get" className="flex flex-wrap items-end gap-2 text-sm" aria-label="Versions to compare">
          {picker("a", a.version)}
          {picker("b", b.version)}
          <label className="flex flex-col text-gray-600">
            Time range
            <select name="range" defaultValue={range.key} className={selectClass}>
              {Object.keys(RANGES).map((r) => (
                <option key={r} value={r}>
                  last {r}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-md border border-gray-300 bg-white px-3 py-2 hover:bg-gray-100">
            Compare
          </button>
        </form>
      </PageHeader>
      <Panel title={`In production, ${range.key === "custom" ? "over the chosen range" : `last ${range.key}`}`}>
        <ProductionTable a={a} b={b} />
      </Panel>
      <Panel title="Manifest differences">
        <DiffTable diff={diff} a={a.version} b={b.version} />
      </Panel>
    </>
  );
}
