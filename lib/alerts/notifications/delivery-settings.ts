import { getConfig } from "@/lib/config/load-config";
import { parseHostAllowList, type HostAllowList } from "@/lib/alerts/destinations/host-allow-list";

/** How notifications are sent and retried. Tests pass their own; the processes read configuration. */
export type DeliverySettings = {
  /** Longest an outbound request or SMTP conversation may take. */
  timeoutMs: number;
  /** Attempts before a notification is dead. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to maxDelayMs, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed notification is reserved for its worker; must exceed timeoutMs. */
  leaseMs: number;
  /** Which hosts, ports and addresses destinations may reach (host-allow-list.ts). */
  allowList: HostAllowList;
  publicUrl: string;
};

export function getDeliverySettings(): DeliverySettings {
  const config = getConfig();
  return {
    timeoutMs: config.TIDEMARK_ALERT_TIMEOUT_MS,
    maxAttempts: config.TIDEMARK_ALERT_MAX_ATTEMPTS,
    baseDelayMs: 30_000,
    maxDelayMs: 30 * 60_000,
    // A worker stuck past its timeout is presumed dead well before anyone would wait for it.
    leaseMs: Math.max(60_000, config.TIDEMARK_ALERT_TIMEOUT_MS * 3),
    allowList: parseHostAllowList(config.TIDEMARK_ALERT_ALLOWED_HOSTS, {
      allowPrivate: config.TIDEMARK_ALERT_ALLOW_PRIVATE === "1",
    }),
    publicUrl: config.TIDEMARK_PUBLIC_URL.replace(/\/+$/, ""),
  };
}

/**
 * Delay before the next attempt after `attempts` failures: exponential, capped, with "equal jitter"
 * (half fixed, half random) so that many notifications failing together do not retry in lockstep.
 * With the defaults (30 s doubling to 30 min, 15 attempts) the attempts span 2¼ to 4½ hours, so a
 * receiver down for an hour or two still gets everything.
 */
export function retryDelayMs(
  attempts: number,
  settings: Pick<DeliverySettings, "baseDelayMs" | "maxDelayMs">,
  random = Math.random,
): number {
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
