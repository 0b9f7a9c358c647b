/**
 * Stripe's charges in NetSuite: one payment ledger row per charge, under the NetSuite customer,
 * with the amounts in major units (zero-decimal currencies such as JPY are already whole), Stripe's
 * fee and the net from the charge's balance transaction, and a status an accountant reads.
 * The row always shows Stripe's current state of the charge (read when an event arrives), so events
 * that arrive late or twice cannot leave an older state behind.
 */
import { StripeClient } from './stripe/client';
import { summarizePaymentMethod } from './payment-method';

/** The charge and dispute events PayPack records (payouts are not recorded yet). */
export const PAYMENT_EVENTS = ['charge.succeeded', 'charge.failed', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.closed'];

/** Currencies whose Stripe amounts are whole units (Stripe docs: zero-decimal currencies). */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Currencies Stripe writes with three decimals. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** A Stripe amount (smallest unit) in major units of its currency. */
export function majorUnits(amount: number, currency: string): number {
  const c = currency.toLowerCase();
  const digits = ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
  return Number((amount / 10 ** digits).toFixed(digits));
}

export interface StripeCharge {
  id: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  created: number;
  livemode: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  refunded: boolean;
  disputed: boolean;
  failure_message: string | null;
  payment_intent: string | null;
  invoice: string | null;
  payment_method_details?: { type: string; [k: string]: unknown } | null;
  balance_transaction: string | { fee: number; net: number } | null;
}

/** What a payment row write did: 'stale' when the row already held a newer read of Stripe. */
export type PaymentWritten = 'created' | 'updated' | 'stale';

export type PaymentStatus = 'succeeded' | 'pending' | 'failed' | 'refunded' | 'partially refunded' | 'disputed' | 'dispute won' | 'dispute lost';

export interface StripeDispute { id: string; status: string; charge: StripeCharge }

export interface PaymentRow {
  chargeId: string;
  customerId: string;
  configId: string;
  intentId: string;
  invoiceId: string;
  amount: number;
  currency: string;
  refunded: number;
  /** '' until Stripe has a balance transaction (failed charges have none). */
  fee: number | '';
  net: number | '';
  status: PaymentStatus;
  failure: string;
  method: string;
  /** Stripe's created time, epoch seconds. */
  created: number;
  dashboardUrl: string;
  /** When PayPack read this state from Stripe (epoch ms): an older read never overwrites a newer one. */
  readAt: number;
}

/** The status an accountant reads; a dispute's outcome when the event was about the dispute. */
export function paymentStatus(charge: StripeCharge, dispute?: Pick<StripeDispute, 'status'>): PaymentStatus {
  if (charge.status === 'failed') return 'failed';
  if (dispute?.status === 'won') return 'dispute won';
  if (dispute?.status === 'lost') return 'dispute lost';
  if (charge.disputed) return 'disputed';
  if (charge.refunded) return 'refunded';
  if (charge.amount_refunded > 0) return 'partially refunded';
  return charge.status === 'pending' ? 'pending' : 'succeeded';
}

/**
 * A charge does not say how its dispute ended (only the dispute does): a row that already shows
 * the outcome keeps it when a later charge event or listing reads the charge again.
 */
export function keepDisputeOutcome(row: PaymentRow, storedStatus: string | undefined): PaymentRow {
  return row.status === 'disputed' && (storedStatus === 'dispute won' || storedStatus === 'dispute lost') ? { ...row, status: storedStatus } : row;
}

/** The ledger row of a charge read from Stripe with its balance transaction expanded. */
export function paymentRow(charge: StripeCharge, customerId: string, configId: string, readAt: number, dispute?: Pick<StripeDispute, 'status'>): PaymentRow {
  const txn = typeof charge.balance_transaction === 'object' && charge.balance_transaction ? charge.balance_transaction : undefined;
  const pmd = charge.payment_method_details;
  return {
    chargeId: charge.id, customerId, configId,
    intentId: charge.payment_intent || '', invoiceId: charge.invoice || '',
    amount: majorUnits(charge.amount, charge.currency), currency: charge.currency.toLowerCase(),
    refunded: majorUnits(charge.amount_refunded, charge.currency),
    fee: txn ? majorUnits(txn.fee, charge.currency) : '', net: txn ? majorUnits(txn.net, charge.currency) : '',
    status: paymentStatus(charge, dispute), failure: charge.failure_message || '',
    method: pmd ? summarizePaymentMethod(pmd as Parameters<typeof summarizePaymentMethod>[0]) : '',
    created: charge.created,
    dashboardUrl: `https://dashboard.stripe.com/${charge.livemode ? '' : 'test/'}payments/${charge.payment_intent || charge.id}`,
    readAt,
  };
}

export function retrieveCharge(stripe: StripeClient, chargeId: string): StripeCharge {
  return stripe.get<StripeCharge>(`/v1/charges/${encodeURIComponent(chargeId)}`, { expand: ['balance_transaction'] });
}

/**
 * The charge an event is about, as Stripe has it now, in one call: a charge event names the charge;
 * a dispute event names the dispute, read with its charge (and the charge's balance transaction).
 */
export function currentCharge(stripe: StripeClient, eventType: string, objectId: string): { charge: StripeCharge; dispute?: StripeDispute } {
  if (!eventType.startsWith('charge.dispute.')) return { charge: retrieveCharge(stripe, objectId) };
  const dispute = stripe.get<StripeDispute>(`/v1/disputes/${encodeURIComponent(objectId)}`, { expand: ['charge.balance_transaction'] });
  return { charge: dispute.charge, dispute };
}
