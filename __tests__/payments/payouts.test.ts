/**
 * Payouts: payout.paid / payout.failed through the webhook Suitelet, and the payments job listing
 * what each payout carries, so the accountant can tick the bank line against its charges.
 */
import * as search from 'N/search';
import { PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver, eventRows, retryEvents, webhookWorld, WebhookWorld, answerOf } from '../webhook/setup';
import { linkedCustomer, paymentOf, paymentRows, payoutOf, payoutRows, runPaymentsJob } from './setup';

let w: WebhookWorld;
let ann: { customerId: number; stripeId: string };
let bob: { customerId: number; stripeId: string };
beforeEach(() => {
  w = webhookWorld();
  ann = linkedCustomer(w, 'Ann Co');
  bob = linkedCustomer(w, 'Bob Co');
});

const lastEvent = (type: string) => w.stripe.store().events.filter((e) => e.type === type).pop()!;
const status = (res: { body: string }) => answerOf(w, res).status as string;

/** Charges recorded through their events, one refund, then Stripe pays the balance out. */
function dayOfTrading() {
  const a = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  const b = w.stripe.seedCharge(bob.stripeId, { amount: 2550, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  advance(w, 600);
  w.stripe.refundCharge(String(a.id), 4000);
  deliver(w, lastEvent('charge.refunded'));
  advance(w, 86400);
  const payout = w.stripe.payOut('usd')!;
  return { a, b, payout };
}

test('payout.paid: one payout row with amount, currency, arrival day and status, at one Stripe call; the job then lists what it carries and links its payments', () => {
  const { a, b, payout } = dayOfTrading();
  const res = deliver(w, lastEvent('payout.paid'));
  expect(status(res)).toBe('processed');
  expect(res.stripeCalls).toBe(1);
  expect(res.usage).toBeLessThanOrEqual(40);
  // 100.00 + 25.50 - 40.00 refunded - fees (3.20 + 1.04)
  expect(Number(payout.amount)).toBe(10000 + 2550 - 4000 - 320 - 104);
  const row = payoutOf(w, payout.id)!;
  expect(row).toMatchObject({ [PAYOUT.amount]: 81.26, [PAYOUT.currency]: 'usd', [PAYOUT.status]: 'paid', [PAYOUT.failure]: '', [PAYOUT.contents]: 'pending', [PAYOUT.config]: String(w.parentConfig) });
  const arrivalDay = new Date(Number(payout.arrival_date) * 1000).toISOString().slice(0, 10);
  const [y, m, d] = arrivalDay.split('-').map(Number);
  expect(w.account.dateText(RECORD.payout, PAYOUT.arrival, row[PAYOUT.arrival] as Date)).toBe(`${m}/${d}/${y}`);
  // Stripe shows this answer with the delivery
  expect(answerOf(w, res).note).toBe(`payout ${String(payout.id)} created: 81.26 USD paid, arrival ${arrivalDay}.`);

  const job = runPaymentsJob(w);
  expect(job.mapErrors).toEqual([]);
  expect(job.stripeCalls).toBe(1); // one page of the payout's balance transactions
  expect(payoutOf(w, payout.id)).toMatchObject({
    [PAYOUT.contents]: 'listed', [PAYOUT.count]: 2, [PAYOUT.gross]: 125.5, [PAYOUT.refundCount]: 1, [PAYOUT.refunds]: 40, [PAYOUT.fees]: 4.24, [PAYOUT.other]: 0,
  });
  expect(paymentOf(w, a.id)).toMatchObject({ [PAYMENT.payout]: row.id, [PAYMENT.status]: 'partially refunded', [PAYMENT.refunded]: 40 });
  expect(paymentOf(w, b.id)).toMatchObject({ [PAYMENT.payout]: row.id, [PAYMENT.status]: 'succeeded' });

  // nothing left to do: a second run reads nothing from Stripe and writes nothing
  const again = runPaymentsJob(w);
  expect([again.input.length, again.stripeCalls]).toEqual([0, 0]);
});

test('the payout\'s sums add up to its amount to the cent, with a dispute and Stripe\'s dispute fee in Other', () => {
  const { a, payout: first } = dayOfTrading();
  deliver(w, lastEvent('payout.paid'));
  runPaymentsJob(w);
  advance(w, 3600);
  const c = w.stripe.seedCharge(ann.stripeId, { amount: 20000, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  w.stripe.disputeCharge(String(a.id));
  deliver(w, lastEvent('charge.dispute.created'));
  advance(w, 86400);
  const second = w.stripe.payOut('usd')!;
  deliver(w, lastEvent('payout.paid'));
  runPaymentsJob(w);
  const row = payoutOf(w, second.id)!;
  // 200.00 charged, 6.10 fee; the dispute took the charge's 100.00 and a 15.00 fee
  expect(row).toMatchObject({ [PAYOUT.amount]: 78.9, [PAYOUT.count]: 1, [PAYOUT.gross]: 200, [PAYOUT.refunds]: 0, [PAYOUT.fees]: 21.1, [PAYOUT.other]: -100 });
  const cents = (x: unknown) => Math.round(Number(x) * 100);
  expect(cents(row[PAYOUT.gross]) - cents(row[PAYOUT.refunds]) - cents(row[PAYOUT.fees]) + cents(row[PAYOUT.other])).toBe(cents(row[PAYOUT.amount]));
  expect(paymentOf(w, c.id)![PAYMENT.payout]).toBe(row.id);
  // the disputed charge stays with the payout that carried it
  expect(paymentOf(w, a.id)).toMatchObject({ [PAYMENT.status]: 'disputed', [PAYMENT.payout]: payoutOf(w, first.id)!.id });
});

test('a payout that fails after being paid: the row says failed with Stripe\'s code and message; redelivery and reordering change nothing', () => {
  const { payout } = dayOfTrading();
  const paid = lastEvent('payout.paid');
  advance(w, 3 * 86400);
  w.stripe.failPayout(String(payout.id));
  const failed = lastEvent('payout.failed');
  // the failure arrives first, then the late payout.paid: Stripe's current state wins either way
  const arrival = new Date(Number(payout.arrival_date) * 1000).toISOString().slice(0, 10);
  expect(answerOf(w, deliver(w, failed)).note).toBe(`payout ${String(payout.id)} created: 81.26 USD failed (account_closed: The bank account has been closed.), arrival ${arrival}.`);
  expect(status(deliver(w, paid))).toBe('processed');
  expect(status(deliver(w, failed))).toBe('duplicate');
  expect(payoutRows(w)).toEqual([expect.objectContaining({ [PAYOUT.status]: 'failed', [PAYOUT.failure]: 'account_closed: The bank account has been closed.' })]);
  expect(eventRows(w).filter((e) => e.custrecord_pp_evt_type === 'payout.paid')[0].custrecord_pp_evt_error).toContain(`payout ${String(payout.id)} updated: 81.26 USD failed`);
});

test('a payout carrying a charge whose event never came: the job records the charge under its customer and links it; a stranger\'s charge is counted, not recorded', () => {
  w.stripe.seedCharge(ann.stripeId, { amount: 7000, currency: 'usd' }); // its event is lost
  const lost = lastEvent('charge.succeeded').data as { object: { id: string } };
  const stranger = w.stripe.seedCustomer({ email: 'who@else.test' });
  w.stripe.seedCharge(String(stranger.id), { amount: 1000, currency: 'usd' });
  advance(w, 86400);
  const payout = w.stripe.payOut('usd')!;
  deliver(w, lastEvent('payout.paid'));
  const job = runPaymentsJob(w);
  expect(job.mapErrors).toEqual([]);
  expect(paymentRows(w)).toEqual([expect.objectContaining({
    [PAYMENT.chargeId]: lost.object.id, [PAYMENT.customer]: String(ann.customerId), [PAYMENT.amount]: 70, [PAYMENT.fee]: 2.33, [PAYMENT.net]: 67.67, [PAYMENT.payout]: payoutOf(w, payout.id)!.id,
  })]);
  expect(payoutOf(w, payout.id)).toMatchObject({ [PAYOUT.count]: 2, [PAYOUT.gross]: 80 });
  expect(job.logs.map((l) => l.details).join('\n')).toContain('1 of Stripe customers not linked to a NetSuite customer (not recorded)');
});

test('Stripe 500 while the job lists a payout: nothing is marked listed, the admin reads why, and the next run finishes it', () => {
  dayOfTrading();
  deliver(w, lastEvent('payout.paid'));
  w.stripe.failNext({ status: 500, method: 'GET', path: '/v1/balance_transactions' });
  const first = runPaymentsJob(w);
  expect(first.inputError).toBeUndefined();
  expect(payoutRows(w)[0][PAYOUT.contents]).toBe('pending');
  const log = w.account.all(RECORD.syncLog).map((r) => r.fields).find((f) => f.custrecord_pp_sl_source === 'payments')!;
  expect(log.custrecord_pp_sl_message).toMatch(/^Stripe answered 500 while PayPack Payments Import listed what payout po_\w+ carries of PayPack Config Parent Stripe: Something went wrong on Stripe's end\. What was listed is recorded; the next run of PayPack Payments Import carries on from there\.$/);
  expect(w.account.submittedTasks).toEqual([]); // a Stripe failure waits for the schedule
  expect(paymentRows(w).every((p) => !p[PAYMENT.payout])).toBe(true);
  runPaymentsJob(w);
  expect(payoutRows(w)[0][PAYOUT.contents]).toBe('listed');
  expect(paymentRows(w).every((p) => p[PAYMENT.payout] === payoutRows(w)[0].id)).toBe(true);
});

test('payout.paid while Stripe answers 429: the event waits as failed and the retry job records the payout', () => {
  dayOfTrading();
  w.stripe.failNext({ status: 429, method: 'GET', path: /^\/v1\/payouts\// });
  expect(status(deliver(w, lastEvent('payout.paid')))).toBe('failed');
  expect(payoutRows(w)).toEqual([]);
  advance(w, 120);
  retryEvents();
  expect(payoutRows(w)).toEqual([expect.objectContaining({ [PAYOUT.status]: 'paid', [PAYOUT.contents]: 'pending' })]);
});

test('the saved search "PayPack Stripe Payouts with Payments" lists each payout\'s payments for the bank statement, newest arrival first', () => {
  const { a, b, payout } = dayOfTrading();
  deliver(w, lastEvent('payout.paid'));
  runPaymentsJob(w);
  advance(w, 3600);
  const c = w.stripe.seedCharge(ann.stripeId, { amount: 999, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  const late = w.stripe.seedCharge(bob.stripeId, { amount: 500, currency: 'usd' });
  advance(w, 86400);
  w.stripe.payOut('usd');
  deliver(w, lastEvent('charge.succeeded')); // its event came after the payout
  const second = lastEvent('payout.paid');
  deliver(w, second);
  runPaymentsJob(w);
  expect(w.account.savedSearches.get('customsearch_pp_payout_payments')?.title).toBe('PayPack Stripe Payouts with Payments');
  const rows = search.load({ id: 'customsearch_pp_payout_payments' }).run().getRange({ start: 0, end: 100 });
  const lines = rows.map((r) => [r.getValue({ name: PAYOUT.id, join: PAYMENT.payout }), r.getValue({ name: PAYOUT.amount, join: PAYMENT.payout }), r.getValue(PAYMENT.chargeId), r.getValue(PAYMENT.net)]);
  const secondId = (second.data as { object: { id: string } }).object.id;
  expect(lines.map((l) => [l[0], l[2]])).toEqual([[secondId, c.id], [secondId, late.id], [payout.id, a.id], [payout.id, b.id]]);
  expect(lines.filter((l) => l[0] === payout.id).map((l) => Number(l[1]))).toEqual([81.26, 81.26]);
});

test('Enable Webhook subscribes to payout.paid and payout.failed', () => {
  const endpoint = w.stripe.store().webhookEndpoints.get(w.endpointId)!;
  expect(endpoint.enabled_events).toEqual(expect.arrayContaining(['payout.paid', 'payout.failed']));
});
