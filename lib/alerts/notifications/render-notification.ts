import type { AlertEvent } from "@/lib/alerts/alert-row";
import { formatInstant, formatMeasure, sinceText } from "@/lib/alerts/format-measure";

/** How one event reads in Slack and in an email; the generic webhook sends the event itself. */

const HEADLINE: Record<AlertEvent["type"], string> = {
  "alert.opened": "Alert",
  "alert.resolved": "Resolved",
  "alert.still_firing": "Still firing after snooze",
  "alert.test": "Test",
};

const SEVERITY_MARK: Record<string, string> = {
  critical: ":red_circle:",
  warning: ":large_orange_circle:",
  info: ":large_blue_circle:",
};

export function headline(event: AlertEvent): string {
  const a = event.alert;
  return `[${HEADLINE[event.type]}] [${a.severity.toUpperCase()}] ${a.title}`;
}

function facts(event: AlertEvent): [string, string][] {
  const a = event.alert;
  const e = a.evidence;
  const b = e?.breach;
  const rows: [string, string][] = [
    ["Model", a.version ? `${a.model} v${a.version}` : a.model],
    ["Rule", `${a.rule.name} (${a.rule.kind})`],
    ["Since", sinceText(a.firstSeenAt, b)],
    ["Window", e?.window ? `${formatInstant(e.window.start)} → ${formatInstant(e.window.end)}` : "—"],
  ];
  // A job failure or an empty period has no measure to show.
  if (b && (b.strength.value !== null || b.strength.threshold !== null))
    rows.push([
      "Strength",
      `${b.strength.measure} ${formatMeasure(b.strength.value)}${b.strength.threshold === null ? "" : ` against a threshold of ${formatMeasure(b.strength.threshold)}`}`,
    ]);
  else if (e?.statistic) rows.push(["Statistic", `${e.statistic.name} = ${formatMeasure(e.statistic.value)}`]);
  if (!b && e?.threshold !== undefined && e?.threshold !== null) rows.push(["Threshold", formatMeasure(e.threshold)]);
  if (b?.estimate)
    rows.push([
      "Estimated performance",
      `${b.estimate.metric} ${formatMeasure(b.estimate.value)} (threshold ${formatMeasure(b.estimate.threshold)}): ${b.estimate.holds ? "holds" : "fell below"}`,
    ]);
  if (e?.sampleSizes)
    rows.push([
      "Sample sizes",
      Object.entries(e.sampleSizes)
        .map(([k, v]) => `${k} ${v ?? "n/a"}`)
        .join(", "),
    ]);
  if (e?.topFeatures?.length)
    rows.push([
      "Top drifted features",
      e.topFeatures
        .map((f) => `${f.feature} (importance ${f.importance} × drift ${f.effectSize ?? "n/a"}/${f.threshold})`)
        .join("; "),
    ]);
  if (e?.attributionShift?.length)
    rows.push([
      "Attribution shift",
      e.attributionShift
        .map((f) => `${f.feature} ${(f.before * 100).toFixed(1)} % → ${(f.during * 100).toFixed(1)} % of importance`)
        .join("; "),
    ]);
  rows.push(["Occurrences", String(a.occurrences)]);
  if (a.resolvedBy) rows.push(["Resolved", `${a.resolvedAt} by ${a.resolvedBy}${a.resolution ? `: ${a.resolution}` : ""}`]);
  return rows;
}

const nextStepOf = (event: AlertEvent) => (event.type === "alert.resolved" ? undefined : event.alert.evidence?.breach?.nextStep);

/** A Slack incoming-webhook message: `text` for notifications and clients without blocks, blocks for the rest. */
export function slackPayload(event: AlertEvent) {
  const a = event.alert;
  const mark = event.type === "alert.resolved" ? ":white_check_mark:" : (SEVERITY_MARK[a.severity] ?? "");
  const text = `${mark} ${headline(event)}`.trim();
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: headline(event).slice(0, 150) } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `${a.evidence?.summary ?? a.title}${nextStepOf(event) ? `\n*Next step:* ${nextStepOf(event)!.text}` : ""}`.slice(
            0,
            3000,
          ),
        },
      },
      {
        type: "section",
        fields: facts(event)
          .slice(0, 10)
          .map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}`.slice(0, 2000) })),
      },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Tidemark" }, url: a.url }] },
      { type: "context", elements: [{ type: "mrkdwn", text: `event ${event.id}` }] },
    ],
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function emailContent(event: AlertEvent): { subject: string; text: string; html: string } {
  const a = event.alert;
  const rows = facts(event);
  const next = nextStepOf(event);
  const text = [
    a.evidence?.summary ?? a.title,
    "",
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(next ? ["", `Next step: ${next.text}`] : []),
    "",
    `Open in Tidemark: ${a.url}`,
    `Event: ${event.id}`,
  ].join("\n");
  const html = `<p>${escapeHtml(a.evidence?.summary ?? a.title)}</p><table>${rows
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join(
      "",
    )}</table>${next ? `<p><strong>Next step:</strong> ${escapeHtml(next.text)}</p>` : ""}<p><a href="${escapeHtml(a.url)}">Open in Tidemark</a></p><p style="color:#888">Event ${escapeHtml(event.id)}</p>`;
  return { subject: `[Tidemark] ${headline(event)}`, text, html };
}
