/** Payments under bad data and faults: each ends with the right row, nothing lost, nothing twice. */
import { PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver, eventRows, retryEvents, webhookWorld, WebhookWorld, answerOf } from '../webhook/setup';
import { linkedCustomer, paymentOf, paymentRows, payoutOf, payoutRows, runPaymentsJob } from './setup';

let w: WebhookWorld;
let ann: { customerId: number; stripeId: string };
beforeEach(() => {
  w = webhookWorld();
  ann = linkedCustomer(w, 'Ann Co');
});

const lastEvent = (type: string) => w.stripe.store().events.filter((e) => e.type === type).pop()!;

test('a 1,000-event burst with Stripe failing now and then: every charge ends recorded once, after the retry job', () => {
  const customers = [ann, ...Array.from({ length: 9 }, (_, i) => linkedCustomer(w, `Burst ${i} Co`))];
  const since = w.stripe.store().events.length;
  const charges: string[] = [];
  for (let i = 0; i < 1000; i++) {
    charges.push(String(w.stripe.seedCharge(customers[i % 10].stripeId, { amount: 1000 + i, currency: i % 2 ? 'usd' : 'eur' }).id));
  }
  const events = w.stripe.store().events.slice(since);
  expect(events.length).toBe(1000);
  const outcomes: Record<string, number> = {};
  events.forEach((e, i) => {
    if (i % 50 === 10) w.stripe.failNext({ status: 500, method: 'GET', path: /^\/v1\/charges\// });
    if (i % 50 === 30) w.stripe.failNext({ status: 429, method: 'GET', path: /^\/v1\/charges\// });
    const res = deliver(w, e);
    const s = answerOf(w, res).status as string;
    outcomes[s] = (outcomes[s] || 0) + 1;
    // Stripe redelivers some at once
    if (i % 100 === 0) deliver(w, e);
  });
  expect(outcomes).toEqual({ processed: 960, failed: 40 });
  advance(w, 120);
  const retried = retryEvents();
  expect(retried.mapErrors).toEqual([]);
  const rows = paymentRows(w);
  expect(rows.length).toBe(1000);
  expect(new Set(rows.map((r) => r[PAYMENT.chargeId]))).toEqual(new Set(charges));
  expect(eventRows(w).filter((e) => e.custrecord_pp_evt_type === 'charge.succeeded').every((e) => e.custrecord_pp_evt_status === 'processed')).toBe(true);
});

test('Stripe 500 and then 429 while reading the charge and its balance transaction: the event waits, then the row is right', () => {
  w.stripe.seedCharge(ann.stripeId, { amount: 2500, currency: 'usd' });
  const ev = lastEvent('charge.succeeded');
  w.stripe.failNext({ status: 500, method: 'GET', path: /^\/v1\/charges\// });
  expect(answerOf(w, deliver(w, ev)).status).toBe('failed');
  expect(paymentRows(w)).toEqual([]);
  advance(w, 120);
  w.stripe.failNext({ status: 429, method: 'GET', path: /^\/v1\/charges\// });
  retryEvents();
  expect(paymentRows(w)).toEqual([]);
  advance(w, 600);
  retryEvents();
  expect(paymentRows(w)).toEqual([expect.objectContaining({ [PAYMENT.amount]: 25, [PAYMENT.fee]: 1.03, [PAYMENT.net]: 23.97, [PAYMENT.status]: 'succeeded' })]);
});

test('partial refunds in several steps, the last larger than the fee; the payout carries the refunds', () => {
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 1000, currency: 'usd' }); // fee 0.59
  deliver(w, lastEvent('charge.succeeded'));
  for (const part of [100, 250, 600]) {
    advance(w, 60);
    w.stripe.refundCharge(String(charge.id), part);
    deliver(w, lastEvent('charge.refunded'));
  }
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.refunded]: 9.5, [PAYMENT.status]: 'partially refunded', [PAYMENT.fee]: 0.59, [PAYMENT.net]: 9.41 });
  w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  advance(w, 86400);
  const payout = w.stripe.payOut('usd')!;
  deliver(w, lastEvent('payout.paid'));
  runPaymentsJob(w);
  expect(payoutOf(w, payout.id)).toMatchObject({ [PAYOUT.count]: 2, [PAYOUT.refundCount]: 3, [PAYOUT.refunds]: 9.5, [PAYOUT.gross]: 60, [PAYOUT.fees]: 2.34, [PAYOUT.amount]: 48.16 });
});

test('a dispute on a refunded charge says disputed; a charge in a currency the subsidiary does not use is recorded in Stripe\'s currency', () => {
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  w.stripe.refundCharge(String(charge.id), 1000);
  deliver(w, lastEvent('charge.refunded'));
  advance(w, 3600);
  w.stripe.disputeCharge(String(charge.id));
  deliver(w, lastEvent('charge.dispute.created'));
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.status]: 'disputed', [PAYMENT.refunded]: 10 });

  // the parent subsidiary books in USD; the customer paid in Swiss francs
  const chf = w.stripe.seedCharge(ann.stripeId, { amount: 4590, currency: 'chf' });
  deliver(w, lastEvent('charge.succeeded'));
  expect(paymentOf(w, chf.id)).toMatchObject({ [PAYMENT.amount]: 45.9, [PAYMENT.currency]: 'chf', [PAYMENT.customer]: String(ann.customerId) });
});

test('every payment and payout event type, delivered in 40 different orders with each event twice: the rows always end as Stripe ends', () => {
  // a fixed pseudo-random sequence of orders (the same on every run)
  let seed = 7;
  const next = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
  const types = ['charge.succeeded', 'charge.failed', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.closed', 'payout.paid', 'payout.failed'];
  for (let round = 0; round < 40; round++) {
    if (round > 0) { w = webhookWorld(); ann = linkedCustomer(w, 'Ann Co'); }
    const since = w.stripe.store().events.length;
    const charge = w.stripe.seedCharge(ann.stripeId, { amount: 9000, currency: 'usd' });
    advance(w, 600);
    w.stripe.refundCharge(String(charge.id), 1500);
    advance(w, 600);
    const failedCharge = w.stripe.seedCharge(ann.stripeId, { amount: 700, currency: 'usd', failureMessage: 'Your card has insufficient funds.' });
    advance(w, 3600);
    const dispute = w.stripe.disputeCharge(String(charge.id));
    advance(w, 86400);
    w.stripe.closeDispute(String(dispute.id), 'lost');
    const other = w.stripe.seedCharge(ann.stripeId, { amount: 40000, currency: 'usd' });
    advance(w, 86400);
    const payout = w.stripe.payOut('usd')!;
    advance(w, 2 * 86400);
    w.stripe.failPayout(String(payout.id));
    const events = w.stripe.store().events.slice(since).filter((e) => types.includes(String(e.type)));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(types));

    const order = [...events, ...events].map((e) => ({ e, k: next() })).sort((a, b) => a.k - b.k).map((x) => x.e);
    for (const e of order) deliver(w, e);
    expect(paymentRows(w).map((r) => [r[PAYMENT.chargeId], r[PAYMENT.status], r[PAYMENT.refunded]]).sort()).toEqual([
      [charge.id, 'dispute lost', 15], [failedCharge.id, 'failed', 0], [other.id, 'succeeded', 0],
    ].sort());
    expect(payoutRows(w).map((r) => [r[PAYOUT.id], r[PAYOUT.status]])).toEqual([[payout.id, 'failed']]);
    expect(w.account.all(RECORD.event).filter((r) => types.includes(String(r.fields.custrecord_pp_evt_type))).length).toBe(events.length);
  }
});

test('the retry job takes the charge\'s customer from Stripe, never from the stored payload: a row planted or altered in the event log cannot put a charge under another customer', () => {
  const bob = linkedCustomer(w, 'Bob Co');
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 7700, currency: 'usd' });
  w.stripe.failNext({ status: 500, method: 'GET', path: /^\/v1\/charges\// });
  expect(answerOf(w, deliver(w, lastEvent('charge.succeeded'))).status).toBe('failed');
  // the stored payload now names Bob's Stripe customer
  const row = w.account.all(RECORD.event).find((r) => r.fields.custrecord_pp_evt_type === 'charge.succeeded')!;
  const payload = JSON.parse(String(row.fields.custrecord_pp_evt_payload));
  payload.data.object.customer = bob.stripeId;
  w.account.write(RECORD.event, { ...row.fields, custrecord_pp_evt_payload: JSON.stringify(payload) }, { id: Number(row.id) });
  advance(w, 120);
  expect(retryEvents().mapErrors).toEqual([]);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.customer]: String(ann.customerId), [PAYMENT.amount]: 77 });
  expect(eventRows(w).find((e) => e.custrecord_pp_evt_type === 'charge.succeeded')).toMatchObject({ custrecord_pp_evt_status: 'processed', custrecord_pp_evt_customer: String(ann.customerId) });
});
