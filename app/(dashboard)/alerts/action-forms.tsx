"use client";
import { useActionState } from "react";
import {
  acknowledgeAction,
  muteRuleAction,
  resolveAction,
  retryNotificationAction,
  snoozeAction,
  testDestinationAction,
  type ActionState,
} from "./actions";
import { ActionMessage } from "@/lib/dashboard/components/action-message";

// Small forms for the Alerts page; each shows its own outcome next to its button.

function Outcome({ state }: { state: ActionState }) {
  return <ActionMessage state={state} className="text-xs" />;
}

const button = "rounded-md border border-gray-300 bg-white px-2 py-1 text-xs font-medium hover:bg-gray-100 disabled:opacity-50";

export function AlertActions({ id, title, status }: { id: string; title: string; status: string }) {
  const [ackState, ack, acking] = useActionState<ActionState, FormData>(acknowledgeAction, {});
  const [resolveState, resolve, resolving] = useActionState<ActionState, FormData>(resolveAction, {});
  const [snoozeState, snooze, snoozing] = useActionState<ActionState, FormData>(snoozeAction, {});
  if (status === "resolved") return null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> would bring its own border and padding into the table cell; the group role names the buttons the same way.
    <div className="flex flex-col gap-1" aria-label={`Actions for ${title}`} role="group">
      {status === "open" ? (
        <form action={ack}>
          <input type="hidden" name="id" value={id} />
          <button type="submit" className={button} disabled={acking}>
            Acknowledge
          </button>
        </form>
      ) : null}
      <form action={resolve} className="flex items-center gap-2">
        <input type="hidden" name="id" value={id} />
        <input
          name="note"
          placeholder="note (optional)"
          aria-label="Resolution note"
          className="w-32 rounded-md border-gray-300 py-0.5 text-xs"
        />
        <button type="submit" className={button} disabled={resolving}>
          Resolve
        </button>
      </form>
      <form action={snooze} className="flex items-center gap-2">
        <input type="hidden" name="id" value={id} />
        <select name="minutes" aria-label="Snooze for" defaultValue="60" className="rounded-md border-gray-300 py-0.5 text-xs">
          <option value="60">1 hour</option>
          <option value="240">4 hours</option>
          <option value="1440">1 day</option>
          <option value="10080">1 week</option>
        </select>
        <button type="submit" className={button} disabled={snoozing}>
          Snooze
        </button>
      </form>
      {/* Outside the forms: acknowledging removes its own button, not the news that it worked. */}
      <Outcome state={ackState} />
      <Outcome state={resolveState} />
      <Outcome state={snoozeState} />
    </div>
  );
}

export function MuteRuleForm({ id, name, muted }: { id: string; name: string; muted: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(muteRuleAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="muted" value={String(!muted)} />
      <button type="submit" className={button} disabled={pending} aria-label={`${muted ? "Unmute" : "Mute"} rule ${name}`}>
        {muted ? "Unmute" : "Mute"}
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function RetryNotificationForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(retryNotificationAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={button} disabled={pending}>
        Retry
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function TestDestinationForm({ name }: { name: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(testDestinationAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <button type="submit" className={button} disabled={pending} aria-label={`Send a test to ${name}`}>
        {pending ? "Sending…" : "Send test"}
      </button>
      <Outcome state={state} />
    </form>
  );
}
