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

/**
 * The charge, refund and dispute events PayPack records: an authorization (`charge.succeeded` with
 * `captured: false`), its capture or expiry, refunds and their failure, and every step of a dispute
 * that moves money (funds withdrawn, reinstated) or changes its status.
 */
export const PAYMENT_EVENTS = [
  'charge.succeeded', 'charge.failed', 'charge.captured', 'charge.expired', 'charge.refunded', 'charge.refund.updated', 'refund.failed',
  'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated', 'charge.dispute.closed',
];

/** Events whose object is a refund (it names its charge). */
export function isRefundEvent(type: string): boolean {
  return type.startsWith('refund.') || type.startsWith('charge.refund.');
}

/** Currencies whose Stripe amounts are whole units (Stripe docs: zero-decimal currencies). */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Currencies Stripe writes with three decimals. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** A Stripe amount (smallest unit) in major units of its currency. */
export function majorUnits(amount: number, currency: string): number {
  const digits = currencyDigits(currency);
  return Number((amount / 10 ** digits).toFixed(digits));
}

/** An amount in major units as Stripe writes it: in the currency's smallest unit. */
export function minorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

function currencyDigits(currency: string): number {
  const c = currency.toLowerCase();
  return ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
}

/** The id of a field Stripe may answer expanded or not. */
export function idOf(x: string | { id: string } | null | undefined): string {
  return typeof x === 'string' ? x : x?.id || '';
}

/**
 * Stripe's money movements of a charge: what was captured, its refunds and its dispute (amounts in
 * major units of the charge's currency; times in epoch seconds of when Stripe moved the money).
 */
export interface Movements {
  /** What Stripe captured, and when (its balance transaction): null for an authorization not captured (or expired); absent on rows recorded before PayPack read it (all of the amount, at the charge's time). */
  captured?: { amount: number; at: number } | null;
  /**
   * `failed`: the refund succeeded, then failed (Stripe put the money back in the balance); `failedAt`:
   * when (its `failure_balance_transaction`), when the read expanded it.
   */
  refunds: Array<{ id: string; amount: number; created: number; failed?: boolean; failedAt?: number }>;
  /**
   * `withdrawn`, `reinstated`: when Stripe withdrew the disputed funds and gave them back (the dispute's
   * balance transactions), null when it did not (an inquiry withdraws nothing); absent on rows recorded before PayPack read them.
   */
  dispute?: { id: string; amount: number; status: string; withdrawn?: number | null; reinstated?: number | null };
}

/** What a read of Stripe saw of the movements: undefined parts were not read (not expanded), so the stored ones stand. */
export interface MovementsRead { captured?: Movements['captured']; refunds?: Movements['refunds']; dispute?: Movements['dispute'] }

export function mergeMovements(read: MovementsRead, stored: Movements | undefined): Movements {
  // when a refund failed is kept from an earlier read that expanded it (a listing may not)
  const keep = new Map((stored?.refunds ?? []).filter((r) => r.failedAt).map((r) => [r.id, r.failedAt]));
  const refunds = read.refunds?.map((r) => (r.failed && !r.failedAt && keep.has(r.id) ? { ...r, failedAt: keep.get(r.id) } : r));
  const out: Movements = { refunds: refunds ?? stored?.refunds ?? [] };
  const captured = read.captured !== undefined ? read.captured : stored?.captured;
  if (captured !== undefined) out.captured = captured;
  const dispute = read.dispute ?? stored?.dispute;
  if (dispute) out.dispute = dispute;
  return out;
}

/** Movements as the ledger row keeps them (text), and back. */
export function movementsText(m: Movements): string { return JSON.stringify(m); }
export function parseMovements(text: unknown): Movements | undefined {
  try {
    const m = JSON.parse(String(text || 'null')) as Movements | null;
    return m && Array.isArray(m.refunds) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** A NetSuite internal id in Stripe metadata `netsuite_invoice_id`, or ''. */
function nsInvoiceIn(metadata: Record<string, string> | null | undefined): string {
  const v = String(metadata?.netsuite_invoice_id ?? '').trim();
  return /^\d+$/.test(v) ? v : '';
}

/** The NetSuite invoice a charge pays: named by the charge, its payment intent (when expanded) or the Stripe invoice it paid. */
export function nsInvoiceOf(charge: Stripe.Charge, invoiceMetadata?: Record<string, string> | null): string {
  const intent = typeof charge.payment_intent === 'object' && charge.payment_intent ? charge.payment_intent : undefined;
  return nsInvoiceIn(charge.metadata) || nsInvoiceIn(intent?.metadata) || nsInvoiceIn(invoiceMetadata);
}

/** What a payment row write did: 'stale' when the row already held a newer read of Stripe. */
export type PaymentWritten = 'created' | 'updated' | 'stale';

export type PaymentStatus = 'succeeded' | 'pending' | 'failed' | 'authorized' | 'expired' | 'refunded' | 'partially refunded' | 'inquiry' | 'disputed' | 'dispute won' | 'dispute lost';

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
  /** The NetSuite invoice the charge pays (metadata netsuite_invoice_id), '' when none. */
  nsInvoiceId: string;
  /** Refunds and dispute, for the books. */
  movements: Movements;
  status: PaymentStatus;
  failure: string;
  method: string;
  /** Stripe's created time, epoch seconds. */
  created: number;
  dashboardUrl: string;
  /** When PayPack read this state from Stripe (epoch ms): an older read never overwrites a newer one. */
  readAt: number;
}

/**
 * What of a charge's `amount_refunded` was refunded: Stripe counts there too what a partial capture
 * released (and all of an expired authorization), money that never moved.
 */
export function refundedAmount(charge: Pick<Stripe.Charge, 'captured' | 'amount' | 'amount_captured' | 'amount_refunded'>): number {
  return charge.captured ? Math.max(0, charge.amount_refunded - (charge.amount - charge.amount_captured)) : 0;
}

/** The status an accountant reads; a dispute's outcome (or that it is only an inquiry) when the event was about the dispute. */
export function paymentStatus(charge: Pick<Stripe.Charge, 'status' | 'disputed' | 'refunded' | 'amount_refunded' | 'captured' | 'amount' | 'amount_captured'>, dispute?: Pick<Stripe.Dispute, 'status'>): PaymentStatus {
  if (charge.status === 'failed') return 'failed';
  if (charge.status === 'pending') return 'pending';
  // manual capture: authorized until captured; Stripe marks an authorization refunded when it expires
  if (!charge.captured) return charge.refunded ? 'expired' : 'authorized';
  if (dispute?.status === 'won') return 'dispute won';
  if (dispute?.status === 'lost') return 'dispute lost';
  if (dispute?.status.startsWith('warning_')) return 'inquiry';
  if (charge.disputed) return 'disputed';
  const refunded = refundedAmount(charge);
  if (refunded > 0 && refunded >= charge.amount_captured) return 'refunded';
  if (refunded > 0) return 'partially refunded';
  return 'succeeded';
}

/**
 * A charge does not say how its dispute ended (only the dispute does): a row that already shows
 * the outcome keeps it when a later charge event or listing reads the charge again.
 */
export function keepDisputeOutcome(row: PaymentRow, storedStatus: string | undefined): PaymentRow {
  return row.status === 'disputed' && (storedStatus === 'dispute won' || storedStatus === 'dispute lost' || storedStatus === 'inquiry') ? { ...row, status: storedStatus } : row;
}

/** What is known of the invoices a charge paid: the Stripe invoice (from its invoice payment) and the NetSuite one it names. */
export interface ChargeInvoices { stripeInvoiceId: string; nsInvoiceId: string }

function failedAt(r: Stripe.Refund): { failedAt?: number } {
  const t = r.failure_balance_transaction;
  return typeof t === 'object' && t ? { failedAt: t.created } : {};
}

/** The refunds a charge read with `expand[]=refunds` lists; undefined when they were not expanded. */
function refundsOf(charge: Stripe.Charge): Movements['refunds'] | undefined {
  const list = charge.refunds;
  if (!list || typeof list !== 'object' || !Array.isArray(list.data)) return undefined;
  // a refund that failed stays listed, marked: what was posted for it must be undone
  return list.data.filter((r) => r.status === 'succeeded' || r.status === 'pending' || r.status === 'failed')
    .map((r) => ({ id: r.id, amount: majorUnits(r.amount, r.currency), created: r.created, ...(r.status === 'failed' ? { failed: true, ...failedAt(r) } : {}) }))
    .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
}

/**
 * The ledger row of a charge read from Stripe with its balance transaction expanded (and, where the
 * read expanded them, its payment intent and refunds). `invoices`: what the charge's invoice payment
 * says (a Charge of this API version names no invoice); `stored`: the row's movements so far.
 */
export function paymentRow(charge: Stripe.Charge, customerId: string, configId: string, readAt: number, invoices: ChargeInvoices, dispute?: DisputeRead, stored?: Movements): PaymentRow {
  const txn = typeof charge.balance_transaction === 'object' && charge.balance_transaction ? charge.balance_transaction : undefined;
  const pmd = charge.payment_method_details;
  const intentId = idOf(charge.payment_intent);
  return {
    chargeId: charge.id, customerId, configId, intentId, invoiceId: invoices.stripeInvoiceId,
    nsInvoiceId: invoices.nsInvoiceId || nsInvoiceOf(charge),
    movements: mergeMovements({
      // what was captured is known only with the balance transaction expanded (every read PayPack makes expands it)
      ...(txn || !charge.captured ? { captured: charge.captured && txn ? { amount: majorUnits(charge.amount_captured, charge.currency), at: txn.created } : null } : {}),
      refunds: refundsOf(charge), ...(dispute ? { dispute: disputeMovement(dispute) } : {}),
    }, stored),
    amount: majorUnits(charge.amount, charge.currency), currency: charge.currency.toLowerCase(),
    refunded: majorUnits(refundedAmount(charge), charge.currency),
    // a balance transaction is in the settlement currency: a yen charge on a US account has its fee in dollars
    fee: txn ? majorUnits(txn.fee, txn.currency) : '', net: txn ? majorUnits(txn.net, txn.currency) : '', settleCurrency: txn ? txn.currency.toLowerCase() : '',
    status: paymentStatus(charge, dispute), failure: charge.failure_message || '',
    method: pmd ? summarizePaymentMethod(pmd as unknown as Parameters<typeof summarizePaymentMethod>[0]) : '',
    created: charge.created,
    dashboardUrl: `https://dashboard.stripe.com/${charge.livemode ? '' : 'test/'}payments/${intentId || charge.id}`,
    readAt,
  };
}

/** What the books read of a dispute: its amount and status, and its balance transactions (zero, one or two: funds withdrawn, reinstated). */
export type DisputeRead = Pick<Stripe.Dispute, 'id' | 'amount' | 'currency' | 'status'> & { balance_transactions?: Array<Pick<Stripe.BalanceTransaction, 'amount' | 'created'>> };

/** A dispute as the books keep it: when Stripe withdrew its funds and gave them back, from its balance transactions, not from its status. */
function disputeMovement(dispute: DisputeRead): NonNullable<Movements['dispute']> {
  const txns = dispute.balance_transactions || [];
  const withdrawn = txns.find((t) => t.amount < 0);
  const reinstated = txns.find((t) => t.amount > 0);
  return { id: dispute.id, amount: majorUnits(dispute.amount, dispute.currency), status: dispute.status, withdrawn: withdrawn ? withdrawn.created : null, reinstated: reinstated ? reinstated.created : null };
}

/** A charge read with what the ledger and the books need in the same call: its balance transaction, payment intent (metadata) and refunds. */
export const CHARGE_EXPAND = ['balance_transaction', 'payment_intent', 'refunds', 'refunds.data.failure_balance_transaction'];

export function retrieveCharge(stripe: StripeClient, chargeId: string): Stripe.Charge {
  return stripe.get<Stripe.Charge>(`/v1/charges/${encodeURIComponent(chargeId)}`, { expand: CHARGE_EXPAND });
}

/**
 * The charge an event is about, as Stripe has it now, in one call: a charge event names the charge;
 * a dispute event names the dispute, read with its charge (and the charge's balance transaction).
 */
export function currentCharge(stripe: StripeClient, eventType: string, objectId: string, chargeId: string): { charge: Stripe.Charge; dispute?: DisputeWithCharge } {
  if (!eventType.startsWith('charge.dispute.')) return { charge: retrieveCharge(stripe, chargeId || objectId) };
  const dispute = stripe.get<DisputeWithCharge>(`/v1/disputes/${encodeURIComponent(objectId)}`, { expand: CHARGE_EXPAND.map((e) => `charge.${e}`) });
  return { charge: dispute.charge, dispute };
}

/** The events that tell which Stripe invoice a payment paid (a Charge of this API version names none). */
export const INVOICE_PAYMENT_EVENTS = ['invoice_payment.paid'];

/** What an invoice payment says: the payment intent (or Charges API charge) that paid, and the invoices (its Stripe invoice, expanded for its metadata). */
export function invoicesOfPayment(p: Stripe.InvoicePayment): { intentId: string; chargeId: string; invoices: ChargeInvoices } {
  const invoice = typeof p.invoice === 'object' && p.invoice && 'metadata' in p.invoice ? p.invoice : undefined;
  return {
    intentId: p.payment.type === 'payment_intent' ? idOf(p.payment.payment_intent) : '',
    chargeId: p.payment.type === 'charge' ? idOf(p.payment.charge) : '',
    invoices: { stripeInvoiceId: idOf(p.invoice), nsInvoiceId: nsInvoiceIn(invoice?.metadata) },
  };
}

/**
 * An invoice payment as Stripe has it now (one call), with its invoice (for its metadata) and its
 * payment intent (whose latest charge is the charge that paid) expanded: from API version
 * 2025-03-31.basil on, a Charge and a PaymentIntent carry no `invoice`.
 */
export function retrieveInvoicePayment(stripe: StripeClient, id: string): Stripe.InvoicePayment {
  return stripe.get<Stripe.InvoicePayment>(`/v1/invoice_payments/${encodeURIComponent(id)}`, { expand: ['invoice', 'payment.payment_intent'] });
}
