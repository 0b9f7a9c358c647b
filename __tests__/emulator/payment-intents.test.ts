/** The Stripe double's PaymentIntents: a saved payment method charged off session, as Stripe answers it. */
import { StripeDouble } from '../../emulator/stripe';
import { BANK_DEBIT_DAYS } from '../../emulator/stripe/payment-intents';

const KEY = `sk_test_${'DoubleKey'.padEnd(24, 'x')}`;
let s: StripeDouble;
let now: number;
beforeEach(() => {
  s = new StripeDouble({ apiKeys: [KEY] });
  now = Date.UTC(2027, 0, 15, 12);
  s.clock = () => now;
});

function call(method: string, path: string, body = '', headers: Record<string, string> = {}) {
  const res = s.handle({ method, url: `https://api.stripe.com${path}`, headers: { Authorization: `Bearer ${KEY}`, ...headers }, body });
  return { status: res.status, json: JSON.parse(res.body) };
}

/** A customer with a payment method attached from a test token (as Stripe makes one from pm_card_*). */
function customerWith(token: string): { customer: string; pm: string } {
  const customer = String(s.seedCustomer({ email: 'pi@test.example' }).id);
  const pm = call('POST', `/v1/payment_methods/${token}/attach`, `customer=${customer}`).json.id as string;
  return { customer, pm };
}

const offSession = (customer: string, pm: string, amount = 12000, extra = '') => `amount=${amount}&currency=usd&customer=${customer}&payment_method=${pm}&off_session=true&confirm=true&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never&metadata[netsuite_invoice_id]=42${extra}`;
const eventsSince = (since: number) => s.store().events.slice(since).map((e) => e.type);

test('a card that pays: the intent succeeds at once with a captured charge and its balance transaction; charge.succeeded and payment_intent.succeeded', () => {
  const { customer, pm } = customerWith('pm_card_visa');
  const since = s.store().events.length;
  const r = call('POST', '/v1/payment_intents', offSession(customer, pm), { 'Idempotency-Key': 'k1' });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 12000, amount_received: 12000, currency: 'usd', customer, payment_method: pm, metadata: { netsuite_invoice_id: '42' } });
  const charge = s.store().charges.get(r.json.latest_charge)!;
  expect(charge).toMatchObject({ status: 'succeeded', captured: true, amount_captured: 12000, payment_intent: r.json.id, customer });
  expect(s.store().balanceTransactions.get(String(charge.balance_transaction))).toMatchObject({ amount: 12000, fee: 378, net: 11622, type: 'charge' });
  expect(eventsSince(since)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  // the same key replays the same intent: nothing is charged twice
  const again = call('POST', '/v1/payment_intents', offSession(customer, pm), { 'Idempotency-Key': 'k1' });
  expect(again.json.id).toBe(r.json.id);
  expect(s.store().charges.size).toBe(1);
  expect(call('GET', `/v1/payment_intents/${r.json.id}`).json).toMatchObject({ id: r.json.id, status: 'succeeded' });
});

test('declines come back as Stripe\'s 402 card_error with decline_code and the intent (requires_payment_method); a failed charge and payment_intent.payment_failed', () => {
  for (const [token, code, decline] of [['pm_card_chargeDeclined', 'card_declined', 'generic_decline'], ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'], ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card']]) {
    const { customer, pm } = customerWith(token);
    const since = s.store().events.length;
    const r = call('POST', '/v1/payment_intents', offSession(customer, pm), { 'Idempotency-Key': `k-${token}` });
    expect(r.status).toBe(402);
    expect(r.json.error).toMatchObject({ type: 'card_error', code, decline_code: decline, payment_intent: { status: 'requires_payment_method', last_payment_error: { code, decline_code: decline } } });
    expect(s.store().charges.get(r.json.error.charge)).toMatchObject({ status: 'failed', failure_code: code, balance_transaction: null });
    expect(eventsSince(since)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
  }
});

test('3-D Secure: off session the issuer declines with authentication_required; on session the intent asks for the customer\'s action', () => {
  const { customer, pm } = customerWith('pm_card_authenticationRequired');
  const off = call('POST', '/v1/payment_intents', offSession(customer, pm));
  expect(off.status).toBe(402);
  expect(off.json.error).toMatchObject({ type: 'card_error', code: 'authentication_required', decline_code: 'authentication_required', payment_intent: { status: 'requires_payment_method' } });
  const on = call('POST', '/v1/payment_intents', `amount=500&currency=usd&customer=${customer}&payment_method=${pm}&confirm=true&return_url=https%3A%2F%2Fexample.com%2Fdone`);
  expect(on.status).toBe(200);
  expect(on.json).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
});

test('a card past its expiry month is declined as expired_card, whatever its number', () => {
  const customer = String(s.seedCustomer({ email: 'old@card.example' }).id);
  const pm = String(s.seedPaymentMethod(customer, { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2026 } }).id);
  expect(call('POST', '/v1/payment_intents', offSession(customer, pm)).json.error).toMatchObject({ code: 'expired_card', decline_code: 'expired_card' });
});

test('a detached payment method, another customer\'s, a missing one, a currency Stripe does not take, an amount below the minimum and off_session without confirm are refused (400/404) and charge nothing', () => {
  const { customer, pm } = customerWith('pm_card_visa');
  const other = customerWith('pm_card_visa');
  expect(call('POST', '/v1/payment_intents', offSession(customer, other.pm)).json.error).toMatchObject({ type: 'invalid_request_error', param: 'payment_method' });
  expect(call('POST', '/v1/payment_intents', offSession(customer, 'pm_nope')).status).toBe(404);
  expect(call('POST', '/v1/payment_intents', offSession(customer, pm).replace('currency=usd', 'currency=xau')).json.error).toMatchObject({ param: 'currency' });
  expect(call('POST', '/v1/payment_intents', offSession(customer, pm, 49)).json.error).toMatchObject({ code: 'amount_too_small', param: 'amount' });
  expect(call('POST', '/v1/payment_intents', `amount=500&currency=usd&customer=${customer}&payment_method=${pm}&off_session=true`).json.error).toMatchObject({ param: 'off_session' });
  call('POST', `/v1/payment_methods/${pm}/detach`);
  const detached = call('POST', '/v1/payment_intents', offSession(customer, pm));
  expect(detached.status).toBe(400);
  expect(detached.json.error.message).toMatch(/was detached from a Customer\. It may not be used again/);
  // confirming with the Dashboard's payment methods (the default) needs a return_url, unless redirects are refused or the types are named
  const plain = `amount=500&currency=usd&customer=${customer}&payment_method=${other.pm}&customer=${other.customer}&confirm=true&off_session=true`.replace(`customer=${customer}&`, '');
  expect(call('POST', '/v1/payment_intents', plain).json.error.message).toMatch(/^A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard/);
  expect(call('POST', '/v1/payment_intents', `${plain}&payment_method_types[0]=us_bank_account`).json.error).toMatchObject({ param: 'payment_method' });
  expect(s.store().charges.size).toBe(0);
  expect(call('POST', '/v1/payment_intents', `${plain}&payment_method_types[0]=card`).json).toMatchObject({ status: 'succeeded', payment_method_types: ['card'], automatic_payment_methods: null });
  // and the request is still checked against Stripe's spec
  expect(call('POST', '/v1/payment_intents', `${offSession(customer, pm)}&of_session=true`).json.error).toMatchObject({ code: 'parameter_unknown', param: 'of_session' });
});

test('a US bank account debit is processing (charge pending, nothing in the balance) and settles days later: succeeded, or failed with the bank\'s code', () => {
  const customer = String(s.seedCustomer({ email: 'ach@test.example' }).id);
  const good = String(s.seedPaymentMethod(customer, { type: 'us_bank_account', us_bank_account: { bank_name: 'STRIPE TEST BANK', last4: '6789', account_type: 'checking' } }).id);
  const poor = String(s.seedPaymentMethod(customer, { type: 'us_bank_account', us_bank_account: { bank_name: 'STRIPE TEST BANK', last4: '2227', account_type: 'checking' } }).id);
  const since = s.store().events.length;
  const a = call('POST', '/v1/payment_intents', offSession(customer, good)).json;
  const b = call('POST', '/v1/payment_intents', offSession(customer, poor)).json;
  expect([a.status, b.status]).toEqual(['processing', 'processing']);
  expect(s.store().charges.get(a.latest_charge)).toMatchObject({ status: 'pending', paid: false, balance_transaction: null });
  expect(eventsSince(since)).toEqual(['payment_intent.created', 'charge.pending', 'payment_intent.processing', 'payment_intent.created', 'charge.pending', 'payment_intent.processing']);
  now += (BANK_DEBIT_DAYS * 86400 - 60) * 1000;
  expect(s.settleBankDebits()).toEqual([]);
  now += 60 * 1000;
  const mark = s.store().events.length;
  // reading the intent once the days have passed finds it settled
  expect(call('GET', `/v1/payment_intents/${a.id}`).json).toMatchObject({ status: 'succeeded', amount_received: 12000 });
  expect(call('GET', `/v1/payment_intents/${b.id}`).json).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'insufficient_funds' } });
  expect(s.store().charges.get(a.latest_charge)).toMatchObject({ status: 'succeeded', paid: true });
  expect(s.store().balanceTransactions.get(String(s.store().charges.get(a.latest_charge)!.balance_transaction))).toMatchObject({ amount: 12000, type: 'charge' });
  expect(s.store().charges.get(b.latest_charge)).toMatchObject({ status: 'failed', failure_code: 'insufficient_funds', balance_transaction: null });
  expect(eventsSince(mark)).toEqual(['charge.succeeded', 'payment_intent.succeeded', 'charge.failed', 'payment_intent.payment_failed']);
});
