/**
 * The payments job's input for one config (PayPack Payments Import): payout rows for its payouts,
 * what each payout not listed yet carries, and its past charges from the history date (until that
 * date's import is done), turned into the payment row writes the map stage makes.
 */
import { StripeClient } from './stripe/client';
import { ChargeSeen, KnownPayment, mergeSeen, PaymentWrite, planPaymentWrites } from './payment-import';
import { StripeCharge } from './payments';
import { carriedCharges, listAll, Listed, listPayoutContents, PayoutContents, payoutContents, PayoutRow, payoutRow, StripePayout } from './payouts';

/** Where a payout row stands with listing what it carries. */
export const PAYOUT_CONTENTS = { pending: 'pending', listed: 'listed', manual: 'not listed: manual payout' } as const;

export interface PayoutOnFile { rowId: string; payoutId: string; currency: string; contents: string; state: string }

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

export interface PaymentsJobPorts {
  stripe: StripeClient;
  /** Is there units enough for one more list page? */
  canAffordPage(): boolean;
  now(): number;
  history(): HistoryState;
  setHistory(values: { doneText?: string; before?: number | '' }): void;
  payoutsOnFile(): Map<string, PayoutOnFile>;
  /** Create or update a payout row; `known` when the row and its state were read already. */
  writePayout(row: PayoutRow, contentsListable: boolean, known?: { rowId: string; state: string }): { rowId: string };
  payoutState(row: PayoutRow): string;
  writePayoutContents(rowId: string, contents: PayoutContents): void;
  knownPayments(): Map<string, KnownPayment>;
  /** Stripe customer id -> NetSuite customer id in the config's account. */
  linkedCustomers(): Map<string, string>;
  /** A listing stopped early: for governance (carry on at once) or Stripe's error (tell the admin). */
  listingStopped(what: string, listed: Listed<unknown>): void;
  noteCounts(text: string): void;
}

export function paymentWrites(ports: PaymentsJobPorts, configId: string): PaymentWrite[] {
  const stop = (what: string, listed: Listed<unknown>) => { if (!listed.complete) ports.listingStopped(what, listed); };
  // everything below is read from Stripe after this instant: a row written later by an event is newer
  const readAt = ports.now();
  const history = ports.history();
  const wantHistory = !!history.fromText && history.fromText !== history.doneText;
  const onFile = ports.payoutsOnFile();
  let payoutsComplete = true;

  if (wantHistory) {
    // payouts are few (about one a day per currency): list them all from the date
    const listed = listAll<StripePayout>(ports.stripe, '/v1/payouts', { created: { gte: history.fromEpoch } }, ports.canAffordPage);
    stop('payouts', listed);
    payoutsComplete = listed.complete;
    for (const po of listed.items) {
      const row = payoutRow(po, configId);
      const listable = po.automatic !== false; // Stripe lists what a payout carries for automatic payouts only
      const have = onFile.get(po.id);
      const w = ports.writePayout(row, listable, have ? { rowId: have.rowId, state: have.state } : undefined);
      if (!have) onFile.set(po.id, { rowId: w.rowId, payoutId: po.id, currency: po.currency, contents: listable ? PAYOUT_CONTENTS.pending : PAYOUT_CONTENTS.manual, state: ports.payoutState(row) });
    }
  }

  const carried: ChargeSeen[] = [];
  for (const po of onFile.values()) {
    if (po.contents !== PAYOUT_CONTENTS.pending) continue;
    const listing = listPayoutContents(ports.stripe, po.payoutId, ports.canAffordPage);
    stop(`what payout ${po.payoutId} carries`, listing);
    if (!listing.complete) continue; // stays pending: a later run lists it whole
    ports.writePayoutContents(po.rowId, payoutContents(listing.items, po.currency));
    for (const charge of carriedCharges(listing.items)) carried.push({ charge, payoutRowId: po.rowId });
  }

  let charges: StripeCharge[] = [];
  if (wantHistory) {
    const created: Record<string, number> = { gte: history.fromEpoch };
    if (history.before !== '') created.lte = history.before; // resume where the last run stopped
    const listed = listAll<StripeCharge>(ports.stripe, '/v1/charges', { created, expand: ['data.balance_transaction'] }, ports.canAffordPage);
    stop('charges', listed);
    charges = listed.items;
    if (listed.complete && payoutsComplete) ports.setHistory({ doneText: history.fromText, before: '' });
    else if (charges.length) ports.setHistory({ before: charges[charges.length - 1].created });
  }

  const seen = mergeSeen(charges, carried);
  if (!seen.length) return [];
  const plan = planPaymentWrites(configId, seen, ports.knownPayments(), ports.linkedCustomers(), readAt);
  ports.noteCounts(`${seen.length} charges seen, ${plan.writes.length} to write, ${plan.unchanged} unchanged, ${plan.unlinked.length} of Stripe customers not linked to a NetSuite customer (not recorded)`);
  return plan.writes;
}
