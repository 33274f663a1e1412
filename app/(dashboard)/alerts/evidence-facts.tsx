import Link from "next/link";
import type { AlertView } from "@/lib/alerts/alert-row";
import { formatInstant, formatMeasure, sinceText } from "@/lib/alerts/format-measure";

/** Since when, how strong, which features and what now, as the notifications say it. */
export function EvidenceFacts({ alert }: { alert: AlertView }) {
  const e = alert.evidence;
  const b = e?.breach;
  const facts: [string, string][] = [["Since", sinceText(alert.firstSeenAt, b)]];
  if (e?.window) facts.push(["Newest window", `${formatInstant(e.window.start)} → ${formatInstant(e.window.end)}`]);
  // A job failure or an empty period has no measure to show.
  if (b && (b.strength.value !== null || b.strength.threshold !== null))
    facts.push([
      "Strength",
      `${b.strength.measure} ${formatMeasure(b.strength.value)}${b.strength.threshold === null ? "" : ` against a threshold of ${formatMeasure(b.strength.threshold)}`}`,
    ]);
  else if (e?.statistic) facts.push(["Statistic", `${e.statistic.name} = ${formatMeasure(e.statistic.value)}`]);
  if (e?.statistic?.pAdjusted !== undefined) facts.push(["Adjusted p", formatMeasure(e.statistic.pAdjusted)]);
  if (b?.estimate)
    facts.push([
      "Estimated performance",
      `${b.estimate.metric} ${formatMeasure(b.estimate.value)} (threshold ${formatMeasure(b.estimate.threshold)}): ${b.estimate.holds ? "holds" : "fell below"}`,
    ]);
  if (e?.sampleSizes)
    facts.push([
      "Sample sizes",
      Object.entries(e.sampleSizes)
        .map(([k, v]) => `${k} ${formatMeasure(v)}`)
        .join(", "),
    ]);
  return (
    <dl className="grid grid-cols-[auto,1fr] gap-x-3 gap-y-0.5">
      {facts.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-gray-500">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {e?.topFeatures?.length ? (
        <>
          <dt className="text-gray-500">
            Features ({e.topFeatures[0].importanceSource === "production" ? "production importance" : "importance"} × drift)
          </dt>
          <dd>
            <ol className="list-inside list-decimal">
              {e.topFeatures.map((f) => (
                <li key={f.feature}>
                  {f.feature}: {formatMeasure(f.importance)} × {formatMeasure(f.effectSize)}/{formatMeasure(f.threshold)} ={" "}
                  {formatMeasure(f.score)}
                </li>
              ))}
            </ol>
          </dd>
        </>
      ) : null}
      {e?.attributionShift?.length ? (
        <>
          <dt className="text-gray-500">Attribution shift (share of importance, day before → breach)</dt>
          <dd>
            <ol className="list-inside list-decimal">
              {e.attributionShift.map((f) => (
                <li key={f.feature}>
                  {f.feature}: {formatShare(f.before)} → {formatShare(f.during)}
                </li>
              ))}
            </ol>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The suggested next step, linked to the page with its range around the breach's first window. */
export function NextStepNote({ alert }: { alert: AlertView }) {
  const step = alert.evidence?.breach?.nextStep;
  if (!step || alert.status === "resolved") return null;
  return (
    <p className="rounded bg-blue-50 px-2 py-1 text-blue-900">
      <span className="font-medium">Next step: </span>
      {step.text}{" "}
      <Link href={step.link} className="text-blue-700 underline">
        Open →
      </Link>
    </p>
  );
}

const formatShare = (share: number) => `${(share * 100).toFixed(1)} %`;
