import { ApiError } from "@/lib/core/errors";

type AliasMove = { alias: string; fromVersion: number | null; toVersion: number };

/**
 * What a rollback returns to: the version the alias pointed at before its latest move. `history`
 * is newest first, as the model's alias history is answered. A second rollback undoes the first.
 */
export function versionBeforeLastMove(history: readonly AliasMove[], options: { model: string; alias: string }): number {
  const last = history.find((h) => h.alias === options.alias);
  if (!last)
    throw new ApiError(
      "conflict",
      `The "${options.alias}" alias of "${options.model}" has never been moved; nothing to roll back to`,
    );
  if (last.fromVersion === null)
    throw new ApiError(
      "conflict",
      `The "${options.alias}" alias of "${options.model}" pointed at no version before v${last.toVersion}; nothing to roll back to`,
    );
  return last.fromVersion;
}
