/**
 * What one emailed link (a Pay by card or customer portal link) may cost in an hour, whoever holds
 * it: a leaked link must not spend the Stripe rate limit the sync and the webhook share, nor fill
 * the sync log. A click past the allowance gets the "try again later" page and costs no Stripe call.
 */
export const LINK_ALLOWANCE_PER_HOUR = {
  /** Stripe calls of one pay link (a click costs 1 or 2, 3 when an outdated session is expired) or one portal link (1 a click). */
  stripe: 20,
  /** Sync log rows one link's clicks may write; the execution log still has every refusal. */
  log: 5,
} as const;

export type LinkSpend = keyof typeof LINK_ALLOWANCE_PER_HOUR;

/** The hour's allowance of one link. */
export interface LinkMeter {
  /** One more of `what` for this link this hour: false (and nothing counted) when the hour's allowance is spent. */
  take(what: LinkSpend): boolean;
}

/** Thrown before a Stripe call the link's allowance does not cover. */
export class LinkAllowanceSpent extends Error {
  constructor() {
    super('the link used its Stripe calls for this hour');
    this.name = 'LinkAllowanceSpent';
  }
}
