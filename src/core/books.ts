/**
 * The books: what of a charge's money is still to be posted as NetSuite transactions, in order. A
 * succeeded charge becomes a customer payment (applied to the NetSuite invoice it names), each
 * refund a customer refund, a dispute whose funds Stripe withdrew a refund too, and funds reinstated
 * (dispute won) a new customer payment. Each transaction's external id is `stripe_` + the Stripe id
 * it posts, so nothing is ever posted twice; what is posted is remembered on the ledger row.
 */
import { Movements, PaymentStatus } from './payments';

/** A ledger row as the books read it. */
export interface BookRow {
  rowId: string;
  chargeId: string;
  customerId: string;
  /** Major units of the charge's currency. */
  amount: number;
  currency: string;
  /** Stripe's created time, epoch seconds. */
  created: number;
  status: PaymentStatus | string;
  nsInvoiceId: string;
  movements: Movements;
  posted: Posted;
}

/**
 * What is posted, by Stripe id: the NetSuite transaction(s) made for it. `invoice`: the invoice the
 * charge's payment was applied to (a refund then credits it with a credit memo).
 */
export interface Posted {
  done: Record<string, string>;
  invoice?: string;
  /** What the charge's payment left unapplied when it was posted (the customer's credit), when anything. */
  unapplied?: number;
}

export type Step =
  | { kind: 'payment'; stripeId: string; externalId: string; amount: number; nsInvoiceId: string; memo: string }
  | { kind: 'refund'; stripeId: string; externalId: string; creditMemoExternalId: string; amount: number; memo: string }
  | { kind: 'reinstatement'; stripeId: string; externalId: string; amount: number; memo: string };

/** Stripe ids in external ids: `stripe_` + the id (+ a suffix where one Stripe object makes two transactions). */
export function externalId(stripeId: string, suffix = ''): string {
  return `stripe_${stripeId}${suffix}`;
}

const POSTABLE: ReadonlySet<string> = new Set(['succeeded', 'partially refunded', 'refunded', 'disputed', 'dispute won', 'dispute lost']);
/** Stripe withdraws a dispute's funds when it opens; they come back only if it is won. */
const WITHDRAWN: ReadonlySet<string> = new Set(['disputed', 'dispute won', 'dispute lost']);

/**
 * The steps not posted yet, in the order they must be posted (the payment before what takes money
 * out of it). Nothing for a failed or pending charge, nor for one created before Post From.
 */
export function postingSteps(row: BookRow, postFromEpoch: number): Step[] {
  if (!POSTABLE.has(row.status) || row.created < postFromEpoch) return [];
  const done = row.posted.done;
  const steps: Step[] = [];
  if (!done[row.chargeId]) {
    steps.push({ kind: 'payment', stripeId: row.chargeId, externalId: externalId(row.chargeId), amount: row.amount, nsInvoiceId: row.nsInvoiceId, memo: `Stripe charge ${row.chargeId}` });
  }
  for (const r of row.movements.refunds) {
    if (done[r.id]) continue;
    steps.push({ kind: 'refund', stripeId: r.id, externalId: externalId(r.id), creditMemoExternalId: externalId(r.id, '_cm'), amount: r.amount, memo: `Stripe refund ${r.id} of charge ${row.chargeId}` });
  }
  const dispute = row.movements.dispute;
  if (dispute && WITHDRAWN.has(row.status)) {
    if (!done[dispute.id]) {
      steps.push({ kind: 'refund', stripeId: dispute.id, externalId: externalId(dispute.id), creditMemoExternalId: externalId(dispute.id, '_cm'), amount: dispute.amount, memo: `Stripe dispute ${dispute.id} of charge ${row.chargeId}: funds withdrawn` });
    }
    const won = `${dispute.id}_won`;
    if (row.status === 'dispute won' && !done[won]) {
      steps.push({ kind: 'reinstatement', stripeId: won, externalId: externalId(dispute.id, '_won'), amount: dispute.amount, memo: `Stripe dispute ${dispute.id} of charge ${row.chargeId} won: funds reinstated` });
    }
  }
  return steps;
}

/** How a refund's amount is taken: first from what is left unapplied on the payment, the rest by a credit memo from the invoice it paid. */
export function refundSplit(amount: number, unappliedOnPayment: number): { fromPayment: number; fromCreditMemo: number } {
  const fromPayment = Math.min(amount, Math.max(0, unappliedOnPayment));
  return { fromPayment: round(fromPayment), fromCreditMemo: round(amount - fromPayment) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function parsePosted(text: unknown): Posted {
  try {
    const p = JSON.parse(String(text || 'null')) as Posted | null;
    return p && typeof p.done === 'object' && p.done ? p : { done: {} };
  } catch {
    return { done: {} };
  }
}

/** Why a step could not be posted, in words an accountant acts on. */
export class PostingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostingError';
  }
}

/** NetSuite's refusals of a transaction save, as what to do about them. */
export function describePostingFailure(e: unknown, what: string, customer: string, currencyCode: string, day: string): string {
  if (e instanceof PostingError) return e.message;
  const name = (e as { name?: string })?.name || '';
  const message = (e as { message?: string })?.message || String(e);
  if (name === 'INVALID_FLD_VALUE' && /currency/i.test(message)) {
    return `${what} was not posted: customer ${customer} has no ${currencyCode.toUpperCase()} currency in NetSuite. Add ${currencyCode.toUpperCase()} on the customer's Financial tab (Currencies); the next run of PayPack Payments Import posts it.`;
  }
  if (name === 'PERIOD_CLOSED' || /period/i.test(message)) {
    return `${what} was not posted: the accounting period of ${day} is closed to Accounts Receivable (${message}). Reopen it, or post it by hand in an open period and give that transaction the external id PayPack uses; the next run of PayPack Payments Import tries again.`;
  }
  return `${what} was not posted: NetSuite refused it (${name ? `${name}: ` : ''}${message}). The next run of PayPack Payments Import tries again.`;
}
