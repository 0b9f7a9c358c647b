/**
 * Charge Card after an attempt whose answer from Stripe was lost. Stripe keeps an attempt's
 * Idempotency-Key with the details it was first sent with, answers the same key sent with other
 * details with an `idempotency_error`, and forgets the key after 24 hours (docs "Idempotent
 * requests"). When the customer's default payment method changed in between, the next click sends
 * the same attempt with another payment method: Stripe may have charged the first one, so the page
 * must not say that nothing was charged. Compiled Suitelet and client script.
 */
import { advance } from '../../emulator/world';
import { BooksWorld } from '../books/setup';
import { refreshDefaults } from '../webhook/setup';
import { chargeWorld, clickCharge, payingCustomer, saveInvoice } from './setup';

let w: BooksWorld;
beforeEach(() => { w = chargeWorld(); });

const payIntents = () => w.stripe.calls.filter((c) => c.method === 'POST' && c.path === '/v1/payment_intents');

test('a click after a lost answer, with the default changed since: the page says Stripe may have charged the earlier attempt, and nothing more is charged', () => {
  const fay = payingCustomer(w, 'Fay Co');
  const inv = saveInvoice(w, fay.customerId, 80);
  // Stripe charges the card, and its answer is lost on the way back
  w.stripe.failNext({ network: 'timeout', afterExecution: true, method: 'POST', path: '/v1/payment_intents' });
  expect(clickCharge(w, inv).message.message).toMatch(/^Stripe did not answer in time/);
  expect([...w.stripe.store().charges.values()].map((c) => [c.amount, c.status])).toEqual([[8000, 'succeeded']]);
  // the customer saves another card as default before anyone clicks again
  w.stripe.seedPaymentMethod(fay.stripeId, { card: { brand: 'visa', last4: '1881', exp_month: 8, exp_year: 2030 } }, { makeDefault: true });
  refreshDefaults();
  const again = clickCharge(w, inv);
  // Stripe refused the same attempt with another payment method: it charged nothing more
  expect(payIntents().map((c) => [c.idempotencyKey, c.status])).toEqual([[`paypack-charge-${inv}-8000usd-1`, 200], [`paypack-charge-${inv}-8000usd-1`, 400]]);
  expect(w.stripe.store().charges.size).toBe(1);
  // but the first attempt may have charged: the page says so, and how to find out
  expect(again.message.type).toBe('WARNING');
  expect(again.message.message).not.toMatch(/[Nn]othing was charged/);
  expect(again.message.message).toMatch(/^Invoice \S+: attempt 1 reached Stripe before with other details .* Stripe may have charged it; nothing more was charged\./);
  expect(again.message.message).toMatch(/netsuite_invoice_id/);
});

test('a server error Stripe saved for the attempt: the page does not promise that a click in a few minutes does better, since Stripe gives that attempt the same answer', () => {
  const gus = payingCustomer(w, 'Gus Co');
  const inv = saveInvoice(w, gus.customerId, 64);
  // Stripe began the request and failed: it saves the 500 under the attempt's key (docs "Idempotent requests")
  w.stripe.failNext({ status: 500, afterExecution: true, method: 'POST', path: '/v1/payment_intents' });
  const first = clickCharge(w, inv);
  advance(w, 600);
  const again = clickCharge(w, inv);
  expect(payIntents().map((c) => [c.status, c.replayed])).toEqual([[500, false], [500, true]]);
  expect(w.stripe.store().charges.size).toBe(0);
  for (const shown of [first, again]) {
    expect(shown.message.type).toBe('WARNING');
    expect(shown.message.message).not.toMatch(/in a few minutes|did not answer in time/);
    expect(shown.message.message).toMatch(/^Stripe answered with an error of its own \(Something went wrong on Stripe's end\.[^)]*\)\): Stripe cannot say whether it charged Invoice \S+\. It may give this attempt the same answer for up to 24 hours/);
  }
});
