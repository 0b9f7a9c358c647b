/**
 * Stripe's charges in NetSuite: one payment ledger row per charge, under the NetSuite customer,
 * with the amounts in major units (zero-decimal currencies such as JPY are already whole), Stripe's
 * fee and the net from the charge's balance transaction, and a status an accountant reads.
 * The row always shows Stripe's current state of the charge (read when an event arrives), so events
 * that arrive late or twice cannot leave an older state behind.
 */
import type Stripe from 'stripe';
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

/** The id of a field Stripe may answer expanded or not. */
export function idOf(x: string | { id: string } | null | undefined): string {
  return typeof x === 'string' ? x : x?.id || '';
}

/** What a payment row write did: 'stale' when the row already held a newer read of Stripe. */
export type PaymentWritten = 'created' | 'updated' | 'stale';

export type PaymentStatus = 'succeeded' | 'pending' | 'failed' | 'refunded' | 'partially refunded' | 'disputed' | 'dispute won' | 'dispute lost';

/** A dispute read with its charge (and the charge's balance transaction) expanded. */
export type DisputeWithCharge = Omit<Stripe.Dispute, 'charge'> & { charge: Stripe.Charge };

export interface PaymentRow {
  chargeId: string;
  customerId: string;
  configId: string;
  intentId: string;
  invoiceId: string;
  /** Amount and refunded in the charge's currency. */
  amount: number;
  currency: string;
  refunded: number;
  /** Fee and net in the currency Stripe settled in (the balance transaction's): '' until there is one (failed charges have none). */
  fee: number | '';
  net: number | '';
  settleCurrency: string;
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
export function paymentStatus(charge: Pick<Stripe.Charge, 'status' | 'disputed' | 'refunded' | 'amount_refunded'>, dispute?: Pick<Stripe.Dispute, 'status'>): PaymentStatus {
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

/**
 * The ledger row of a charge read from Stripe with its balance transaction expanded. `invoiceId`: the
 * Stripe invoice it paid (from its invoice payment: a Charge of this API version names none).
 */
export function paymentRow(charge: Stripe.Charge, customerId: string, configId: string, readAt: number, invoiceId: string, dispute?: Pick<Stripe.Dispute, 'status'>): PaymentRow {
  const txn = typeof charge.balance_transaction === 'object' && charge.balance_transaction ? charge.balance_transaction : undefined;
  const pmd = charge.payment_method_details;
  const intentId = idOf(charge.payment_intent);
  return {
    chargeId: charge.id, customerId, configId, intentId, invoiceId,
    amount: majorUnits(charge.amount, charge.currency), currency: charge.currency.toLowerCase(),
    refunded: majorUnits(charge.amount_refunded, charge.currency),
    // a balance transaction is in the settlement currency: a yen charge on a US account has its fee in dollars
    fee: txn ? majorUnits(txn.fee, txn.currency) : '', net: txn ? majorUnits(txn.net, txn.currency) : '', settleCurrency: txn ? txn.currency.toLowerCase() : '',
    status: paymentStatus(charge, dispute), failure: charge.failure_message || '',
    method: pmd ? summarizePaymentMethod(pmd as unknown as Parameters<typeof summarizePaymentMethod>[0]) : '',
    created: charge.created,
    dashboardUrl: `https://dashboard.stripe.com/${charge.livemode ? '' : 'test/'}payments/${intentId || charge.id}`,
    readAt,
  };
}

export function retrieveCharge(stripe: StripeClient, chargeId: string): Stripe.Charge {
  return stripe.get<Stripe.Charge>(`/v1/charges/${encodeURIComponent(chargeId)}`, { expand: ['balance_transaction'] });
}

/**
 * The charge an event is about, as Stripe has it now, in one call: a charge event names the charge;
 * a dispute event names the dispute, read with its charge (and the charge's balance transaction).
 */
export function currentCharge(stripe: StripeClient, eventType: string, objectId: string): { charge: Stripe.Charge; dispute?: DisputeWithCharge } {
  if (!eventType.startsWith('charge.dispute.')) return { charge: retrieveCharge(stripe, objectId) };
  const dispute = stripe.get<DisputeWithCharge>(`/v1/disputes/${encodeURIComponent(objectId)}`, { expand: ['charge.balance_transaction'] });
  return { charge: dispute.charge, dispute };
}

/**
 * The Stripe invoice a payment intent paid, through its invoice payment (one call): from API version
 * 2025-03-31.basil on, a Charge and a PaymentIntent carry no `invoice`. '' when it paid none.
 */
export function invoiceOfIntent(stripe: StripeClient, intentId: string): string {
  if (!intentId) return '';
  const list = stripe.get<{ data: Stripe.InvoicePayment[] }>('/v1/invoice_payments', { payment: { type: 'payment_intent', payment_intent: intentId }, limit: 10 });
  const paid = list.data.find((p) => p.status === 'paid') || list.data[0];
  return paid ? idOf(paid.invoice) : '';
}
