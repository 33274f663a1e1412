import { ApiError } from "@/lib/core/errors";

export function parseVersionParam(raw: string): number {
  const version = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(version) || version < 1) {
    throw new ApiError("not_found", `"${raw}" is not a version number`);
  }
  return version;
}
