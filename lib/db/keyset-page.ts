// Keyset pagination, newest first, on a table's ordered id (a bigint sequence or a UUIDv7): stable
// while new rows keep arriving, where an offset would repeat or skip rows. A page asks for one row
// more than it shows, to know whether another page follows; `before` is the last id shown.

export type KeysetQuery<Id> = { limit: number; before?: Id };

/** The `where.id` of a page: ids below the previous page's last. */
export function idBefore<Id>(before: Id | undefined): { lt: Id } | undefined {
  return before === undefined ? undefined : { lt: before };
}

/** The ordering and size of a page's query. */
export function keysetOrder(query: KeysetQuery<unknown>): { orderBy: { id: "desc" }; take: number } {
  return { orderBy: { id: "desc" }, take: query.limit + 1 };
}

/** The rows to show and the `before` of the next page (null on the last page). */
export function keysetPage<Row extends { id: bigint | string }>(
  rows: Row[],
  limit: number,
): { page: Row[]; nextBefore: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextBefore: rows.length > limit ? page[page.length - 1].id.toString() : null };
}
