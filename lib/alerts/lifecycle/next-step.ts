import { dashboardPath } from "@/lib/alerts/observations/dashboard-path";
import type { Evidence, NextStep, PerformanceEstimate } from "@/lib/alerts/observations/observation";
import type { AlertKind } from "@/lib/alerts/rules/rule-schema";
import { formatInstant, formatMeasure as f } from "@/lib/alerts/format-measure";

/**
 * What to look at next, per kind of alert, from the breach's evidence and the model's estimated
 * performance over it. The estimate separates the two drifts a person must tell apart: inputs that
 * moved while the estimate holds (covariate drift that does not hurt yet: watch the source), and
 * realized performance falling while the estimate holds (the inputs look as before but their
 * relation to the outcome changed: concept drift, or labels gone wrong).
 */

export type NextStepInput = {
  kind: AlertKind;
  model: string;
  version: number | null;
  /** The alert's feature (drift, quality) or output ("output:score"). */
  feature: string | null;
  segment?: string;
  /** realized or estimated, for performance rules. */
  source?: string;
  since: Date;
  until: Date;
  latest: Evidence;
  estimate: PerformanceEstimate | null;
};

type Page = "drift" | "performance" | "service" | "model";
const PAGE_KIND: Record<Page, AlertKind> = {
  drift: "dataset_drift",
  performance: "performance",
  service: "sla",
  model: "no_traffic",
};

export function suggestNextStep(input: NextStepInput): NextStep {
  const link = (page: Page, feature?: string | null) =>
    dashboardPath({
      kind: PAGE_KIND[page],
      model: input.model,
      version: input.version,
      feature,
      segment: input.segment,
      window: { start: input.since, end: input.until },
    });
  const est = input.estimate;
  const estimateText = est ? `estimated ${est.metric} ${f(est.value)} (threshold ${f(est.threshold)})` : "";
  const since = formatInstant(input.since.toISOString());
  const latest = input.latest;

  switch (input.kind) {
    case "feature_drift":
    case "dataset_drift":
    case "output_drift": {
      const ranked = latest.topFeatures?.map((t) => t.feature) ?? [];
      const top = input.kind === "feature_drift" && input.feature ? input.feature : (ranked[0] ?? input.feature);
      const moved =
        input.kind === "output_drift"
          ? `The model's output ${input.feature?.replace(/^output:/, "") ?? ""} moved`
          : `Inputs moved (${(ranked.length ? ranked.slice(0, 3) : [top]).join(", ")})`;
      const source =
        top && !top.startsWith("output:")
          ? `check the upstream source of ${top} for a change in how it is produced`
          : "see on the drift page which inputs moved";
      if (est?.holds)
        return {
          diagnosis: "covariate_drift",
          text: `${moved}, estimated performance holds (${est.metric} ${f(est.value)}, threshold ${f(est.threshold)}): watch, and ${source}.`,
          link: link("drift", top),
        };
      if (est)
        return {
          diagnosis: "covariate_drift_hurting",
          text: `${moved} and estimated ${est.metric} fell to ${f(est.value)}, below its threshold ${f(est.threshold)}: the model now sees inputs it handles worse. ${capital(source)}; compare with realized performance as labels arrive, and consider retraining on recent data.`,
          link: link("performance"),
        };
      return {
        diagnosis: "covariate_drift",
        text: `${moved}; no performance estimate is stored to say whether it matters: ${source}, and watch realized performance as labels arrive.`,
        link: link("drift", top),
      };
    }
    case "data_quality":
      return {
        diagnosis: "data_quality",
        text: `Fix the offending column${input.feature ? ` ${input.feature}` : "s"} at its source: ${latest.summary}. The pipeline that fills it changed or broke around ${since}.`,
        link: link("drift", input.feature),
      };
    case "performance":
      return performanceStep(input, link, estimateText);
    case "business":
      return {
        diagnosis: "business_change",
        text: `${latest.summary}. Compare with the model's performance over the same hours: if it holds, the change likely comes from outside the model (prices, traffic mix).${movedText(latest)}`,
        link: link("performance"),
      };
    case "sla":
      return {
        diagnosis: "sla_breach",
        text: `Open the latency chart on the service page around ${since}: ${latest.summary}. Look at the host's load, cold starts and request sizes then.`,
        link: link("service"),
      };
    case "no_traffic":
      return {
        diagnosis: "no_traffic",
        text: `No prediction was served since ${since}: check the client, the caller's integration (its deploys around then, its API key, the URL and alias it calls).`,
        link: link("model"),
      };
    default:
      return {
        diagnosis: input.kind,
        text: "Read the failed run's error and the job's run history on the model page; run the job again once it is fixed.",
        link: latest.link,
      };
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Which inputs the drift job saw move over the breach, when it stored any window then. */
function movedText(latest: Evidence): string {
  if (!latest.topFeatures) return "";
  if (!latest.topFeatures.length) return " No input drifted over these hours.";
  return ` Inputs that moved, by importance × drift: ${latest.topFeatures.map((t) => t.feature).join(", ")}.`;
}

function performanceStep(input: NextStepInput, link: (page: Page) => string, estimateText: string): NextStep {
  const measured = `${input.source ?? "realized"} ${input.latest.statistic?.name ?? "performance"} ${f(input.latest.value)} (threshold ${f(input.latest.threshold)})`;
  const moved = movedText(input.latest);
  if (input.source === "estimated")
    return {
      diagnosis: "covariate_drift_hurting",
      text: `${capital(measured)}: the inputs moved into regions where the model is weaker. See on the drift page which features moved, and confirm with realized performance as labels arrive.${moved}`,
      link: link("drift"),
    };
  if (input.estimate?.holds)
    return {
      diagnosis: "concept_drift",
      text: `${capital(measured)} fell while the ${estimateText} holds: the inputs look as before but their relation to the outcome changed, likely concept drift. Check the labels first (delay, coverage, a change in how they are recorded) on the performance page; if they are right, retrain on recent labelled data.${moved}`,
      link: link("performance"),
    };
  if (input.estimate)
    return {
      diagnosis: "covariate_drift_hurting",
      text: `${capital(measured)} fell, and the ${estimateText} fell too: the inputs moved into regions where the model is weaker. See on the drift page which features moved; retrain on recent data.${moved}`,
      link: link("drift"),
    };
  return {
    diagnosis: "performance_drop",
    text: `${capital(measured)} fell; no performance estimate is stored to tell input shift from concept drift: check the labels on the performance page, and the drift page for inputs that moved.${moved}`,
    link: link("performance"),
  };
}
