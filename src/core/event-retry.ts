/** Which failed or pending Stripe events the retry job takes now: backoff doubles per attempt, up to a limit. */
export const MAX_EVENT_ATTEMPTS = 8;

/** Minutes to wait after attempt n before the next: 1, 2, 4, ... 64. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(64, 2 ** Math.max(0, attempts - 1));
}

export function isDueForRetry(event: { status: string; attempts: number; lastTriedAt: Date }, now: Date): boolean {
  if (event.status !== 'failed' && event.status !== 'pending') return false;
  if (event.attempts >= MAX_EVENT_ATTEMPTS) return false;
  if (event.status === 'pending' && event.attempts === 0) return now.getTime() - event.lastTriedAt.getTime() >= 60000;
  return now.getTime() - event.lastTriedAt.getTime() >= retryDelayMinutes(event.attempts) * 60000;
}
