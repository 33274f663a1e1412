import { requestOrigin } from "@/lib/dashboard/request-origin";
import { loadOverviewPage } from "@/lib/dashboard/loaders/overview-page";
import type { SearchParams } from "@/lib/dashboard/page-input";
import { HealthBadge } from "@/lib/dashboard/components/health-badge";
import { TrafficSparkline } from "@/lib/dashboard/components/charts";
import { Badge, Code, EmptyState, ModelLink, PageHeader, Panel, RangePicker, Table } from "@/lib/dashboard/components/ui";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview · Tidemark" };

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const { range, models, traffic, health } = await loadOverviewPage(searchParams);
  const origin = await requestOrigin();

  return (
    <>
      <PageHeader title="Models" subtitle={`${models.length} registered · traffic over the last ${range.key}`}>
        <RangePicker current={range.key} />
      </PageHeader>
      {models.length === 0 ? (
        <Panel title="Get started">
          <EmptyState title="No models registered yet.">
            <p>Register an ONNX model and its manifest (see the README for the manifest format):</p>
            <Code>
              {`npx tidemark register --model model.onnx --manifest manifest.json --name NAME --server ${origin} --key $ADMIN_KEY`}
            </Code>
          </EmptyState>
        </Panel>
      ) : (
        <Panel title="All models">
          <Table
            caption="Registered models with their production version, traffic and health (drift, performance, SLA, open alerts)"
            head={["Model", "Task", "Production", "Versions", "Predictions", "Traffic", "Drift", "Performance", "SLA", "Alerts"]}
            phoneHidden={["Task", "Production", "Versions", "Predictions", "Traffic"]}
            rows={models.map((m) => {
              const series = traffic.get(m.name) ?? [];
              const total = series.reduce((s, p) => s + p.predictions, 0);
              const h = health.get(m.name);
              return [
                <ModelLink key="n" name={m.name} />,
                m.task,
                m.aliases.production ? (
                  <Badge key="p" tone="green">
                    v{m.aliases.production}
                  </Badge>
                ) : (
                  <Badge key="p" tone="gray">
                    none
                  </Badge>
                ),
                m.versions,
                <span key="t" data-testid={`traffic-${m.name}`}>
                  {total.toLocaleString("en-US")}
                </span>,
                total > 0 ? (
                  <TrafficSparkline key="s" data={series} label={`Predictions over time for ${m.name}`} />
                ) : (
                  <span key="s" className="text-gray-500">
                    no traffic
                  </span>
                ),
                <HealthBadge key="d" model={m.name} aspect="Drift" cell={h?.drift ?? null} />,
                <HealthBadge key="p" model={m.name} aspect="Performance" cell={h?.performance ?? null} />,
                <HealthBadge key="l" model={m.name} aspect="SLA" cell={h?.sla ?? null} />,
                <HealthBadge key="a" model={m.name} aspect="Alerts" cell={h?.alerts ?? null} />,
              ];
            })}
          />
        </Panel>
      )}
    </>
  );
}
