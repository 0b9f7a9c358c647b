/**
 * The payments job (PayPack Payments Import) when NetSuite stops or restarts a stage part-way, when
 * one config cannot be read, and when a listing is larger than one run: progress is saved only once
 * what it stands for is written, so nothing is skipped and nothing is lost.
 */
import * as record from 'N/record';
import { CONFIG, PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver, webhookWorld, WebhookWorld } from '../webhook/setup';
import { syncLogRows } from '../sync/setup';
import { linkedCustomer, paymentOf, paymentRows, payoutOf, runPaymentsJob } from './setup';

let w: WebhookWorld;
let ann: { customerId: number; stripeId: string };
beforeEach(() => {
  w = webhookWorld();
  ann = linkedCustomer(w, 'Ann Co');
});

const DAY = 86400;
const lastEvent = (type: string) => w.stripe.store().events.filter((e) => e.type === type).pop()!;

/** Three charges whose events were lost, then a payout of them whose event arrived. */
function paidOutCharges() {
  const charges = [0, 1, 2].map((i) => w.stripe.seedCharge(ann.stripeId, { amount: 1000 + i, currency: 'usd' }));
  advance(w, DAY);
  const payout = w.stripe.payOut('usd')!;
  deliver(w, lastEvent('payout.paid'));
  return { charges, payout };
}

function expectAllLinked(charges: Array<Record<string, unknown>>, payoutId: unknown) {
  const row = payoutOf(w, payoutId)!;
  expect(row).toMatchObject({ [PAYOUT.contents]: 'listed', [PAYOUT.count]: 3, [PAYOUT.gross]: 30.03 });
  for (const c of charges) expect(paymentOf(w, c.id)).toMatchObject({ [PAYMENT.payout]: row.id, [PAYMENT.customer]: String(ann.customerId) });
}

test('NetSuite restarts the input stage after it listed a payout: the restarted stage lists it again, and every charge points to it', () => {
  const { charges, payout } = paidOutCharges();
  // 40 units in: after the payout's balance transactions were read (37), before anything was written
  const run = runPaymentsJob(w, { interrupt: { stage: 'getInputData', afterUnits: 40, restart: true } });
  expect([run.inputError, run.mapErrors]).toEqual([undefined, []]);
  expect(w.stripe.calls.filter((c) => c.path === '/v1/balance_transactions')).toHaveLength(2);
  expectAllLinked(charges, payout.id);
});

test('the input stage fails after it listed a payout: nothing is marked listed, and the next run does it all', () => {
  const { charges, payout } = paidOutCharges();
  const failed = runPaymentsJob(w, { interrupt: { stage: 'getInputData', afterUnits: 40, restart: false } });
  expect(failed.inputError).toContain('NetSuite stopped');
  expect(payoutOf(w, payout.id)).toMatchObject({ [PAYOUT.contents]: 'pending' });
  expect(paymentRows(w)).toEqual([]);
  const next = runPaymentsJob(w);
  expect([next.inputError, next.mapErrors]).toEqual([undefined, []]);
  expectAllLinked(charges, payout.id);
});

test('a map write fails for good in one run: its payout stays pending and the next run links it; a restarted map key writes once', () => {
  const { charges, payout } = paidOutCharges();
  const target = String(charges[1].id);
  // both tries of that charge's write are stopped
  const failed = runPaymentsJob(w, { interrupt: { stage: 'map', key: (k) => k.includes(`:${target}:`), afterUnits: 1, restart: false, times: 2 } });
  expect(failed.mapErrors.map((e) => e.key)).toEqual([expect.stringContaining(target), expect.stringContaining(target)]);
  expect(payoutOf(w, payout.id)).toMatchObject({ [PAYOUT.contents]: 'pending' });
  expect(paymentOf(w, target)).toBeUndefined();
  expect(syncLogRows(w).some((r) => String(r.custrecord_pp_sl_message).startsWith(`Charge ${target} was not recorded`))).toBe(true);
  const next = runPaymentsJob(w, { interrupt: { stage: 'map', key: (k) => k.includes(`:${target}:`), afterUnits: 3, restart: true } });
  expect(next.mapErrors).toEqual([]);
  expectAllLinked(charges, payout.id);
  expect(paymentRows(w)).toHaveLength(3);
});

test('NetSuite restarts summarize: the progress is saved once, and a run after it has nothing to do', () => {
  const { charges, payout } = paidOutCharges();
  const run = runPaymentsJob(w, { interrupt: { stage: 'summarize', afterUnits: 2, restart: true } });
  expect([run.inputError, run.mapErrors, run.summarizeError]).toEqual([undefined, [], undefined]);
  expectAllLinked(charges, payout.id);
  const again = runPaymentsJob(w);
  expect([again.input.length, again.stripeCalls]).toEqual([0, 0]);
});

test('a second config whose API secret the job may not use: the first config\'s payout is still listed, and the admin reads which config and why', () => {
  const { charges, payout } = paidOutCharges();
  record.submitFields({ type: RECORD.config, id: w.europeConfig, values: { [CONFIG.secret]: 'custsecret_pp_not_allowed', [CONFIG.historyFrom]: '1/1/2026' } });
  const run = runPaymentsJob(w);
  expect([run.inputError, run.mapErrors]).toEqual([undefined, []]);
  expectAllLinked(charges, payout.id);
  const log = syncLogRows(w).find((r) => r.custrecord_pp_sl_config === String(w.europeConfig))!;
  expect(log.custrecord_pp_sl_message).toMatch(/^PayPack Payments Import could not read PayPack Config Europe Stripe: The API secret custsecret_pp_not_allowed named by the PayPack Config cannot be used: .*Nothing of it was marked done: the next run tries again\.$/);
  expect(String(log.custrecord_pp_sl_message)).not.toContain('sk_');
});

test('a write that failed in a history run stopped for governance is listed again and written by the next run', () => {
  for (let i = 0; i < 300; i++) {
    w.stripe.seedCharge(ann.stripeId, { amount: 500 + i, currency: 'usd' });
    advance(w, 600);
  }
  record.submitFields({ type: RECORD.config, id: w.parentConfig, values: { [CONFIG.historyFrom]: new Date(w.account.now().getTime() - 30 * DAY * 1000).toLocaleDateString('en-US', { timeZone: 'America/Los_Angeles' }) } });
  // as if the history were far longer: each page of charges leaves the input stage 4,500 units poorer
  const costly = () => { w.stripe.onRequest = (req) => { if (req.url.includes('/v1/charges?')) w.account.charge(4500, 'a history far longer than this one'); }; };
  costly();
  // the 150th newest charge: on the second page, which the first run lists before it stops
  const newestFirst = [...w.stripe.store().charges.values()].sort((a, b) => Number(b.created) - Number(a.created));
  const target = String(newestFirst[150].id);
  const first = runPaymentsJob(w, { interrupt: { stage: 'map', key: (k) => k.includes(`:${target}:`), afterUnits: 1, restart: false, times: 2 } });
  expect(paymentRows(w)).toHaveLength(199);
  expect(paymentOf(w, target)).toBeUndefined();
  const cfg = () => w.account.get(RECORD.config, w.parentConfig).fields;
  // the cursor waits at the failed charge, so the next run lists it again
  expect(cfg()[CONFIG.historyBefore]).toBe(Number(newestFirst[150].created));
  expect(first.mapErrors.length).toBe(2);
  // a failed write does not ask for the next run at once: the schedule retries it
  expect(w.account.submittedTasks).toEqual([]);
  costly();
  runPaymentsJob(w);
  w.stripe.onRequest = undefined;
  runPaymentsJob(w);
  expect(paymentOf(w, target)).toMatchObject({ [PAYMENT.customer]: String(ann.customerId), [PAYMENT.amount]: Number(newestFirst[150].amount) / 100 });
  expect(paymentRows(w)).toHaveLength(300);
  expect(cfg()[CONFIG.historyDone]).toEqual(expect.any(Date));
});

test('a payout larger than one run can list carries on where the last run stopped, and its sums end exact', () => {
  // 450 charges and 30 refunds: 481 balance transactions, five pages
  const charges = Array.from({ length: 450 }, (_, i) => w.stripe.seedCharge(ann.stripeId, { amount: 1000 + i * 7, currency: 'usd' }));
  for (let i = 0; i < 30; i++) w.stripe.refundCharge(String(charges[i * 15].id), 250);
  advance(w, DAY);
  const payout = w.stripe.payOut('usd')!;
  deliver(w, lastEvent('payout.paid'));
  // each page of the payout's contents leaves the input stage 4,500 units poorer: two pages a run
  w.stripe.onRequest = (req) => { if (req.url.includes('/v1/balance_transactions?')) w.account.charge(4500, 'a busy account'); };
  const pagesOf = [] as number[];
  for (let run = 0; run < 3; run++) {
    const before = w.stripe.calls.length;
    const job = runPaymentsJob(w);
    expect(job.mapErrors).toEqual([]);
    const pages = w.stripe.calls.slice(before).filter((c) => c.path === '/v1/balance_transactions');
    pagesOf.push(pages.length);
    // never from page one again: every run after the first starts after the last transaction saved
    if (run > 0) expect(pages.every((c) => typeof c.params.starting_after === 'string')).toBe(true);
  }
  w.stripe.onRequest = undefined;
  expect(pagesOf).toEqual([2, 2, 1]);
  const row = payoutOf(w, payout.id)!;
  expect(row).toMatchObject({ [PAYOUT.contents]: 'listed', [PAYOUT.count]: 450, [PAYOUT.refundCount]: 30, [PAYOUT.refunds]: 75, [PAYOUT.cursor]: '' });
  const sum = Number(row[PAYOUT.gross]) - Number(row[PAYOUT.refunds]) - Number(row[PAYOUT.fees]) + Number(row[PAYOUT.other]);
  expect(Math.round(sum * 100)).toBe(Number(payout.amount));
  expect(paymentRows(w).filter((p) => p[PAYMENT.payout] === row.id)).toHaveLength(450);
});
