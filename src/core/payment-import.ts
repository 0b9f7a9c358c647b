/**
 * The payments job's plan: from what Stripe lists (past charges, and what each payout carries) and
 * what NetSuite already has, the payment rows to write. Nothing already right is written again, so
 * running it twice changes nothing, and charges recorded meanwhile by webhook events are updated,
 * never duplicated (the charge id is the row's external id).
 */
import type Stripe from 'stripe';
import { ChargeInvoices, idOf, keepDisputeOutcome, Movements, movementsText, PaymentRow, paymentRow } from './payments';

/** A payment row as NetSuite has it, read by the job's search. */
export interface KnownPayment {
  rowId: string;
  payoutRowId: string;
  /** `paymentState` of the row's values. */
  state: string;
  status: string;
  /** The Stripe invoice and the NetSuite invoice the row names ('' when none): they do not change, so they are kept. */
  invoiceId: string;
  nsInvoiceId: string;
  /** The refunds and dispute the row knows (a payout's listing does not read them). */
  movements?: Movements;
}

/** One write of the plan: create the row, or update it (rowId known). */
export interface PaymentWrite {
  row: PaymentRow;
  rowId?: string;
  /** The payout row carrying the charge, when known. */
  payoutRowId?: string;
  /** The charge's created time (epoch seconds): where the history import resumes if this write fails. */
  created: number;
}

type StateFields = Pick<PaymentRow, 'amount' | 'currency' | 'refunded' | 'fee' | 'net' | 'settleCurrency' | 'status' | 'failure' | 'method' | 'intentId' | 'invoiceId' | 'nsInvoiceId'> & { movements: unknown };

/** What a payment row says about its charge, comparable whether it came from Stripe or a search (numbers as text). */
export function paymentState(v: { [K in keyof StateFields]: unknown }): string {
  const num = (x: unknown) => (x === '' || x === null || x === undefined ? '' : Number(x));
  const text = (x: unknown) => String(x ?? '');
  return JSON.stringify([num(v.amount), text(v.currency), num(v.refunded), num(v.fee), num(v.net), text(v.settleCurrency), text(v.status), text(v.failure), text(v.method), text(v.intentId), text(v.invoiceId), text(v.nsInvoiceId), typeof v.movements === 'string' ? v.movements : movementsText(v.movements as Movements)]);
}

export interface ChargeSeen {
  charge: Stripe.Charge;
  /** The dispute, when the charge was read again for its dispute (its outcome is the dispute's, not the charge's). */
  dispute?: Pick<Stripe.Dispute, 'id' | 'amount' | 'currency' | 'status'>;
  /** The payout row that carries it, when a payout's contents listed it. */
  payoutRowId?: string;
}

export interface ImportPlan {
  writes: PaymentWrite[];
  /** Charges of Stripe customers no NetSuite customer of this config is linked to. */
  unlinked: string[];
  unchanged: number;
}

/**
 * The writes for one config. `customers`: Stripe customer id -> NetSuite customer id for the
 * config's account; `invoices`: payment intent id -> the Stripe invoice it paid. A charge carried by
 * a payout keeps the payout it has unless a listing says another.
 */
export function planPaymentWrites(configId: string, seen: Iterable<ChargeSeen>, known: Map<string, KnownPayment>, customers: Map<string, string>, readAt: number, invoices: Map<string, ChargeInvoices>): ImportPlan {
  const plan: ImportPlan = { writes: [], unlinked: [], unchanged: 0 };
  for (const { charge, payoutRowId, dispute } of seen) {
    const customerId = charge.customer ? customers.get(idOf(charge.customer)) : undefined;
    const have = known.get(charge.id);
    if (!customerId && !have) { plan.unlinked.push(charge.id); continue; }
    const found = invoices.get(idOf(charge.payment_intent));
    const invoice = { stripeInvoiceId: have?.invoiceId || found?.stripeInvoiceId || '', nsInvoiceId: have?.nsInvoiceId || found?.nsInvoiceId || '' };
    const row = keepDisputeOutcome(paymentRow(charge, customerId || '', configId, readAt, invoice, dispute, have?.movements), have?.status);
    const payout = payoutRowId || have?.payoutRowId || undefined;
    if (have && have.state === paymentState(row) && (have.payoutRowId || undefined) === payout) { plan.unchanged++; continue; }
    plan.writes.push({ row, created: charge.created, ...(have ? { rowId: have.rowId } : {}), ...(payout ? { payoutRowId: payout } : {}) });
  }
  return plan;
}

/** Merge what the history listing and the payouts' listings saw of each charge (a payout's listing names its payout). */
export function mergeSeen(history: Stripe.Charge[], carried: ChargeSeen[], readAgain: ChargeSeen[] = []): ChargeSeen[] {
  const byId = new Map<string, ChargeSeen>();
  for (const c of carried) byId.set(c.charge.id, c);
  // a charge read again on its own (with its refunds, or its dispute) is the newest read of it
  for (const c of readAgain) {
    const prior = byId.get(c.charge.id);
    byId.set(c.charge.id, { ...c, ...(prior?.payoutRowId ? { payoutRowId: prior.payoutRowId } : {}) });
  }
  for (const charge of history) {
    const prior = byId.get(charge.id);
    byId.set(charge.id, { charge, ...(prior?.payoutRowId ? { payoutRowId: prior.payoutRowId } : {}) });
  }
  return [...byId.values()];
}
