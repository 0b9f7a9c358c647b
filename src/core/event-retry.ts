/**
 * When the retry job takes a failed or pending Stripe event again: the backoff doubles per attempt,
 * up to a limit. The time is a machine value (epoch milliseconds) the bundle writes on the event
 * row itself, so the retry job's search asks for due rows only and never reads dates as text.
 */
export const MAX_EVENT_ATTEMPTS = 8;

/** A row still pending this long after it was received lost its Suitelet mid-way: the retry job takes it. */
export const PENDING_GRACE_MS = 60000;

/** Minutes to wait after attempt n before the next: 1, 2, 4, ... 64. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(64, 2 ** Math.max(0, attempts - 1));
}

/** When the event may be tried again after `attempts` tries, the last ending at `nowMs`; undefined when none are left. */
export function nextTryAt(attempts: number, nowMs: number): number | undefined {
  if (attempts >= MAX_EVENT_ATTEMPTS) return undefined;
  return nowMs + retryDelayMinutes(attempts) * 60000;
}

/** What the event row tells the admin about the next try. `showTime` writes an instant for people. */
export function retryNote(attempts: number, nextAt: number | undefined, showTime: (ms: number) => string): string {
  if (nextAt === undefined) {
    return `PayPack gave up after ${attempts} tries. Once the cause is fixed, set Attempts to 0 and clear Next Try on this row: the PayPack Stripe Event Retry job then applies it on its next run.`;
  }
  const left = MAX_EVENT_ATTEMPTS - attempts;
  return `PayPack tries again on the first run of the event retry job after ${showTime(nextAt)} (try ${attempts + 1} of ${MAX_EVENT_ATTEMPTS}; ${left} ${left === 1 ? 'try' : 'tries'} left).`;
}
