/**
 * The payments job's input for one config (PayPack Payments Import): payout rows for its payouts,
 * what each payout not listed yet carries, and its past charges from the history date (until that
 * date's import is done), turned into the payment row writes the map stage makes.
 *
 * Progress (a payout listed, the history cursor moved) is not written here: it travels with the
 * writes and is saved by summarize only once every write it stands for is made. A stage that
 * fails or is restarted by NetSuite therefore loses nothing and skips nothing.
 */
import type Stripe from 'stripe';
import { StripeClient } from './stripe/client';
import { ChargeInvoices, CHARGE_EXPAND, currentCharge, invoicesOfPayment, retrieveCharge } from './payments';
import { ChargeSeen, KnownPayment, mergeSeen, PaymentWrite, planPaymentWrites } from './payment-import';
import { addToTally, carriedCharges, carriedMovements, ChargeMovement, contentsOf, currentPayouts, EMPTY_TALLY, listAll, Listed, listPayoutContents, PAYOUT_CONTENTS, PayoutRow, payoutRow, PayoutTally } from './payouts';

export { PAYOUT_CONTENTS };

export interface PayoutOnFile { rowId: string; payoutId: string; currency: string; contents: string; state: string; tally: PayoutTally }

export interface HistoryState {
  /** The date the admin set (as the user's date text), '' when none. */
  fromText: string;
  /** Epoch seconds of that date's start. */
  fromEpoch: number;
  /** The date whose import finished ('' if none yet). */
  doneText: string;
  /** Charges created up to this time (epoch seconds) are still to list; '' = up to now. */
  before: number | '';
}

/** Progress a run made, saved by summarize once the writes behind it succeeded. */
export type Progress =
  | { kind: 'payout'; configId: string; rowId: string; currency: string; tally: PayoutTally; complete: boolean }
  | { kind: 'history'; configId: string; fromText: string; fromEpoch: number; before: number | ''; complete: boolean };

export interface PaymentsJobPorts {
  stripe: StripeClient;
  /** Is there units enough for one more list page? */
  canAffordPage(): boolean;
  now(): number;
  history(): HistoryState;
  payoutsOnFile(): Map<string, PayoutOnFile>;
  /** Create or update a payout row (`contents`: what a new row starts as); `known` when the row and its state were read already. */
  writePayout(row: PayoutRow, contents: string, known?: { rowId: string; state: string }): { rowId: string };
  payoutState(row: PayoutRow): string;
  knownPayments(): Map<string, KnownPayment>;
  /** Stripe customer id -> NetSuite customer id in the config's account. */
  linkedCustomers(): Map<string, string>;
  /** A listing stopped early: for governance (carry on at once) or Stripe's error (tell the admin). */
  listingStopped(what: string, listed: Listed<unknown>): void;
  noteCounts(text: string): void;
}

export interface PaymentsWork { writes: PaymentWrite[]; progress: Progress[] }

export function paymentWrites(ports: PaymentsJobPorts, configId: string): PaymentsWork {
  const stop = (what: string, listed: Listed<unknown>) => { if (!listed.complete) ports.listingStopped(what, listed); };
  // everything below is read from Stripe after this instant: a row written later by an event is newer
  const readAt = ports.now();
  const history = ports.history();
  const wantHistory = !!history.fromText && history.fromText !== history.doneText;
  const onFile = ports.payoutsOnFile();
  const progress: Progress[] = [];
  let payoutsComplete = true;
  const read = new Map<string, Stripe.Payout>();

  if (wantHistory) {
    // payouts are few (about one a day per currency): list them all from the date
    const listed = listAll<Stripe.Payout>(ports.stripe, '/v1/payouts', { created: { gte: history.fromEpoch } }, ports.canAffordPage);
    stop('payouts', listed);
    payoutsComplete = listed.complete;
    for (const po of listed.items) {
      read.set(po.id, po);
      const row = payoutRow(po, configId);
      const have = onFile.get(po.id);
      const w = ports.writePayout(row, contentsOf(po), have ? { rowId: have.rowId, state: have.state } : undefined);
      if (!have) onFile.set(po.id, { rowId: w.rowId, payoutId: po.id, currency: po.currency, contents: contentsOf(po), state: ports.payoutState(row), tally: EMPTY_TALLY });
    }
  }

  // a payout Stripe was still reconciling is listed once Stripe has finished (its listing is short before)
  const reconciling = [...onFile.values()].filter((po) => po.contents === PAYOUT_CONTENTS.reconciling);
  const unread = reconciling.filter((po) => !read.has(po.payoutId)).map((po) => po.payoutId);
  if (unread.length) {
    const listed = currentPayouts(ports.stripe, unread, ports.canAffordPage);
    stop('payouts Stripe was reconciling', listed);
    for (const po of listed.items) read.set(po.id, po);
  }
  for (const po of reconciling) if (read.get(po.payoutId)?.reconciliation_status === 'completed') po.contents = PAYOUT_CONTENTS.pending;

  const carried: ChargeSeen[] = [];
  const moved: ChargeMovement[] = [];
  for (const po of onFile.values()) {
    if (po.contents !== PAYOUT_CONTENTS.pending) continue;
    // a listing stopped part-way by an earlier run carries on after the last transaction it saved
    const listing = listPayoutContents(ports.stripe, po.payoutId, ports.canAffordPage, po.tally.after);
    stop(`what payout ${po.payoutId} carries`, listing);
    if (!listing.items.length && !listing.complete) continue;
    progress.push({ kind: 'payout', configId, rowId: po.rowId, currency: po.currency, tally: addToTally(po.tally, listing.items), complete: listing.complete });
    for (const charge of carriedCharges(listing.items)) carried.push({ charge, payoutRowId: po.rowId });
    moved.push(...carriedMovements(listing.items));
  }

  let charges: Stripe.Charge[] = [];
  if (wantHistory) {
    const created: Record<string, number> = { gte: history.fromEpoch };
    if (history.before !== '') created.lte = history.before; // resume where the last run stopped
    const listed = listAll<Stripe.Charge>(ports.stripe, '/v1/charges', { created, expand: CHARGE_EXPAND.map((e) => `data.${e}`) }, ports.canAffordPage);
    stop('charges', listed);
    charges = listed.items;
    const complete = listed.complete && payoutsComplete;
    if (complete || charges.length) {
      progress.push({ kind: 'history', configId, fromText: history.fromText, fromEpoch: history.fromEpoch, before: complete ? '' : charges[charges.length - 1].created, complete });
    }
  }

  if (!charges.length && !carried.length && !moved.length) return { writes: [], progress };
  const known = ports.knownPayments();
  const seen = mergeSeen(charges, withIntents(ports, carried, charges, known), readAgain(ports, moved, known));
  if (!seen.length) return { writes: [], progress };
  const invoices = invoicesOfNewCharges(ports, seen, known);
  const plan = planPaymentWrites(configId, seen, known, ports.linkedCustomers(), readAt, invoices);
  ports.noteCounts(`${seen.length} charges seen, ${plan.writes.length} to write, ${plan.unchanged} unchanged, ${plan.unlinked.length} of Stripe customers not linked to a NetSuite customer (not recorded)`);
  return { writes: plan.writes, progress };
}

/**
 * A charge PayPack first sees in a payout's listing (its own events lost) comes without its payment
 * intent, whose metadata names the NetSuite invoice it pays (Pay by card, Charge Card, Autopay). Such
 * charges are listed again with their payment intents, one call per 100 charges of their time span,
 * so the books apply them to that invoice instead of leaving them as the customer's credit.
 */
function withIntents(ports: PaymentsJobPorts, carried: ChargeSeen[], history: Stripe.Charge[], known: Map<string, KnownPayment>): ChargeSeen[] {
  const inHistory = new Set(history.map((c) => c.id));
  const fresh = carried.filter((c) => !known.has(c.charge.id) && !inHistory.has(c.charge.id) && typeof c.charge.payment_intent === 'string');
  if (!fresh.length) return carried;
  const times = fresh.map((c) => c.charge.created);
  const listed = listAll<Stripe.Charge>(ports.stripe, '/v1/charges', { created: { gte: Math.min(...times), lte: Math.max(...times) }, expand: CHARGE_EXPAND.map((e) => `data.${e}`) }, ports.canAffordPage);
  if (!listed.complete) ports.listingStopped('charges first seen in a payout', listed);
  const freshIds = new Set(fresh.map((c) => c.charge.id));
  const read = new Map(listed.items.filter((c) => freshIds.has(c.id)).map((c) => [c.id, c]));
  return carried.map((c) => { const again = read.get(c.charge.id); return again ? { ...c, charge: again } : c; });
}

/**
 * A refund or dispute a payout carries that the charge's row does not know (its event was lost): the
 * charge is read again, with its refunds (or the dispute with its charge), one call each, so the row
 * and the books catch up. Charges without a row (not linked, before PayPack) have nothing to catch up.
 */
function readAgain(ports: PaymentsJobPorts, moved: ChargeMovement[], known: Map<string, KnownPayment>): ChargeSeen[] {
  const out = new Map<string, ChargeSeen>();
  for (const m of moved) {
    const have = known.get(m.chargeId);
    if (!have || out.has(m.chargeId)) continue;
    const knows = m.refundId ? (have.movements?.refunds ?? []).some((r) => r.id === m.refundId) : have.movements?.dispute?.id === m.disputeId;
    if (knows) continue;
    // out of units: the rest is not read again (their payout is listed once); the history import still catches them
    if (!ports.canAffordPage()) break;
    const read = m.disputeId ? currentCharge(ports.stripe, 'charge.dispute.funds_withdrawn', m.disputeId, m.chargeId) : { charge: retrieveCharge(ports.stripe, m.chargeId) };
    out.set(m.chargeId, { charge: read.charge, ...(read.dispute ? { dispute: read.dispute } : {}) });
  }
  return [...out.values()];
}

/**
 * The Stripe invoice each new charge paid (payment intent id -> invoice id): a charge with no row yet
 * (its events lost, or before PayPack), whose `invoice_payment.paid` may be lost too. Stripe's paid
 * invoice payments, newest first, down to a day before the oldest new charge (one call per 100),
 * instead of one call per charge. A charge on file has its invoice from `invoice_payment.paid`.
 */
function invoicesOfNewCharges(ports: PaymentsJobPorts, seen: ChargeSeen[], known: Map<string, KnownPayment>): Map<string, ChargeInvoices> {
  const out = new Map<string, ChargeInvoices>();
  const fresh = seen.filter((s) => !known.has(s.charge.id) && s.charge.payment_intent && s.charge.status === 'succeeded' && s.charge.captured);
  if (!fresh.length) return out;
  const oldest = Math.min(...fresh.map((s) => s.charge.created)) - 86400;
  const listed = listAll<Stripe.InvoicePayment>(ports.stripe, '/v1/invoice_payments', { status: 'paid', expand: ['data.invoice'] }, ports.canAffordPage, { olderThan: (p) => p.created < oldest });
  if (!listed.complete) ports.listingStopped('invoice payments', listed);
  for (const p of listed.items) {
    const paid = invoicesOfPayment(p);
    if (paid.intentId) out.set(paid.intentId, paid.invoices);
  }
  return out;
}

/** A payment row write that failed in the map stage (what its map key says). */
export interface FailedWrite { configId: string; payoutRowId: string; chargeId: string; created: number }

/** The map key of a write: what summarize needs to know of it if it fails. */
export function writeKey(configId: string, w: PaymentWrite): string {
  return `w:${configId}:${w.payoutRowId || ''}:${w.row.chargeId}:${w.created}`;
}

export function failedWrite(key: string): FailedWrite | undefined {
  const [kind, configId, payoutRowId, chargeId, created] = key.split(':');
  return kind === 'w' ? { configId, payoutRowId, chargeId, created: Number(created) || 0 } : undefined;
}

/**
 * The progress to save after the map stage: a payout's listing only if every charge it carries was
 * written (else it is listed again from where it was); the history cursor moves only past charges
 * that were written: with a failure it resumes at the newest failed charge, which the next run lists again.
 */
export function progressToSave(progress: Progress[], failed: FailedWrite[]): Progress[] {
  return progress.flatMap((p): Progress[] => {
    if (p.kind === 'payout') return failed.some((f) => f.configId === p.configId && f.payoutRowId === p.rowId) ? [] : [p];
    const mine = failed.filter((f) => f.configId === p.configId && f.created >= p.fromEpoch);
    if (!mine.length) return [p];
    return [{ ...p, complete: false, before: Math.max(...mine.map((f) => f.created)) }];
  });
}
