/**
 * PayPack Autopay: each open invoice of a customer with PayPack Autopay is charged on its due date and
 * on the config's retry days for what it owes then, never twice; its outcome goes on the invoice, and
 * a sync log row when it was not charged. Bank debits settle days later. Compiled map/reduce.
 */
import * as record from 'N/record';
import { advance } from '../../emulator/world';
import { CONFIG, PAYMENT, RECORD } from '../../src/core/ids';
import { deliverSubscribed } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';
import { BooksWorld } from '../books/setup';
import { refreshDefaults } from '../webhook/setup';
import { autopayLog, booksCatchUp, chargeWorld, clickCharge, DAY, intents, payingCustomer, runAutopay, saveInvoice, stateOf, statusOf } from './setup';

let w: BooksWorld;
beforeEach(() => { w = chargeWorld({ [CONFIG.autopayDays]: '0,3,7' }); });

const dueIn = (days: number) => new Date(w.account.now().getTime() + days * DAY * 1000);
const payIntents = () => w.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/payment_intents');

test('an invoice is charged on its due date, once, for what it owes then; the books apply it', () => {
  const ann = payingCustomer(w, 'Ann Co', undefined, true);
  const inv = saveInvoice(w, ann.customerId, 120, { duedate: dueIn(2) });
  // a customer without Autopay is never charged by it
  const bob = payingCustomer(w, 'Bob Co');
  const other = saveInvoice(w, bob.customerId, 90, { duedate: dueIn(0) });
  // another Autopay invoice, paid in full by cheque before its due date
  const early = saveInvoice(w, ann.customerId, 45, { duedate: dueIn(1) });
  const paid = record.transform({ fromType: 'invoice', fromId: early, toType: 'customerpayment' });
  paid.setValue({ fieldId: 'payment', value: 45 });
  paid.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line: paid.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: early }), value: 45 });
  paid.setValue({ fieldId: 'undepfunds', value: true });
  paid.save();
  const before = runAutopay(w);
  expect(before.stripeCalls).toBe(0);
  advance(w, 2 * DAY);
  // a partial payment by cheque meanwhile: Autopay charges what is left
  const cheque = record.transform({ fromType: 'invoice', fromId: inv, toType: 'customerpayment' });
  cheque.setValue({ fieldId: 'payment', value: 20 });
  cheque.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line: cheque.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: inv }), value: 20 });
  cheque.setValue({ fieldId: 'undepfunds', value: true });
  cheque.save();
  const since = w.stripe.store().events.length;
  const run = runAutopay(w);
  expect(run.stripeCalls).toBe(1);
  expect(run.usage.map.length).toBe(1);
  expect(run.usage.map[0]).toBeLessThanOrEqual(25);
  expect(intents(w)[0]).toMatchObject({ status: 'succeeded', amount: 10000, customer: ann.stripeId, metadata: { netsuite_invoice_id: String(inv) } });
  expect(statusOf(w, inv)).toMatch(/^Charged 100\.00 USD to Visa •••• 4242/);
  expect([statusOf(w, other), statusOf(w, early)]).toEqual(['', '']);
  expect(autopayLog(w)).toEqual([]);
  // the same day again, and the next: nothing more
  expect(runAutopay(w).stripeCalls).toBe(0);
  booksCatchUp(w, since);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  advance(w, 3 * DAY);
  expect(runAutopay(w).stripeCalls).toBe(0);
  expect(payIntents()).toHaveLength(1);
});

test('a decline is retried only on the retry days (0, 3, 7), each a new attempt, then Autopay gives up; one sync log row per attempt not charged', () => {
  const bea = payingCustomer(w, 'Bea Co', { card: { last4: '9995' } }, true);
  const inv = saveInvoice(w, bea.customerId, 80, { duedate: dueIn(0) });
  const days: Array<[number, number]> = [];
  for (let day = 0; day <= 8; day++) {
    days.push([day, runAutopay(w).stripeCalls]);
    advance(w, DAY);
  }
  expect(days.filter(([, calls]) => calls > 0).map(([day]) => day)).toEqual([0, 3, 7]);
  expect(payIntents().map((c) => c.idempotencyKey)).toEqual([1, 2, 3].map((n) => `paypack-charge-${inv}-8000usd-${n}`));
  expect(statusOf(w, inv)).toMatch(/^Gave up: the last retry day's attempt was declined \(insufficient_funds: Your card has insufficient funds\.\)/);
  expect(autopayLog(w).map((r) => [r.custrecord_pp_sl_outcome, String(r.custrecord_pp_sl_message).slice(0, 30)])).toEqual([
    ['declined', 'Declined: insufficient_funds: '], ['declined', 'Declined: insufficient_funds: '], ['gave up', 'Gave up: the last retry day\'s '],
  ]);
  expect(w.account.books.invoiceDue(inv)).toBe(80);
});

test('3-D Secure stops Autopay for the invoice and says so; a new default payment method lifts the stop on the next retry day', () => {
  const cat = payingCustomer(w, 'Cat Co', { card: { last4: '3184' } }, true);
  const inv = saveInvoice(w, cat.customerId, 60, { duedate: dueIn(0) });
  expect(runAutopay(w).stripeCalls).toBe(1);
  expect(statusOf(w, inv)).toMatch(/^Needs the customer's action: the bank asks the customer to authenticate the payment \(3-D Secure\).*Autopay stopped for this invoice/);
  expect(autopayLog(w).map((r) => r.custrecord_pp_sl_outcome)).toEqual(['action']);
  advance(w, 3 * DAY);
  expect(runAutopay(w).stripeCalls).toBe(0);
  // the customer saves another card (the portal), NetSuite learns it
  w.stripe.seedPaymentMethod(cat.stripeId, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2030 } }, { makeDefault: true });
  refreshDefaults();
  advance(w, 4 * DAY);
  expect(runAutopay(w).stripeCalls).toBe(1);
  expect(statusOf(w, inv)).toMatch(/^Charged 60\.00 USD to Visa •••• 4242/);
});

test('never twice: a click while Autopay\'s attempt is in flight sends the same attempt, and Stripe charges once', () => {
  const dan = payingCustomer(w, 'Dan Co', undefined, true);
  const inv = saveInvoice(w, dan.customerId, 75, { duedate: dueIn(0) });
  let clicked: ReturnType<typeof clickCharge> | undefined;
  w.stripe.onRequest = (req) => {
    // Autopay's request has reached Stripe; the accountant clicks before Autopay has written anything
    if (!clicked && req.method === 'POST' && req.url.endsWith('/v1/payment_intents')) { w.stripe.onRequest = undefined; clicked = clickCharge(w, inv); }
  };
  runAutopay(w);
  expect(clicked!.message.message).toMatch(/^Charged 75\.00 USD/);
  expect(payIntents().map((c) => [c.idempotencyKey, c.replayed])).toEqual([[`paypack-charge-${inv}-7500usd-1`, false], [`paypack-charge-${inv}-7500usd-1`, true]]);
  expect([intents(w).length, w.stripe.store().charges.size]).toEqual([1, 1]);
  expect(stateOf(w, inv)).toMatchObject({ attempts: 1, kind: 'charged' });
});

test('a bank debit: the invoice shows it processing, nothing more is charged while it is, the books post it only when it succeeds; a failure is said on the invoice', () => {
  const eve = payingCustomer(w, 'Eve Co', { bank: { last4: '6789' } }, true);
  const fay = payingCustomer(w, 'Fay Co', { bank: { last4: '2227' } }, true);
  const good = saveInvoice(w, eve.customerId, 300, { duedate: dueIn(0) });
  const poor = saveInvoice(w, fay.customerId, 40, { duedate: dueIn(0) });
  const since = w.stripe.store().events.length;
  expect(runAutopay(w).stripeCalls).toBe(2);
  expect(statusOf(w, good)).toMatch(/^Processing: a bank debit of 300\.00 USD to US bank account •••• 6789 \(STRIPE TEST BANK\) \(pi_\w+, attempt 1\); the books post it when Stripe settles it/);
  booksCatchUp(w, since);
  expect(w.account.books.invoiceDue(good)).toBe(300);
  // a click while it processes reads the debit (one call) and charges nothing
  const click = clickCharge(w, good);
  expect([click.stripeCalls, click.message.message]).toEqual([1, expect.stringMatching(/is still processing \(pi_\w+\): nothing more was charged/)]);
  advance(w, 3 * DAY);
  expect(payIntents()).toHaveLength(2);
  expect(runAutopay(w).stripeCalls).toBe(2);
  expect(payIntents()).toHaveLength(2);
  advance(w, DAY);
  const settled = w.stripe.store().events.length;
  w.stripe.settleBankDebits();
  booksCatchUp(w, settled);
  expect(w.account.books.invoiceDue(good)).toBe(0);
  expect(w.account.books.invoiceDue(poor)).toBe(40);
  // the next run reads both debits: the paid invoice says charged, the other the bank's reason
  runAutopay(w);
  expect(statusOf(w, good)).toMatch(/^Charged 300\.00 USD/);
  expect(statusOf(w, poor)).toMatch(/^Declined: the bank debit failed: insufficient_funds: The customer's account has insufficient funds to cover this payment\. \(40\.00 USD to the bank account, attempt 1, pi_\w+\)\.$/);
  // a failed debit is charged again on the next run, as a new attempt (its retry day has passed)
  expect(runAutopay(w).stripeCalls).toBe(1);
  expect(payIntents().at(-1)!.idempotencyKey).toBe(`paypack-charge-${poor}-4000usd-2`);
});

test('an invoice the customer paid in part by its Pay by card link is not charged while that payment is on its way to the books; then only what is left', () => {
  const dee = payingCustomer(w, 'Dee Co', undefined, true);
  const inv = saveInvoice(w, dee.customerId, 120, { duedate: dueIn(0) });
  // the customer pays 50 through the invoice's link the morning it is due; the webhook records the charge
  const since = w.stripe.store().events.length;
  const link = w.stripe.seedCharge(dee.stripeId, { amount: 5000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } });
  deliverSubscribed(w, since);
  expect(w.account.books.invoiceDue(inv)).toBe(120);
  const waiting = runAutopay(w);
  expect(waiting.stripeCalls).toBe(0);
  expect(payIntents()).toHaveLength(0);
  expect(autopayLog(w)).toEqual([]);
  expect(waiting.output).toEqual([{ key: 'waiting', value: String(inv) }]);
  expect(w.account.all(RECORD.payment).map((r) => r.fields[PAYMENT.chargeId])).toEqual([link.id]);
  // the payments job posts and applies it; the next run charges the 70 still due
  const more = w.stripe.store().events.length;
  runPaymentsJob(w);
  expect(w.account.books.invoiceDue(inv)).toBe(70);
  expect(runAutopay(w).stripeCalls).toBe(1);
  // the link's payment and Autopay's one charge for the rest
  expect(payIntents()).toHaveLength(1);
  expect(intents(w).map((i) => i.amount)).toEqual([5000, 7000]);
  booksCatchUp(w, more);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  expect(w.account.books.customerBalance(dee.customerId)).toBe(0);
});
