/** The status and model filter, submitted as a plain GET so the URL keeps the view. */
export function AlertsFilter({ status, model }: { status: string; model: string | undefined }) {
  return (
    <form method="get" className="flex items-end gap-2 text-sm">
      <label className="flex flex-col text-gray-600">
        Status
        <select name="status" defaultValue={status} className="rounded-md border-gray-300 text-sm">
          <option value="active">open or acknowledged</option>
          <option value="open">open</option>
          <option value="acknowledged">acknowledged</option>
          <option value="resolved">resolved</option>
          <option value="all">all</option>
        </select>
      </label>
      <label className="flex flex-col text-gray-600">
        Model
        <input name="model" defaultValue={model ?? ""} className="rounded-md border-gray-300 text-sm" />
      </label>
      <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 font-semibold text-white hover:bg-blue-700">
        Filter
      </button>
    </form>
  );
}
