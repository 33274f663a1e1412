import Link from "next/link";
import { loadRolloutPage } from "@/lib/dashboard/loaders/rollout-page";
import type { PageParams, SearchParams } from "@/lib/dashboard/loaders/model-page-context";
import { EmptyState, PageHeader, Panel, RangePicker } from "@/lib/dashboard/components/ui";
import { ProductionTable } from "../compare/compare-tables";
import { PromoteForm } from "../promote-form";
import { LiveTrafficTable } from "./live-traffic-table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Rollout · Tidemark" };

export default async function RolloutPage(props: { params: PageParams; searchParams: SearchParams }) {
  const { name, range, task, policy, rollout, canPromote } = await loadRolloutPage(props.params, props.searchParams);
  const back = (
    <Link href={`/models/${encodeURIComponent(name)}`} className="text-blue-700 hover:underline">
      ← back to {name}
    </Link>
  );
  if (!policy || !rollout) {
    return (
      <>
        <PageHeader title={`${name}: rollout`} subtitle={back} />
        <EmptyState title="No rollout on production.">
          <p>Start a shadow, canary or A/B rollout from the model page, the API or `tidemark promote … --shadow`.</p>
        </EmptyState>
      </>
    );
  }
  const { championVersion: a, challengerVersion: b } = policy;
  const share = policy.mode === "shadow" ? "shadow" : `${policy.mode}, ${policy.percent}%`;
  return (
    <>
      <PageHeader title={`${name}: v${a} (champion) against v${b} (challenger, ${share})`} subtitle={back}>
        <RangePicker current={range.key} />
      </PageHeader>
      <Panel title="On live traffic, from the prediction log">
        <LiveTrafficTable traffic={rollout.traffic} mode={policy.mode} task={task} champion={a} challenger={b} />
      </Panel>
      <Panel title="Monitors of each version over the range">
        <ProductionTable a={rollout.comparison.a} b={rollout.comparison.b} />
      </Panel>
      <Panel title={`Promote the challenger v${b}`}>
        {canPromote ? (
          <PromoteForm model={name} version={b} gate={rollout.gate} isProduction={false} />
        ) : (
          <p className="text-sm text-gray-600">Read-only session: promotion needs an admin key.</p>
        )}
        <p className="mt-2 text-xs text-gray-600">Promoting it through the gate ends the rollout (audited).</p>
      </Panel>
    </>
  );
}
