/**
 * Stripe's payouts in NetSuite: one row per payout with what it carries (how many charges and
 * refunds, their sums and Stripe's fees), and each payment row it carries pointing to it, so an
 * accountant can tick a bank statement line against the charges behind it.
 */
import { StripeClient, StripeError } from './stripe/client';
import { majorUnits, StripeCharge } from './payments';

export const PAYOUT_EVENTS = ['payout.paid', 'payout.failed'];

export interface StripePayout {
  id: string;
  amount: number;
  currency: string;
  /** Epoch seconds of the day the bank should receive it. */
  arrival_date: number;
  created: number;
  status: 'paid' | 'pending' | 'in_transit' | 'canceled' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  livemode: boolean;
  automatic?: boolean;
}

export interface PayoutRow {
  payoutId: string;
  configId: string;
  amount: number;
  currency: string;
  /** Epoch seconds (Stripe's arrival_date: midnight UTC of the arrival day). */
  arrival: number;
  status: StripePayout['status'];
  failure: string;
  created: number;
  dashboardUrl: string;
}

export function payoutRow(payout: StripePayout, configId: string): PayoutRow {
  return {
    payoutId: payout.id, configId,
    amount: majorUnits(payout.amount, payout.currency), currency: payout.currency.toLowerCase(),
    arrival: payout.arrival_date, status: payout.status,
    failure: payout.status === 'failed' ? [payout.failure_code, payout.failure_message].filter(Boolean).join(': ') : '',
    created: payout.created,
    dashboardUrl: `https://dashboard.stripe.com/${payout.livemode ? '' : 'test/'}payouts/${payout.id}`,
  };
}

export function retrievePayout(stripe: StripeClient, payoutId: string): StripePayout {
  return stripe.get<StripePayout>(`/v1/payouts/${encodeURIComponent(payoutId)}`);
}

export interface BalanceTransaction {
  id: string;
  type: string;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  source: string | { id: string } | null;
  created: number;
}

/** What a payout carries, in major units of its currency. */
export interface PayoutContents {
  /** The charges it carries (their payment rows point to the payout). */
  chargeIds: string[];
  chargeCount: number;
  /** Sum of the charges before fees. */
  gross: number;
  refundCount: number;
  /** Sum of the refunds, as a positive amount. */
  refunds: number;
  /** Stripe's fees on everything it carries. */
  fees: number;
  /** Disputes, adjustments, returned payouts and the like, net: gross - refunds - fees + other = the payout's amount. */
  other: number;
}

const CHARGE_TYPES = new Set(['charge', 'payment']);
const REFUND_TYPES = new Set(['refund', 'payment_refund']);

function sourceId(t: BalanceTransaction): string {
  return typeof t.source === 'string' ? t.source : t.source?.id || '';
}

/** Sums worked in the currency's smallest unit, so they add up to the cent. */
export function payoutContents(txns: BalanceTransaction[], currency: string): PayoutContents {
  let gross = 0; let refunds = 0; let fees = 0; let net = 0; let chargeCount = 0; let refundCount = 0;
  const chargeIds: string[] = [];
  for (const t of txns) {
    if (t.type === 'payout') continue; // the payout's own transaction
    net += t.net;
    fees += t.fee;
    if (CHARGE_TYPES.has(t.type)) {
      chargeCount++;
      gross += t.amount;
      const id = sourceId(t);
      if (id) chargeIds.push(id);
    } else if (REFUND_TYPES.has(t.type)) {
      refundCount++;
      refunds -= t.amount;
    }
  }
  const other = net - (gross - refunds - fees);
  const m = (x: number) => majorUnits(x, currency);
  return { chargeIds, chargeCount, gross: m(gross), refundCount, refunds: m(refunds), fees: m(fees), other: m(other) };
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
 * the caller resumes from the oldest item it got, on this run or the next.
 */
export function listAll<T extends { id: string }>(stripe: StripeClient, path: string, query: Record<string, unknown>, canAffordPage: () => boolean): Listed<T> {
  const items: T[] = [];
  let after = '';
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
    if (!page.has_more || !page.data.length) return { items, complete: true };
    after = page.data[page.data.length - 1].id;
  }
}

/** Everything a payout carries, each with its source (the charge, refund...), one call per 100. */
export function listPayoutContents(stripe: StripeClient, payoutId: string, canAffordPage: () => boolean): Listed<BalanceTransaction> {
  return listAll<BalanceTransaction>(stripe, '/v1/balance_transactions', { payout: payoutId, expand: ['data.source'] }, canAffordPage);
}

/** The charges a payout's listing carries, with the fee and net of their balance transactions. */
export function carriedCharges(txns: BalanceTransaction[]): StripeCharge[] {
  return txns.filter((t) => CHARGE_TYPES.has(t.type) && t.source && typeof t.source === 'object')
    .map((t) => ({ ...(t.source as unknown as StripeCharge), balance_transaction: { fee: t.fee, net: t.net } }));
}
