/** The Stripe double answers like Stripe: spec-checked parameters, idempotency, modes, faults. */
import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import { StripeDouble } from '../../emulator/stripe';
import { DEFAULT_API_VERSION } from '../../emulator/stripe/double';
import { checkShape, FIXTURE_API_VERSION, stripeFixtures } from '../../emulator/stripe/shapes';
import { STRIPE_API_VERSION } from '../../src/core/stripe/client';

const KEY = `sk_test_${'DoubleKey'.padEnd(24, 'x')}`;
const LIVE = `sk_live_${'DoubleKey'.padEnd(24, 'x')}`;
let s: StripeDouble;
beforeEach(() => { s = new StripeDouble({ apiKeys: [KEY, LIVE] }); });

function call(method: string, path: string, body = '', headers: Record<string, string> = {}, key = KEY) {
  const res = s.handle({ method, url: `https://api.stripe.com${path}`, headers: { Authorization: `Bearer ${key}`, ...headers }, body });
  return { status: res.status, headers: res.headers, json: JSON.parse(res.body) };
}

describe('request checking against Stripe\'s OpenAPI spec', () => {
  test('a misspelt parameter fails with Stripe\'s error shape', () => {
    const r = call('POST', '/v1/customers', 'emial=x%40y.test');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'emial', message: 'Received unknown parameter: emial' }) });
    expect(s.store().customers.size).toBe(0);
  });

  test('nested unknown keys, bad types and unknown paths fail too', () => {
    expect(call('POST', '/v1/customers', 'address[lin1]=x').json.error.param).toBe('address[lin1]');
    expect(call('POST', '/v1/customers', 'balance=ten').json.error.code).toBe('parameter_invalid_integer');
    expect(call('GET', '/v1/customers?limit=5&emial=x').json.error.param).toBe('emial');
    const r = call('POST', '/v1/custmers', 'email=a');
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/^Unrecognized request URL \(POST: \/v1\/custmers\)/);
  });

  test('a customer is retrieved with only what a customer can expand', () => {
    const id = call('POST', '/v1/customers', 'email=x%40y.test').json.id;
    expect(call('GET', `/v1/customers/${id}?expand[0]=default_source&expand[1]=invoice_settings.default_payment_method`).status).toBe(200);
    const r = call('GET', `/v1/customers/${id}?expand[0]=Stryker%20was%20here`);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param: 'expand', message: 'This property cannot be expanded (Stryker was here).' });
  });

  test('well-formed nested parameters are accepted and applied', () => {
    const r = call('POST', '/v1/customers', 'email=ap%40acme.test&name=Acme&address[line1]=1%20Main&address[country]=US&metadata[netsuite_customer_id]=101&preferred_locales[0]=en&shipping[name]=Dock&shipping[address][city]=Austin');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      object: 'customer', email: 'ap@acme.test', name: 'Acme', livemode: false,
      address: { line1: '1 Main', country: 'US', city: null }, metadata: { netsuite_customer_id: '101' },
      preferred_locales: ['en'], shipping: { name: 'Dock', address: { city: 'Austin' } },
    });
    const u = call('POST', `/v1/customers/${r.json.id}`, 'name=&metadata[netsuite_customer_id]=&metadata[region]=EU');
    expect(u.json).toMatchObject({ name: null, metadata: { region: 'EU' } });
  });

  test('metadata limits: a value over 500 characters is refused', () => {
    const r = call('POST', '/v1/customers', `metadata[notes]=${'x'.repeat(501)}`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/up to 500 characters/);
  });
});

describe('auth and modes', () => {
  test('no key or a wrong key is a 401 that never shows the key', () => {
    expect(s.handle({ method: 'GET', url: '/v1/customers', headers: {}, body: '' }).status).toBe(401);
    const r = call('GET', '/v1/customers', '', {}, `sk_test_${'wrong'.repeat(4)}1234`);
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/^Invalid API Key provided: sk_test_\*+1234$/);
    expect(r.json.error.message).not.toContain('wrongwrong');
  });

  test('a test-mode customer does not exist under the live key', () => {
    const c = call('POST', '/v1/customers', 'email=t%40x.test').json;
    expect(call('GET', `/v1/customers/${c.id}`, '', {}, LIVE).json.error).toMatchObject({ code: 'resource_missing', message: `No such customer: '${c.id}'` });
  });
});

describe('customers', () => {
  test('list by email is exact and case-sensitive; search is case-insensitive and lags a minute by default', () => {
    expect(s.searchLagSeconds).toBe(60);
    s.searchLagSeconds = 0;
    const c = call('POST', '/v1/customers', 'email=Ap%40Acme.test&metadata[netsuite_customer_id]=7').json;
    expect(call('GET', '/v1/customers?email=ap%40acme.test').json.data).toHaveLength(0);
    expect(call('GET', '/v1/customers?email=Ap%40Acme.test').json.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(call('GET', `/v1/customers/search?query=${encodeURIComponent('email:"ap@acme.test"')}`).json.data).toHaveLength(1);
    s.searchLagSeconds = 60;
    call('POST', '/v1/customers', 'email=new%40acme.test&metadata[netsuite_customer_id]=8');
    expect(call('GET', `/v1/customers/search?query=${encodeURIComponent('metadata["netsuite_customer_id"]:"8"')}`).json.data).toHaveLength(0);
    expect(call('GET', '/v1/customers?email=new%40acme.test').json.data).toHaveLength(1);
  });

  test('a deleted customer retrieves as a stub; updating it is resource_missing', () => {
    const c = call('POST', '/v1/customers', 'email=d%40x.test').json;
    call('DELETE', `/v1/customers/${c.id}`);
    expect(call('GET', `/v1/customers/${c.id}`).json).toEqual({ id: c.id, object: 'customer', deleted: true });
    expect(call('POST', `/v1/customers/${c.id}`, 'name=x').json.error.code).toBe('resource_missing');
  });

  test('expand[] resolves the default payment method; events record every change', () => {
    const c = call('POST', '/v1/customers', 'email=pm%40x.test').json;
    const pm = s.seedPaymentMethod(c.id, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } });
    call('POST', `/v1/customers/${c.id}`, `invoice_settings[default_payment_method]=${pm.id}`);
    const got = call('GET', `/v1/customers/${c.id}?expand[]=invoice_settings.default_payment_method`).json;
    expect(got.invoice_settings.default_payment_method).toMatchObject({ id: pm.id, card: { last4: '4242' } });
    expect(s.store().events.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
  });

  test('portal sessions fail with Stripe\'s message until the portal is configured', () => {
    const c = call('POST', '/v1/customers', 'email=p%40x.test').json;
    s.portalConfigured.test = false;
    const r = call('POST', '/v1/billing_portal/sessions', `customer=${c.id}&return_url=https%3A%2F%2Fexample.com`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/default configuration has not been created/);
    s.portalConfigured.test = true;
    expect(call('POST', '/v1/billing_portal/sessions', `customer=${c.id}`).json.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
  });
});

describe('idempotency and faults', () => {
  test('a repeated Idempotency-Key returns the first answer; other params are an idempotency_error', () => {
    const a = call('POST', '/v1/customers', 'email=i%40x.test', { 'Idempotency-Key': 'k1' });
    const b = call('POST', '/v1/customers', 'email=i%40x.test', { 'Idempotency-Key': 'k1' });
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers['Idempotent-Replayed']).toBe('true');
    expect(s.store().customers.size).toBe(1);
    const c = call('POST', '/v1/customers', 'email=other%40x.test', { 'Idempotency-Key': 'k1' });
    expect(c.status).toBe(400);
    expect(c.json.error.type).toBe('idempotency_error');
  });

  test('429s come before the idempotency layer: the retry with the same key creates once', () => {
    s.failNext({ status: 429, count: 2 });
    expect(call('POST', '/v1/customers', 'email=r%40x.test', { 'Idempotency-Key': 'k2' }).status).toBe(429);
    expect(call('POST', '/v1/customers', 'email=r%40x.test', { 'Idempotency-Key': 'k2' }).status).toBe(429);
    expect(call('POST', '/v1/customers', 'email=r%40x.test', { 'Idempotency-Key': 'k2' }).status).toBe(200);
    expect(s.store().customers.size).toBe(1);
    expect(s.callCount({ method: 'POST', path: '/v1/customers' })).toBe(3);
  });

  test('a 500 after execution began is saved and replayed for the same key, as Stripe documents', () => {
    s.failNext({ status: 500, afterExecution: true });
    expect(call('POST', '/v1/customers', 'email=f%40x.test', { 'Idempotency-Key': 'k3' }).status).toBe(500);
    expect(call('POST', '/v1/customers', 'email=f%40x.test', { 'Idempotency-Key': 'k3' }).status).toBe(500);
    expect(call('POST', '/v1/customers', 'email=f%40x.test', { 'Idempotency-Key': 'k4' }).status).toBe(200);
  });

  test('keys are pruned after 24 hours, as Stripe does: the same key then runs as a new request', () => {
    let now = Date.UTC(2027, 0, 21, 12);
    s.clock = () => now;
    const first = call('POST', '/v1/customers', 'email=old%40x.test', { 'Idempotency-Key': 'k5' });
    now += 24 * 3600 * 1000 - 1000;
    expect(call('POST', '/v1/customers', 'email=old%40x.test', { 'Idempotency-Key': 'k5' }).json.id).toBe(first.json.id);
    now += 1000;
    const later = call('POST', '/v1/customers', 'email=old%40x.test', { 'Idempotency-Key': 'k5' });
    expect(later.headers['Idempotent-Replayed']).toBeUndefined();
    expect(later.json.id).not.toBe(first.json.id);
  });
});

describe('webhook endpoints', () => {
  test('the secret is returned once; disabled flips status; 16 is the limit', () => {
    const we = call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fa.example.com%2Fhook&enabled_events[]=customer.updated&api_version=2025-09-30.clover');
    expect(we.json.secret).toMatch(/^whsec_/);
    expect(call('GET', `/v1/webhook_endpoints/${we.json.id}`).json.secret).toBeUndefined();
    expect(call('POST', `/v1/webhook_endpoints/${we.json.id}`, 'disabled=true').json.status).toBe('disabled');
    expect(call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fa.example.com&enabled_events[]=customer.nonsense').json.error.param).toBe('enabled_events[0]');
    for (let i = 1; i < 16; i++) expect(call('POST', '/v1/webhook_endpoints', `url=https%3A%2F%2Fa.example.com%2F${i}&enabled_events[]=customer.updated`).status).toBe(200);
    const over = call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fa.example.com%2F17&enabled_events[]=customer.updated');
    expect(over.status).toBe(400);
    expect(over.json.error.message).toMatch(/maximum of 16 test webhook endpoints/);
  });
});

describe('the official stripe package talks to the double over local HTTP', () => {
  test('create, list by email, update, and a misspelt parameter raised as Stripe raises it', async () => {
    const { server, url } = await s.listen(0);
    try {
      const u = new URL(url);
      const stripe = new Stripe(KEY, { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
      const c = await stripe.customers.create({ email: 'sdk@x.test', metadata: { netsuite_customer_id: '42' } });
      expect(c.metadata.netsuite_customer_id).toBe('42');
      const list = await stripe.customers.list({ email: 'sdk@x.test' });
      expect(list.data.map((x) => x.id)).toEqual([c.id]);
      const upd = await stripe.customers.update(c.id, { name: 'SDK Co' });
      expect(upd.name).toBe('SDK Co');
      await expect(stripe.customers.create({ emial: 'x' } as never)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'emial', statusCode: 400 });
    } finally {
      server.close();
    }
  });
});

describe('one Stripe API version everywhere (2025-09-30.clover)', () => {
  test('the version the bundle sends, the stripe-node whose types the core reads, and the objects the double answers are one', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect([STRIPE_API_VERSION, Stripe.API_VERSION, DEFAULT_API_VERSION, FIXTURE_API_VERSION, s.apiVersion]).toEqual(Array(5).fill('2025-09-30.clover'));
    expect(pkg.devDependencies.stripe).toBe('19.1.0');
    const customer = call('POST', '/v1/customers', 'email=v%40x.test');
    expect(customer.headers['Stripe-Version']).toBe('2025-09-30.clover');
  });

  test('an object with a field the pinned version does not have fails the test that asked for it', () => {
    const charge = { ...stripeFixtures().charge };
    expect(() => checkShape(charge)).not.toThrow();
    // a Charge lost `invoice` in 2025-03-31.basil
    expect(() => checkShape({ object: 'list', data: [{ ...charge, invoice: 'in_1' }] })).toThrow(/answered charge\.invoice in its answer\.data\[0\]: API version 2025-09-30\.clover has no such field/);
    expect(() => checkShape({ ...stripeFixtures().payout, balance_transaction: { ...stripeFixtures().balance_transaction, payout: 'po_1' } })).toThrow(/balance_transaction\.payout/);
  });

  test('every kind of object the double answers is one the pinned version has an example of, and the double answers none with a foreign field', () => {
    const seen = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) { v.forEach(collect); return; }
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.object === 'string') seen.add(o.deleted === true ? `deleted_${o.object}` : o.object);
      Object.values(o).forEach(collect);
    };
    const answer = (method: string, path: string, body = '') => { const r = call(method, path, body); expect(r.status).toBe(200); collect(r.json); return r.json; };
    const cus = answer('POST', '/v1/customers', 'email=all%40kinds.test&metadata[netsuite_customer_id]=7');
    s.seedPaymentMethod(cus.id, { card: { brand: 'visa', last4: '4242', exp_month: 1, exp_year: 2030 } }, { makeDefault: true });
    s.seedSource(cus.id, { brand: 'visa', last4: '1881', exp_month: 2, exp_year: 2031 });
    const ch = s.seedCharge(cus.id, { amount: 100000, currency: 'jpy', invoice: 'in_kinds' });
    s.refundCharge(String(ch.id), 100);
    const dp = s.disputeCharge(String(ch.id));
    s.closeDispute(String(dp.id), 'won');
    const po = s.payOut('usd')!;
    answer('GET', `/v1/customers/${cus.id}?expand[]=invoice_settings.default_payment_method&expand[]=default_source`);
    answer('GET', `/v1/customers?email=all%40kinds.test`);
    answer('GET', `/v1/customers/search?query=${encodeURIComponent('metadata["netsuite_customer_id"]:"7"')}`);
    answer('GET', `/v1/charges/${String(ch.id)}?expand[]=balance_transaction`);
    answer('GET', `/v1/disputes/${String(dp.id)}?expand[]=charge.balance_transaction`);
    answer('GET', '/v1/charges?expand[]=data.balance_transaction');
    answer('GET', `/v1/balance_transactions?payout=${String(po.id)}&expand[]=data.source`);
    answer('GET', `/v1/payouts/${String(po.id)}`);
    answer('GET', `/v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=${String(ch.payment_intent)}`);
    answer('POST', '/v1/billing_portal/sessions', `customer=${cus.id}`);
    const we = answer('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fexample.com%2Fhook&enabled_events[0]=charge.succeeded');
    answer('GET', `/v1/webhook_endpoints/${we.id}`);
    answer('GET', '/v1/events?limit=100');
    answer('DELETE', `/v1/customers/${cus.id}`);
    const kinds = [...seen].filter((k) => k !== 'list' && k !== 'search_result').sort();
    expect(kinds).toEqual(expect.arrayContaining(['balance_transaction', 'billing_portal.session', 'card', 'charge', 'customer', 'deleted_customer', 'dispute', 'event', 'invoice_payment', 'payment_method', 'payout', 'refund', 'webhook_endpoint']));
    expect(kinds.filter((k) => !stripeFixtures()[k])).toEqual([]);
  });
});

/** The money states Stripe documents beyond a charge captured at once (the Stripe double's charges.ts and balance.ts). */
describe('Stripe\'s money states', () => {
  const txnsOf = (source: string) => [...s.store().balanceTransactions.values()].filter((t) => t.source === source);
  const eventsOf = (since: number) => s.store().events.slice(since).map((e) => e.type);
  const customer = () => String(s.seedCustomer({ email: 'money@states.test' }).id);

  test('manual capture: charge.succeeded authorizes (captured false, nothing captured, no balance transaction); a partial capture moves only what it captures and releases the rest', () => {
    const ch = s.seedCharge(customer(), { amount: 10000, currency: 'usd', manualCapture: true });
    expect(ch).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount_captured: 0, amount_refunded: 0, balance_transaction: null });
    expect(s.store().events.at(-1)).toMatchObject({ type: 'charge.succeeded', data: { object: { captured: false, amount_captured: 0 } } });
    expect(txnsOf(String(ch.id))).toEqual([]);
    expect(s.payOut('usd')).toBeUndefined();
    const since = s.store().events.length;
    // the spec's parameter is amount_to_capture; a misspelt one is refused before anything moves
    expect(call('POST', `/v1/payment_intents/${String(ch.payment_intent)}/capture`, 'amount=6000').json.error.param).toBe('amount');
    const r = call('POST', `/v1/payment_intents/${String(ch.payment_intent)}/capture`, 'amount_to_capture=6000');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 6000, amount_capturable: 0, capture_method: 'manual' });
    const after = call('GET', `/v1/charges/${String(ch.id)}?expand[]=balance_transaction&expand[]=refunds`).json;
    expect(after).toMatchObject({ captured: true, amount: 10000, amount_captured: 6000, amount_refunded: 4000, refunded: false, balance_transaction: { type: 'charge', amount: 6000, fee: 204, net: 5796 }, refunds: { data: [] } });
    expect(eventsOf(since)).toEqual(['charge.captured']);
    expect(s.store().events.at(-1)).toMatchObject({ data: { object: { captured: true, amount_captured: 6000 }, previous_attributes: { captured: false, amount_captured: 0 } } });
    expect(call('POST', `/v1/charges/${String(ch.id)}/capture`).json.error).toMatchObject({ code: 'charge_already_captured' });
    expect(s.payOut('usd')).toMatchObject({ amount: 5796 });
  });

  test('an authorization not captured in 7 days expires: charge.expired, marked refunded, its intent canceled, nothing moved; capturing it then is refused', () => {
    const start = Date.UTC(2026, 10, 23, 12);
    s.clock = () => start;
    const ch = s.seedCharge(customer(), { amount: 2500, currency: 'usd', manualCapture: true });
    const late = s.seedCharge(customer(), { amount: 700, currency: 'usd', manualCapture: true });
    expect(s.expireAuthorizations()).toEqual([]);
    s.clock = () => start + 7 * 86400 * 1000 - 1000;
    expect(s.expireAuthorizations()).toEqual([]);
    s.clock = () => start + 7 * 86400 * 1000;
    const since = s.store().events.length;
    expect(s.expireAuthorizations().map((c) => c.id)).toEqual([ch.id, late.id]);
    expect(eventsOf(since)).toEqual(['charge.expired', 'charge.expired']);
    expect(s.store().charges.get(String(late.id))).toMatchObject({ captured: false, amount_captured: 0, refunded: true, amount_refunded: 700, balance_transaction: null });
    expect(s.store().paymentIntents.get(String(late.payment_intent))).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
    expect(call('POST', `/v1/charges/${String(late.id)}/capture`).json.error).toMatchObject({ code: 'charge_expired_for_capture' });
    expect(call('POST', `/v1/payment_intents/${String(late.payment_intent)}/capture`).json.error).toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect([...s.store().balanceTransactions.values()]).toEqual([]);
  });

  test('an inquiry withdraws nothing (no balance transaction, the charge still refundable); a chargeback withdraws amount and fee, and a won one has them back: one or two balance transactions on the dispute', () => {
    const ch = s.seedCharge(customer(), { amount: 5000, currency: 'usd' });
    const since = s.store().events.length;
    const inquiry = s.disputeCharge(String(ch.id), 'general', 'test', { inquiry: true });
    expect(inquiry).toMatchObject({ status: 'warning_needs_response', balance_transactions: [], is_charge_refundable: true });
    expect(txnsOf(String(inquiry.id))).toEqual([]);
    s.reviewDispute(String(inquiry.id));
    s.closeDispute(String(inquiry.id), 'warning_closed');
    expect(() => s.closeDispute(String(inquiry.id), 'lost')).toThrow(/warning_closed/);
    expect(eventsOf(since)).toEqual(['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);
    expect(txnsOf(String(inquiry.id))).toEqual([]);

    const other = s.seedCharge(customer(), { amount: 3000, currency: 'usd' });
    const asked = s.disputeCharge(String(other.id), 'fraudulent', 'test', { inquiry: true });
    const from = s.store().events.length;
    s.escalateInquiry(String(asked.id));
    s.closeDispute(String(asked.id), 'won');
    expect(eventsOf(from)).toEqual(['charge.dispute.updated', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated', 'charge.dispute.closed']);
    const dp = call('GET', `/v1/disputes/${String(asked.id)}`).json;
    expect(dp).toMatchObject({ status: 'won', is_charge_refundable: false });
    expect(dp.balance_transactions).toEqual([
      expect.objectContaining({ type: 'adjustment', amount: -3000, fee: 1500, net: -4500, reporting_category: 'dispute', fee_details: [expect.objectContaining({ amount: 1500, type: 'stripe_fee' })] }),
      expect.objectContaining({ type: 'adjustment', amount: 3000, fee: 0, net: 3000, reporting_category: 'dispute_reversal' }),
    ]);
    const lost = s.disputeCharge(String(ch.id));
    expect(lost.balance_transactions).toHaveLength(1);
    expect(s.store().events.slice(-2).map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
  });

  test('a refund that succeeded can fail later: status failed with its reason, the money back as a positive refund_failure transaction a later payout carries, refund.failed and charge.refund.updated', () => {
    const ch = s.seedCharge(customer(), { amount: 8000, currency: 'usd' });
    s.refundCharge(String(ch.id), 3000);
    const refund = [...s.store().refunds.values()][0];
    const first = s.payOut('usd')!;
    expect(first.amount).toBe(8000 - 262 - 3000);
    const since = s.store().events.length;
    s.failRefund(String(refund.id), 'lost_or_stolen_card');
    expect(eventsOf(since)).toEqual(['charge.refund.updated', 'refund.updated', 'refund.failed']);
    const r = call('GET', `/v1/charges/${String(ch.id)}?expand[]=refunds`).json;
    expect(r).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(r.refunds.data[0]).toMatchObject({ id: refund.id, status: 'failed', failure_reason: 'lost_or_stolen_card', failure_balance_transaction: expect.stringMatching(/^txn_/) });
    expect(txnsOf(String(refund.id)).map((t) => [t.type, t.amount, t.reporting_category])).toEqual([['refund', -3000, 'refund'], ['refund_failure', 3000, 'refund_failure']]);
    // when Stripe put it back: the failure balance transaction, expandable on the charge's refunds
    const withTxn = call('GET', `/v1/charges/${String(ch.id)}?expand[]=refunds&expand[]=refunds.data.failure_balance_transaction`).json;
    expect(withTxn.refunds.data[0].failure_balance_transaction).toMatchObject({ object: 'balance_transaction', type: 'refund_failure', amount: 3000, created: s.now() });
    const second = s.payOut('usd')!;
    expect(second.amount).toBe(3000);
    expect(call('GET', `/v1/balance_transactions?payout=${String(second.id)}&expand[]=data.source`).json.data.map((t: { type: string; source: { id: string } }) => [t.type, t.source.id])).toEqual([['payout', second.id], ['refund_failure', refund.id]]);
  });

  test('a payout the bank returns: failed, its amount back in the balance as a payout_failure transaction, expandable as the payout\'s failure_balance_transaction with the time it came back', () => {
    s.seedCharge(customer(), { amount: 4000, currency: 'usd' });
    const po = s.payOut('usd')!;
    const later = s.clock() + 3 * 86400 * 1000;
    s.clock = () => later;
    const since = s.store().events.length;
    s.failPayout(String(po.id));
    expect(eventsOf(since)).toEqual(['payout.failed']);
    const read = call('GET', `/v1/payouts/${String(po.id)}?expand[]=failure_balance_transaction`).json;
    expect(read).toMatchObject({ status: 'failed', failure_code: 'account_closed', failure_balance_transaction: { object: 'balance_transaction', type: 'payout_failure', amount: po.amount, created: s.now(), reporting_category: 'payout_reversal' } });
    expect(s.now()).toBe(Number(po.created) + 3 * 86400);
  });

  test('payout reconciliation: an automatic payout paid while Stripe reconciles it lists only part of what it carries until reconciliation_status is completed (payout.reconciliation_completed); a manual payout is not_applicable', () => {
    const id = customer();
    for (const amount of [1000, 2000, 3000, 4000]) s.seedCharge(id, { amount, currency: 'usd' });
    const hook = call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fexample.com%2Fhook&enabled_events[0]=payout.reconciliation_completed').json;
    expect(hook.enabled_events).toEqual(['payout.reconciliation_completed']);
    const po = s.payOut('usd', { reconciling: true })!;
    const listed = () => call('GET', `/v1/balance_transactions?payout=${String(po.id)}`).json.data.filter((t: { type: string }) => t.type !== 'payout');
    const sum = (txns: Array<{ net: number }>) => txns.reduce((a, t) => a + t.net, 0);
    expect(call('GET', `/v1/payouts/${String(po.id)}`).json).toMatchObject({ status: 'paid', automatic: true, reconciliation_status: 'in_progress' });
    expect(listed()).toHaveLength(2);
    expect(sum(listed())).toBeLessThan(Number(po.amount));
    const since = s.store().events.length;
    s.completeReconciliation(String(po.id));
    expect(s.store().events.slice(since)).toEqual([expect.objectContaining({ type: 'payout.reconciliation_completed', pending_webhooks: 1, data: { object: expect.objectContaining({ id: po.id, reconciliation_status: 'completed' }), previous_attributes: { reconciliation_status: 'in_progress' } } })]);
    expect(call('GET', `/v1/payouts/${String(po.id)}`).json.reconciliation_status).toBe('completed');
    expect(listed()).toHaveLength(4);
    expect(sum(listed())).toBe(Number(po.amount));
    expect(() => s.completeReconciliation(String(po.id))).toThrow(/not in_progress/);
    // by default a payout is paid reconciled; a manual payout has no reconciliation
    s.seedCharge(id, { amount: 500, currency: 'usd' });
    expect(s.payOut('usd')).toMatchObject({ reconciliation_status: 'completed' });
    s.seedCharge(id, { amount: 500, currency: 'usd' });
    expect(s.payOut('usd', { manual: true })).toMatchObject({ automatic: false, reconciliation_status: 'not_applicable' });
  });

  test('Stripe\'s own fees outside a charge: stripe_fee, stripe_fx_fee and tax_fee balance transactions, each carried by the next payout', () => {
    s.seedCharge(customer(), { amount: 10000, currency: 'usd' });
    s.chargeStripeFee('usd', 120, 'Radar');
    s.chargeStripeFee('usd', 45, 'Currency conversion', 'test', 'stripe_fx_fee');
    s.chargeStripeFee('usd', 9, 'Tax on Stripe fees', 'test', 'tax_fee');
    expect(() => s.chargeStripeFee('usd', 1, 'x', 'test', 'charge' as 'stripe_fee')).toThrow(/not a Stripe fee type/);
    const po = s.payOut('usd')!;
    expect(po.amount).toBe(10000 - 320 - 120 - 45 - 9);
    const listed = call('GET', `/v1/balance_transactions?payout=${String(po.id)}`).json.data.map((t: { type: string; amount: number; reporting_category: string }) => [t.type, t.amount, t.reporting_category]);
    expect(listed).toEqual(expect.arrayContaining([['stripe_fee', -120, 'fee'], ['stripe_fx_fee', -45, 'fee'], ['tax_fee', -9, 'fee']]));
  });

  test('an invoice payment is paid with the money: invoice_payment.paid after the charge\'s event (an authorization\'s at capture), retrievable with its invoice and payment intent expanded', () => {
    const since = s.store().events.length;
    const ch = s.seedCharge(customer(), { amount: 5000, currency: 'usd', invoice: 'in_1Now', invoiceMetadata: { netsuite_invoice_id: '9' } });
    expect(eventsOf(since).slice(-2)).toEqual(['charge.succeeded', 'invoice_payment.paid']);
    const ip = s.store().events.at(-1)!.data as { object: { id: string; invoice: string; status: string; payment: { type: string; payment_intent: string } } };
    expect(ip.object).toMatchObject({ invoice: 'in_1Now', status: 'paid', payment: { type: 'payment_intent', payment_intent: ch.payment_intent } });
    const read = call('GET', `/v1/invoice_payments/${ip.object.id}?expand[]=invoice&expand[]=payment.payment_intent`).json;
    expect(read).toMatchObject({ invoice: { id: 'in_1Now', object: 'invoice', metadata: { netsuite_invoice_id: '9' }, status: 'paid' }, payment: { payment_intent: { id: ch.payment_intent, latest_charge: ch.id } } });
    // an authorization pays nothing until it is captured; its invoice stays open meanwhile
    const held = s.seedCharge(customer(), { amount: 7000, currency: 'usd', invoice: 'in_1Held', manualCapture: true });
    expect(s.store().events.at(-1)!.type).toBe('charge.succeeded');
    expect(s.store().invoices.get('in_1Held')).toMatchObject({ status: 'open', amount_paid: 0 });
    expect(call('GET', '/v1/invoice_payments?invoice=in_1Held').json.data).toEqual([]);
    const at = s.store().events.length;
    s.captureCharge(String(held.id), 6000);
    expect(eventsOf(at)).toEqual(['charge.captured', 'invoice_payment.paid']);
    expect(s.store().invoices.get('in_1Held')).toMatchObject({ status: 'paid', amount_paid: 6000 });
    expect(call('GET', '/v1/invoice_payments?invoice=in_1Held').json.data).toEqual([expect.objectContaining({ status: 'paid', amount_paid: 6000, amount_requested: 7000 })]);
    // the pinned version's enabled_events names the type
    expect(call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fd.example.com%2Fhook&enabled_events[0]=invoice_payment.paid').status).toBe(200);
  });

  test('an event goes only to the enabled endpoints whose enabled_events name its type or *', () => {
    call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fa.example.com%2Fhook&enabled_events[0]=charge.succeeded');
    call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fb.example.com%2Fhook&enabled_events[0]=*');
    const off = call('POST', '/v1/webhook_endpoints', 'url=https%3A%2F%2Fc.example.com%2Fhook&enabled_events[0]=*').json;
    call('POST', `/v1/webhook_endpoints/${off.id}`, 'disabled=true');
    const since = s.store().events.length;
    const ch = s.seedCharge(customer(), { amount: 1000, currency: 'usd', manualCapture: true });
    s.captureCharge(String(ch.id));
    const sent = s.deliveries(since).map((x) => `${x.type} -> ${new URL(x.url).host}`);
    expect(sent).toEqual(['customer.created -> b.example.com', 'charge.succeeded -> a.example.com', 'charge.succeeded -> b.example.com', 'charge.captured -> b.example.com']);
    expect(s.store().events.slice(since).map((e) => [e.type, e.pending_webhooks])).toEqual([['customer.created', 1], ['charge.succeeded', 2], ['charge.captured', 1]]);
  });
});
