/**
 * The payments job's input for one config (PayPack Payments Import): payout rows for its payouts,
 * what each payout not listed yet carries, and its past charges from the history date, turned into
 * the payment row writes the map stage makes.
 */
import * as cache from 'N/cache';
import * as log from 'N/log';
import * as record from 'N/record';
import { PayPackConfig } from '../core/config';
import { CONFIG, PAYOUT_CONTENTS, RECORD } from '../core/ids';
import { ChargeSeen, mergeSeen, PaymentWrite, planPaymentWrites } from '../core/payment-import';
import { StripeCharge } from '../core/payments';
import { carriedCharges, listAll, Listed, listPayoutContents, payoutContents, payoutRow, StripePayout } from '../core/payouts';
import { historyState, knownPayments, linkedCustomers, setHistoryState } from './payment-import';
import { payoutsOnFile, payoutState, writePayout, writePayoutContents } from './payouts';
import { stripeClient } from './stripe';
import { writeSyncLog } from './sync-records';

const CACHE = { name: 'paypack_payments', scope: cache.Scope.PROTECTED };
const MORE_KEY = 'more';

/** What stopped a listing, said once per config and listing in the sync log, and whether to carry on at once. */
function noteStop(config: PayPackConfig, what: string, listed: Listed<unknown>): void {
  if (listed.complete || !listed.stopped) return;
  if (listed.stopped === 'governance') {
    // summarize submits the next run at once (a Stripe failure waits for the schedule instead)
    cache.getCache(CACHE).put({ key: MORE_KEY, value: 'governance', ttl: 3600 });
    return;
  }
  const e = listed.stopped;
  writeSyncLog({
    source: 'payments', configId: config.id, outcome: 'failed',
    message: `Stripe answered ${e.status || 'nothing'} while PayPack Payments Import listed ${what} of PayPack Config ${config.name}: ${e.message.replace(/\.$/, '')}. What was listed is recorded; the next run of PayPack Payments Import carries on.`,
  });
}

export function importPlan(config: PayPackConfig, configs: PayPackConfig[], canAffordPage: () => boolean): PaymentWrite[] {
  // no waits between retries in a map/reduce: a Stripe failure is picked up by the next run
  const stripe = stripeClient(config.secretId, { maxRetries: 0 });
  // everything below is read from Stripe after this instant: a row written later by an event is newer
  const readAt = Date.now();
  const history = historyState(config.id);
  const wantHistory = !!history.fromText && history.fromText !== history.doneText;
  const onFile = payoutsOnFile(config.id);
  let historyComplete = true;

  if (wantHistory) {
    // payouts are few (about one a day per currency): list them all from the date
    const listed = listAll<StripePayout>(stripe, '/v1/payouts', { created: { gte: history.fromEpoch } }, canAffordPage);
    noteStop(config, 'payouts', listed);
    historyComplete = listed.complete;
    for (const po of listed.items) {
      const row = payoutRow(po, config.id);
      const have = onFile.get(po.id);
      const w = writePayout(row, po.automatic !== false, have ? { rowId: have.rowId, state: have.state } : undefined);
      if (!have) onFile.set(po.id, { rowId: w.rowId, payoutId: po.id, currency: po.currency, contents: po.automatic !== false ? PAYOUT_CONTENTS.pending : PAYOUT_CONTENTS.manual, state: payoutState(row) });
    }
  }

  const carried: ChargeSeen[] = [];
  for (const po of onFile.values()) {
    if (po.contents !== PAYOUT_CONTENTS.pending) continue;
    const listing = listPayoutContents(stripe, po.payoutId, canAffordPage);
    noteStop(config, `what payout ${po.payoutId} carries`, listing);
    if (!listing.complete) continue; // stays pending: the next run lists it whole
    writePayoutContents(po.rowId, payoutContents(listing.items, po.currency));
    for (const charge of carriedCharges(listing.items)) carried.push({ charge, payoutRowId: po.rowId });
  }

  let charges: StripeCharge[] = [];
  if (wantHistory) {
    const created: Record<string, number> = { gte: history.fromEpoch };
    if (history.before !== '') created.lte = history.before; // resume where the last run stopped
    const listed = listAll<StripeCharge>(stripe, '/v1/charges', { created, expand: ['data.balance_transaction'] }, canAffordPage);
    noteStop(config, 'charges', listed);
    charges = listed.items;
    if (listed.complete && historyComplete) setHistoryState(config.id, { doneText: history.fromText, before: '' });
    else if (charges.length) setHistoryState(config.id, { before: charges[charges.length - 1].created });
  }

  const seen = mergeSeen(charges, carried);
  if (!seen.length) return [];
  const plan = planPaymentWrites(config.id, seen, knownPayments(config.id), linkedCustomers(config, configs), readAt);
  log.audit({
    title: `PayPack payments: config ${config.id}`,
    details: `${seen.length} charges seen, ${plan.writes.length} to write, ${plan.unchanged} unchanged, ${plan.unlinked.length} of Stripe customers not linked to a NetSuite customer (not recorded)`,
  });
  return plan.writes;
}

/** Payouts whose charges could not all be written: listed again by the next run. */
export function relistPayouts(rowIds: string[]): void {
  for (const id of rowIds) writePayoutContents(id, undefined);
}

/** Configs with a charge that could not be written: their history is walked again by the next run. */
export function reopenHistory(configIds: string[]): void {
  for (const id of configIds) record.submitFields({ type: RECORD.config, id, values: { [CONFIG.historyDone]: '' } });
}

/** Did this run's input stop for governance (so the next run should start at once)? Asks once. */
export function stoppedForGovernance(): boolean {
  const c = cache.getCache(CACHE);
  const more = c.get({ key: MORE_KEY }) === 'governance';
  if (more) c.remove({ key: MORE_KEY });
  return more;
}
