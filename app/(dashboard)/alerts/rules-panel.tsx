import type { listAlertRules } from "@/lib/alerts/rules/list-alert-rules";
import { Badge, ModelLink, Panel, Table } from "@/lib/dashboard/components/ui";
import { MuteRuleForm } from "./action-forms";
import { SEVERITY_TONE } from "./alert-format";

type AlertRule = Awaited<ReturnType<typeof listAlertRules>>["rules"][number];

/** The alert rules that apply, with a mute toggle for admins. */
export function RulesPanel({ rules, admin }: { rules: AlertRule[]; admin: boolean }) {
  return (
    <Panel title="Rules">
      <p className="mb-2 text-sm text-gray-600">
        Rules without a model are global defaults, copied to every model when it is created. A muted rule keeps tracking alerts
        but sends nothing. Rules are created and changed over <code>/api/v1/alert-rules</code>.
      </p>
      <Table
        caption="Alert rules"
        head={["Model", "Rule", "Kind", "Severity", "Fires after / resolves after", "Channels", "State", ...(admin ? [""] : [])]}
        rows={rules.map((r) => [
          r.model ? (
            <ModelLink key="m" name={r.model} />
          ) : (
            <Badge key="m" tone="gray">
              default for new models
            </Badge>
          ),
          r.name,
          r.kind,
          <Badge key="s" tone={SEVERITY_TONE[r.severity]}>
            {r.severity}
          </Badge>,
          `${r.fireAfter} / ${r.resolveAfter} windows`,
          r.channels.length ? (
            r.channels.join(", ")
          ) : (
            <span key="c" className="text-gray-400">
              none
            </span>
          ),
          !r.enabled ? (
            <Badge key="st" tone="gray">
              disabled
            </Badge>
          ) : r.muted ? (
            <Badge key="st" tone="amber">
              muted
            </Badge>
          ) : (
            <Badge key="st" tone="green">
              active
            </Badge>
          ),
          ...(admin ? [<MuteRuleForm key="mute" id={r.id} name={`${r.model ?? "default"}/${r.name}`} muted={r.muted} />] : []),
        ])}
      />
    </Panel>
  );
}
