import Link from "next/link";
import type { HealthCell, HealthStatus } from "../model-health";
import { Badge } from "./ui";

const TONE = { ok: "green", warning: "amber", breach: "red", unknown: "gray" } as const;
// A glyph beside the words, so the status survives without colour (print, colour blindness).
const GLYPH: Record<HealthStatus, string> = { ok: "✓", warning: "!", breach: "✕", unknown: "–" };
const WORD: Record<HealthStatus, string> = { ok: "healthy", warning: "warning", breach: "problem", unknown: "unknown" };

/** One aspect of a model's health as a badge linking to the page with the evidence. */
export function HealthBadge({ model, aspect, cell }: { model: string; aspect: string; cell: HealthCell | null }) {
  if (!cell) return <span className="text-gray-500">—</span>;
  const asOf = cell.asOf ? ` As of ${cell.asOf.slice(0, 16).replace("T", " ")} UTC.` : "";
  return (
    <Link
      href={cell.href}
      title={`${cell.detail}${asOf}`}
      aria-label={`${aspect} of ${model}: ${WORD[cell.status]}, ${cell.label}. ${cell.detail}${asOf}`}
      data-testid={`health-${aspect.toLowerCase()}-${model}`}
      data-status={cell.status}
      className="inline-block rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
    >
      <Badge tone={TONE[cell.status]}>
        <span aria-hidden="true">{GLYPH[cell.status]} </span>
        {/* On a phone the glyph stands alone, so the five columns fit 390 px; the label is in aria-label and title. */}
        <span className="hidden sm:inline">{cell.label}</span>
      </Badge>
    </Link>
  );
}
