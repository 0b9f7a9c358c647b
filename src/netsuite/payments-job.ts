/** The NetSuite side of the payments job (PayPack Payments Import): its ports, and the progress summarize saves. */
import * as cache from 'N/cache';
import * as log from 'N/log';
import { PayPackConfig } from '../core/config';
import { paymentWrites, PaymentsJobPorts, PaymentsWork, Progress } from '../core/payments-job';
import { Listed } from '../core/payouts';
import { historyState, knownPayments, linkedCustomers, setHistoryState } from './payment-import';
import { payoutsOnFile, payoutState, savePayoutListing, writePayout } from './payouts';
import { stripeClient } from './stripe';
import { writeSyncLog } from './sync-records';

const CACHE = { name: 'paypack_payments', scope: cache.Scope.PROTECTED };
const MORE_KEY = 'more';

/** What stopped a listing, said once per config and listing in the sync log, and whether to carry on at once. */
function noteStop(config: PayPackConfig, what: string, listed: Listed<unknown>): void {
  if (!listed.stopped) return;
  if (listed.stopped === 'governance') {
    carryOnSoon();
    return;
  }
  const e = listed.stopped;
  writeSyncLog({
    source: 'payments', configId: config.id, outcome: 'failed',
    message: `Stripe answered ${e.status || 'nothing'} while PayPack Payments Import listed ${what} of PayPack Config ${config.name}: ${e.message.replace(/\.$/, '')}. What was listed is recorded; the next run of PayPack Payments Import carries on from there.`,
  });
}

/** Work stopped for governance: summarize submits the next run at once (a Stripe failure waits for the schedule instead). */
export function carryOnSoon(): void {
  cache.getCache(CACHE).put({ key: MORE_KEY, value: 'governance', ttl: 3600 });
}

/** The payments job's work for one config, on N/* (one Stripe client, no waits between retries). */
export function importPlan(config: PayPackConfig, configs: PayPackConfig[], canAffordPage: () => boolean): PaymentsWork {
  const ports: PaymentsJobPorts = {
    // no waits between retries in a map/reduce: a Stripe failure is picked up by the next run
    stripe: stripeClient(config.secretId, { maxRetries: 0 }),
    canAffordPage,
    now: () => Date.now(),
    history: () => historyState(config.id),
    payoutsOnFile: () => payoutsOnFile(config.id),
    writePayout,
    payoutState,
    knownPayments: () => knownPayments(config.id),
    linkedCustomers: () => linkedCustomers(config, configs),
    listingStopped: (what, listed) => noteStop(config, what, listed),
    noteCounts: (text) => log.audit({ title: `PayPack payments: config ${config.id}`, details: text }),
  };
  return paymentWrites(ports, config.id);
}

/** Save a run's progress (summarize, after the writes it stands for). */
export function saveProgress(p: Progress): void {
  if (p.kind === 'payout') savePayoutListing(p.rowId, p.currency, p.tally, p.complete);
  else setHistoryState(p.configId, p.complete ? { doneText: p.fromText, before: '' } : { before: p.before });
}

/** Did this run's input stop for governance (so the next run should start at once)? Asks once. */
export function stoppedForGovernance(): boolean {
  const c = cache.getCache(CACHE);
  const more = c.get({ key: MORE_KEY }) === 'governance';
  if (more) c.remove({ key: MORE_KEY });
  return more;
}
