/** The rules of Charge Card and Autopay that need no account: the schedule, the key, what Stripe's answer means. */
import { autopayStep, chargeRefusal, ChargeState, idempotencyKey, parseRetryDays, readOutcome } from '../../src/core/charge';
import type { PayPackConfig } from '../../src/core/config';

const state = (s: Partial<ChargeState>): ChargeState => ({ attempts: 1, step: 0, kind: 'declined', intent: 'pi_1', amount: 8000, currency: 'usd', pm: 'pm_1', ...s });
const due = { amount: 8000, currency: 'usd' };

test('Autopay Days: whole days after the due date, sorted, once each; empty is the due date only; anything else says so', () => {
  expect(parseRetryDays('7, 0,3,3')).toEqual([0, 3, 7]);
  expect(parseRetryDays('')).toEqual([0]);
  expect(parseRetryDays('0,three')).toEqual({ problem: 'Autopay Days "0,three" is not a list of whole days after the due date (e.g. 0,3,7).' });
  expect(parseRetryDays('-1')).toHaveProperty('problem');
});

test('the step due: the last retry day reached, unless done, stopped, in flight or charged for what is owed', () => {
  const days = [0, 3, 7];
  expect(autopayStep(-1, days, undefined, 'pm_1', due)).toBeUndefined();
  expect(autopayStep(0, days, undefined, 'pm_1', due)).toEqual({ step: 0, last: false });
  expect(autopayStep(2, days, state({ step: 0 }), 'pm_1', due)).toBeUndefined();
  expect(autopayStep(5, days, state({ step: 0 }), 'pm_1', due)).toEqual({ step: 1, last: false });
  expect(autopayStep(9, days, state({ step: 1 }), 'pm_1', due)).toEqual({ step: 2, last: true });
  expect(autopayStep(9, days, state({ kind: 'gave up', step: 2 }), 'pm_2', due)).toBeUndefined();
  expect(autopayStep(9, days, state({ kind: 'processing' }), 'pm_1', due)).toBeUndefined();
  // a stop for the customer's action lifts only with another default payment method
  expect(autopayStep(3, days, state({ kind: 'action' }), 'pm_1', due)).toBeUndefined();
  expect(autopayStep(3, days, state({ kind: 'action' }), 'pm_2', due)).toEqual({ step: 1, last: false });
  // charged for what is owed: nothing; owed something else since (the books applied part): charged again
  expect(autopayStep(3, days, state({ kind: 'charged' }), 'pm_1', due)).toBeUndefined();
  expect(autopayStep(3, days, state({ kind: 'charged', step: 0 }), 'pm_1', { amount: 2000, currency: 'usd' })).toEqual({ step: 1, last: false });
});

test('one key per invoice, amount and attempt', () => {
  expect(idempotencyKey('42', 12000, 'usd', 1)).toBe('paypack-charge-42-12000usd-1');
  expect(new Set([idempotencyKey('42', 12000, 'usd', 1), idempotencyKey('42', 12000, 'usd', 2), idempotencyKey('42', 11000, 'usd', 1), idempotencyKey('43', 12000, 'usd', 1)]).size).toBe(4);
});

test('Stripe\'s answer: succeeded charged, processing, 3-D Secure and dead payment methods need the customer, other declines retry', () => {
  const intent = (status: string, err?: object) => ({ id: 'pi_1', status, amount: 1, currency: 'usd', last_payment_error: err ?? null });
  expect(readOutcome(intent('succeeded')).kind).toBe('charged');
  expect(readOutcome(intent('processing')).kind).toBe('processing');
  expect(readOutcome(intent('requires_action')).kind).toBe('action');
  expect(readOutcome(intent('requires_payment_method', { code: 'authentication_required', decline_code: 'authentication_required' })).kind).toBe('action');
  expect(readOutcome(intent('requires_payment_method', { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' }))).toEqual({ kind: 'action', detail: 'the payment method can no longer be charged (expired_card: Your card has expired.); the customer needs to give another one.' });
  expect(readOutcome(intent('requires_payment_method', { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' }))).toEqual({ kind: 'declined', detail: 'generic_decline: Your card was declined.' });
  // the issuer's advice (Stripe "Decline codes", advice_code): never retry this card; retry later is an ordinary decline
  expect(readOutcome(intent('requires_payment_method', { code: 'card_declined', decline_code: 'generic_decline', advice_code: 'do_not_try_again', message: 'Your card was declined.' }))).toEqual({ kind: 'action', detail: 'the payment method can no longer be charged (generic_decline, advice do_not_try_again: Your card was declined.); the customer needs to give another one.' });
  expect(readOutcome(intent('requires_payment_method', { code: 'card_declined', decline_code: 'insufficient_funds', advice_code: 'try_again_later', message: 'Your card has insufficient funds.' })).kind).toBe('declined');
});

test('a card is expired after the month it names, not during it', () => {
  const config = { id: '1', name: 'US' } as PayPackConfig;
  const invoice = { id: '9', tranid: 'INV9', customerId: '5', subsidiaryId: '1', currency: 'usd', due: 10, status: 'Open' };
  const customer = (summary: string) => ({ stripeId: 'cus_1', pmId: 'pm_1', pmSummary: summary });
  expect(chargeRefusal(invoice, config, customer('Visa •••• 4242 (exp 03/2027)'), { year: 2027, month: 3 })).toBeUndefined();
  expect(chargeRefusal(invoice, config, customer('Visa •••• 4242 (exp 03/2027)'), { year: 2027, month: 4 })).toMatch(/has expired: nothing was charged/);
  expect(chargeRefusal(invoice, config, customer('US bank account •••• 6789 (STRIPE TEST BANK)'), { year: 2040, month: 1 })).toBeUndefined();
  expect(chargeRefusal({ ...invoice, status: 'Voided', due: 0 }, config, customer('Visa •••• 4242'), { year: 2027, month: 1 })).toBe('Invoice INV9 is voided: nothing was charged.');
});
