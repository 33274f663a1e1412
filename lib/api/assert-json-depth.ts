import { ApiError } from "@/lib/core/errors";

/**
 * Refuses a parsed JSON body nested deeper than `maxDepth`. Code that walks a document recursively
 * (a validator, Prisma serialising it for a jsonb column) overflows the stack on one nested a few
 * thousand levels deep, and Postgres refuses jsonb past its own limit: both were 500s. The walk
 * here is iterative, so checking cannot overflow.
 */
export function assertJsonDepth(value: unknown, maxDepth: number, what: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth)
      throw new ApiError("validation_failed", `Invalid ${what}`, [
        { path: "(root)", message: `must not nest deeper than ${maxDepth} levels` },
      ]);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
}
