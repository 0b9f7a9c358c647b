/**
 * Stripe's payouts in NetSuite: one row per payout with what it carries (how many charges and
 * refunds, their sums and Stripe's fees), and each payment row it carries pointing to it, so an
 * accountant can tick a bank statement line against the charges behind it.
 */
import type Stripe from 'stripe';
import { StripeClient, StripeError } from './stripe/client';
import { majorUnits } from './payments';

export const PAYOUT_EVENTS = ['payout.paid', 'payout.failed'];

/** Where a payout row stands with listing what it carries. */
export const PAYOUT_CONTENTS = { pending: 'pending', listed: 'listed', manual: 'not listed: manual payout', reconciling: 'waiting for Stripe to finish reconciling the payout' } as const;

/**
 * What a payout's row starts as: Stripe lists what an automatic payout carries in full only once its
 * `reconciliation_status` is completed (docs: Payout reconciliation), and never for a manual payout.
 */
export function contentsOf(payout: Stripe.Payout): string {
  if (payout.automatic === false) return PAYOUT_CONTENTS.manual;
  return payout.reconciliation_status === 'completed' ? PAYOUT_CONTENTS.pending : PAYOUT_CONTENTS.reconciling;
}

export interface PayoutRow {
  payoutId: string;
  configId: string;
  amount: number;
  currency: string;
  /** Epoch seconds (Stripe's arrival_date: midnight UTC of the arrival day). */
  arrival: number;
  status: string;
  failure: string;
  created: number;
  dashboardUrl: string;
}

export function payoutRow(payout: Stripe.Payout, configId: string): PayoutRow {
  return {
    payoutId: payout.id, configId,
    amount: majorUnits(payout.amount, payout.currency), currency: payout.currency.toLowerCase(),
    arrival: payout.arrival_date, status: payout.status,
    failure: payout.status === 'failed' ? [payout.failure_code, payout.failure_message].filter(Boolean).join(': ') : '',
    created: payout.created,
    dashboardUrl: `https://dashboard.stripe.com/${payout.livemode ? '' : 'test/'}payouts/${payout.id}`,
  };
}

export function retrievePayout(stripe: StripeClient, payoutId: string): Stripe.Payout {
  return stripe.get<Stripe.Payout>(`/v1/payouts/${encodeURIComponent(payoutId)}`);
}

/**
 * When the bank returned a failed payout: its `failure_balance_transaction`'s time, when Stripe put
 * the money back in the balance (one call); undefined when Stripe names none.
 */
export function payoutFailedAt(stripe: StripeClient, payoutId: string): number | undefined {
  const payout = stripe.get<Stripe.Payout>(`/v1/payouts/${encodeURIComponent(payoutId)}`, { expand: ['failure_balance_transaction'] });
  const t = payout.failure_balance_transaction;
  return typeof t === 'object' && t ? t.created : undefined;
}

/** What a payout carries, in major units of its currency. */
export interface PayoutContents {
  chargeCount: number;
  /** Sum of the charges before fees. */
  gross: number;
  refundCount: number;
  /** Sum of the refunds, as a positive amount. */
  refunds: number;
  /** Stripe's fees on everything it carries (card fees, dispute fees and the like). */
  fees: number;
  /** Disputed amounts, adjustments, returned payouts and the like, net of fees: gross - refunds - fees + other = the payout's amount. */
  other: number;
}

/**
 * What a payout's listing has added up so far, in the smallest unit (so sums are exact), kept with
 * the listing's place so a listing stopped part-way carries on from there on the next run.
 */
export interface PayoutTally {
  /** The last balance transaction listed ('' = none yet): the next page starts after it. */
  after: string;
  chargeCount: number;
  gross: number;
  refundCount: number;
  refunds: number;
  fees: number;
  net: number;
}

export const EMPTY_TALLY: PayoutTally = { after: '', chargeCount: 0, gross: 0, refundCount: 0, refunds: 0, fees: 0, net: 0 };

const CHARGE_TYPES = new Set(['charge', 'payment']);
const REFUND_TYPES = new Set(['refund', 'payment_refund']);
/** The balance transaction types that are Stripe's own fees (Stripe API reference, the Balance Transaction object's `type`). */
export const STRIPE_FEE_TYPES = ['stripe_fee', 'stripe_fx_fee', 'tax_fee'];
const FEE_TYPES: ReadonlySet<string> = new Set(STRIPE_FEE_TYPES);

/** The tally after one more page of a payout's balance transactions. */
export function addToTally(prior: PayoutTally, txns: Stripe.BalanceTransaction[]): PayoutTally {
  const t = { ...prior };
  for (const x of txns) {
    t.after = x.id;
    if (x.type === 'payout') continue; // the payout's own transaction
    t.net += x.net;
    t.fees += x.fee;
    if (CHARGE_TYPES.has(x.type)) {
      t.chargeCount++;
      t.gross += x.amount;
    } else if (REFUND_TYPES.has(x.type)) {
      t.refundCount++;
      t.refunds -= x.amount;
    } else if (FEE_TYPES.has(x.type)) {
      t.fees -= x.amount;
    }
  }
  return t;
}

export function payoutContents(t: PayoutTally, currency: string): PayoutContents {
  const m = (x: number) => majorUnits(x, currency);
  return { chargeCount: t.chargeCount, gross: m(t.gross), refundCount: t.refundCount, refunds: m(t.refunds), fees: m(t.fees), other: m(t.net - (t.gross - t.refunds - t.fees)) };
}

export interface Listed<T> {
  items: T[];
  complete: boolean;
  /** Why it stopped early: governance (no units for another page), or Stripe's error. */
  stopped?: 'governance' | StripeError;
}

/**
 * Walk one of Stripe's lists (newest first) a page of 100 at a time, while `canAffordPage` says a
 * page can be paid for. It stops early, keeping what it got, when units run low or Stripe fails:
 * the caller resumes from the oldest item it got, on this run or the next. `from.after`: start after
 * this item; `from.olderThan`: the list is complete once a page reaches an item this says is old enough.
 */
export function listAll<T extends { id: string }>(stripe: StripeClient, path: string, query: Record<string, unknown>, canAffordPage: () => boolean, from: { after?: string; olderThan?: (item: T) => boolean } = {}): Listed<T> {
  const items: T[] = [];
  let after = from.after || '';
  for (;;) {
    if (!canAffordPage()) return { items, complete: false, stopped: 'governance' };
    let page: { data: T[]; has_more: boolean };
    try {
      page = stripe.get<{ data: T[]; has_more: boolean }>(path, { ...query, limit: 100, ...(after ? { starting_after: after } : {}) });
    } catch (e) {
      if (e instanceof StripeError) return { items, complete: false, stopped: e };
      throw e;
    }
    items.push(...page.data);
    if (!page.has_more || !page.data.length || (from.olderThan && page.data.some(from.olderThan))) return { items, complete: true };
    after = page.data[page.data.length - 1].id;
  }
}

/**
 * The payouts named, as Stripe has them now: newest first until every one is seen (the payouts still
 * reconciling are the newest few, so one call of 100 nearly always), not one call per payout.
 */
export function currentPayouts(stripe: StripeClient, ids: string[], canAffordPage: () => boolean): Listed<Stripe.Payout> {
  const wanted = new Set(ids);
  const seen = new Set<string>();
  const listed = listAll<Stripe.Payout>(stripe, '/v1/payouts', {}, canAffordPage, { olderThan: (po) => { if (wanted.has(po.id)) seen.add(po.id); return seen.size === wanted.size; } });
  return { ...listed, items: listed.items.filter((po) => wanted.has(po.id)) };
}

/** What a payout carries from `after` on, each with its source (the charge, refund...), one call per 100. */
export function listPayoutContents(stripe: StripeClient, payoutId: string, canAffordPage: () => boolean, after: string): Listed<Stripe.BalanceTransaction> {
  return listAll<Stripe.BalanceTransaction>(stripe, '/v1/balance_transactions', { payout: payoutId, expand: ['data.source'] }, canAffordPage, { after });
}

/** Money a payout's listing shows leaving or returning for a charge: a refund, or a dispute's funds (by the dispute). */
export interface ChargeMovement { chargeId: string; refundId?: string; disputeId?: string }

const MOVEMENT_REFUND_TYPES = new Set(['refund', 'payment_refund']);

/** The refunds and dispute funds a payout's listing carries, with the charge each belongs to (the expanded source names it). */
export function carriedMovements(txns: Stripe.BalanceTransaction[]): ChargeMovement[] {
  const out: ChargeMovement[] = [];
  for (const t of txns) {
    const src = t.source && typeof t.source === 'object' ? (t.source as { id: string; object?: string; charge?: unknown }) : undefined;
    if (!src) continue;
    const charge = typeof src.charge === 'string' ? src.charge : src.charge && typeof src.charge === 'object' ? String((src.charge as { id?: string }).id ?? '') : '';
    if (!charge) continue;
    if (MOVEMENT_REFUND_TYPES.has(t.type)) out.push({ chargeId: charge, refundId: src.id });
    else if (t.type === 'adjustment' && src.object === 'dispute') out.push({ chargeId: charge, disputeId: src.id });
  }
  return out;
}

/** The charges a payout's listing carries, each with its balance transaction (fee and net in the settlement currency). */
export function carriedCharges(txns: Stripe.BalanceTransaction[]): Stripe.Charge[] {
  return txns.filter((t) => CHARGE_TYPES.has(t.type) && t.source && typeof t.source === 'object')
    .map((t) => ({ ...(t.source as Stripe.Charge), balance_transaction: { ...t, source: (t.source as Stripe.Charge).id } }));
}
