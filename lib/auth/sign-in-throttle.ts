import { parseToken } from "./api-key-token";

// Sign-in guesses are limited per client address and per credential target: 10 failures within
// 15 minutes lock that bucket until the oldest of them is 15 minutes old. The per-target bucket is
// what bounds guessing when addresses are spoofed or spread: every password guess shares one
// bucket, and key guesses share the bucket of the key id they name. State is per process (a
// restart or a second server process starts from zero); the numbers are small enough for that.

export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
const MAX_BUCKETS = 10_000;

/** The bucket a credential's guesses count against: the key id it names, or the admin password. */
export function credentialBucket(credential: string): string {
  const parsed = parseToken(credential);
  return parsed ? `key:${parsed.lookupId}` : "password";
}

export class SignInThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = SIGN_IN_FAILURE_LIMIT,
    private readonly windowMs = SIGN_IN_WINDOW_MS,
  ) {}

  /** Milliseconds until every one of these buckets accepts attempts again; 0 when none is locked. */
  lockedForMs(buckets: readonly string[], now: number): number {
    let wait = 0;
    for (const bucket of buckets) {
      const recent = this.recent(bucket, now);
      if (recent.length >= this.limit) wait = Math.max(wait, recent[recent.length - this.limit] + this.windowMs - now);
    }
    return wait;
  }

  recordFailure(buckets: readonly string[], now: number): void {
    for (const bucket of buckets) {
      const recent = this.recent(bucket, now);
      recent.push(now);
      this.failures.delete(bucket);
      this.failures.set(bucket, recent.slice(-this.limit));
    }
    if (this.failures.size > MAX_BUCKETS) this.evict(now);
  }

  private recent(bucket: string, now: number): number[] {
    return (this.failures.get(bucket) ?? []).filter((at) => at > now - this.windowMs);
  }

  // Spoofed addresses or invented key ids must not grow memory without bound: expired buckets go
  // first, then the least recently failed ones.
  private evict(now: number): void {
    for (const [bucket, times] of this.failures) {
      if (times[times.length - 1] <= now - this.windowMs) this.failures.delete(bucket);
    }
    for (const bucket of this.failures.keys()) {
      if (this.failures.size <= MAX_BUCKETS) break;
      this.failures.delete(bucket);
    }
  }
}

const holder = globalThis as unknown as { __tidemarkSignInThrottle?: SignInThrottle };

export function getSignInThrottle(): SignInThrottle {
  holder.__tidemarkSignInThrottle ??= new SignInThrottle();
  return holder.__tidemarkSignInThrottle;
}
