/**
 * What the Stripe client sends and when it tries again: every request pinned to one API version,
 * POSTs keyed for idempotency, retries only where Stripe says a retry can help (its
 * Stripe-Should-Retry header, else 409, 429 and 5xx, and answers lost on the network), with backoff
 * and only while the script can pay for another call. The double answers where it can; the header
 * cases it never sends come from a scripted transport.
 */
import { backoffMs, NO_RETRY, RetryPolicy, StripeClient, StripeError, StripeTransport, TransportFailure, TransportRequest, TransportResponse, STRIPE_API_VERSION } from '../../src/core/stripe/client';
import { StripeDouble, StripeNetworkFailure } from '../../emulator/stripe';

const KEY = `sk_test_${'ClientRules'.padEnd(24, '0')}`;

/** The double behind a transport as N/https reaches Stripe: a lost answer is a TransportFailure. */
function doubleTransport(stripe: StripeDouble, sent: TransportRequest[] = []): StripeTransport {
  return {
    send(req) {
      sent.push({ ...req, headers: { ...req.headers } });
      try {
        return stripe.handle({ method: req.method, url: req.path, headers: { ...req.headers, Authorization: `Bearer ${KEY}` }, body: req.body || '' });
      } catch (e) {
        if (e instanceof StripeNetworkFailure) throw new TransportFailure(e.message);
        throw e;
      }
    },
  };
}

/** Retries allowed, sleeps recorded instead of waited. */
function policy(maxRetries: number, canAfford: () => boolean = () => true): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return { maxRetries, sleep: (ms) => { slept.push(ms); }, canAffordRequest: canAfford, slept };
}

/** A transport answering from a script, one answer per request, then 200. */
function scripted(answers: Array<TransportResponse | Error>): StripeTransport & { sent: number } {
  const t = {
    sent: 0,
    send(): TransportResponse {
      const a = answers[t.sent++];
      if (a instanceof Error) throw a;
      return a ?? { status: 200, headers: {}, body: '{"id":"cus_ok"}' };
    },
  };
  return t;
}
const answer = (status: number, headers: Record<string, string> = {}, body = JSON.stringify({ error: { type: 'api_error', message: `status ${status}` } })): TransportResponse => ({ status, headers, body });
const failure = (f: () => unknown): StripeError => {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(StripeError); return e as StripeError; }
  throw new Error('no error');
};

let stripe: StripeDouble;
beforeEach(() => { stripe = new StripeDouble({ apiKeys: [KEY] }); });

test('every request names the pinned API version; a POST is a form with its Idempotency-Key; a GET\'s parameters go in the query', () => {
  const sent: TransportRequest[] = [];
  const client = new StripeClient(doubleTransport(stripe, sent));
  const created = client.post<{ id: string }>('/v1/customers', { email: 'a@b.test', metadata: { netsuite_customer_id: '7' } }, 'pp-create-7');
  client.get('/v1/customers', { email: 'a@b.test', limit: 1 });
  client.get(`/v1/customers/${created.id}`);
  client.del(`/v1/customers/${created.id}`);
  expect(sent.map((r) => [r.method, r.path, r.body, r.headers])).toEqual([
    ['POST', '/v1/customers', 'email=a%40b.test&metadata%5Bnetsuite_customer_id%5D=7', { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': 'pp-create-7', 'Stripe-Version': STRIPE_API_VERSION }],
    ['GET', '/v1/customers?email=a%40b.test&limit=1', undefined, { 'Stripe-Version': STRIPE_API_VERSION }],
    ['GET', `/v1/customers/${created.id}`, undefined, { 'Stripe-Version': STRIPE_API_VERSION }],
    ['DELETE', `/v1/customers/${created.id}`, undefined, { 'Stripe-Version': STRIPE_API_VERSION }],
  ]);
  expect(STRIPE_API_VERSION).toBe('2025-09-30.clover');
  expect(stripe.store().customers.get(created.id)).toMatchObject({ deleted: true });
  expect(client.requests).toBe(4);
});

test('Stripe failing twice: tried again after 0.5 s and 1 s, created once, three requests counted', () => {
  stripe.failNext({ status: 500, count: 2, method: 'POST' });
  const retry = policy(3);
  const client = new StripeClient(doubleTransport(stripe), retry);
  const c = client.post<{ id: string }>('/v1/customers', { email: 'r@b.test' }, 'pp-create-8');
  expect(c.id).toMatch(/^cus_/);
  expect(retry.slept).toEqual([500, 1000]);
  expect(client.requests).toBe(3);
  expect(stripe.store().customers.size).toBe(1);
});

test('backoff doubles from 0.5 s and stops growing at 5 s', () => {
  expect([1, 2, 3, 4, 5, 6, 9].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('out of retries: Stripe\'s own error, with its status, type, code and request id', () => {
  stripe.failNext({ status: 429, count: 5 });
  const retry = policy(2);
  const client = new StripeClient(doubleTransport(stripe), retry);
  const e = failure(() => client.get('/v1/customers'));
  expect(e).toMatchObject({ status: 429, type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' });
  expect(e.requestId).toMatch(/^req_/);
  expect(e.describe()).toBe(`Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits. (rate_limit, ${e.requestId})`);
  expect(client.requests).toBe(3);
  expect(retry.slept).toEqual([500, 1000]);
});

test('no retry once the script cannot pay for another request, nor with no retries allowed', () => {
  stripe.failNext({ status: 503, count: 5 });
  const broke = new StripeClient(doubleTransport(stripe), policy(5, () => false));
  expect(failure(() => broke.get('/v1/customers')).status).toBe(503);
  expect(broke.requests).toBe(1);
  const once = new StripeClient(doubleTransport(stripe), NO_RETRY);
  expect(failure(() => once.get('/v1/customers')).status).toBe(503);
  expect(once.requests).toBe(1);
});

test('a request refused for its content is not tried again', () => {
  const retry = policy(3);
  const client = new StripeClient(doubleTransport(stripe), retry);
  const e = failure(() => client.get('/v1/customers/cus_missing'));
  expect(e).toMatchObject({ status: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'id' });
  expect(e.describe()).toBe(`No such customer: 'cus_missing' (resource_missing, param id, ${e.requestId})`);
  expect(client.requests).toBe(1);
  expect(retry.slept).toEqual([]);
});

describe('which answers are tried again', () => {
  const cases: Array<[string, TransportResponse, boolean]> = [
    ['429 rate limited', answer(429), true],
    ['409 conflict (a concurrent request with the same key)', answer(409), true],
    ['500', answer(500), true],
    ['503', answer(503), true],
    ['400', answer(400), false],
    ['402 card declined', answer(402), false],
    ['499', answer(499), false],
    ['500 that Stripe says not to retry', answer(500, { 'Stripe-Should-Retry': 'false' }), false],
    ['409 that Stripe says not to retry', answer(409, { 'stripe-should-retry': 'false' }), false],
    ['400 that Stripe says to retry (header names are case-insensitive)', answer(400, { 'stripe-should-retry': 'true' }), true],
    ['402 that Stripe says to retry', answer(402, { 'STRIPE-SHOULD-RETRY': 'true' }), true],
  ];
  test.each(cases)('%s', (_, res, retried) => {
    const transport = scripted([res]);
    const client = new StripeClient(transport, policy(1));
    if (retried) expect(client.get<{ id: string }>('/v1/customers/cus_ok').id).toBe('cus_ok');
    else expect(failure(() => client.get('/v1/customers/cus_ok')).status).toBe(res.status);
    expect(transport.sent).toBe(retried ? 2 : 1);
  });
});

test('an answer lost on the network is tried again; when every try is lost, the error says Stripe could not be reached', () => {
  stripe.failNext({ network: 'timeout', count: 1 });
  const client = new StripeClient(doubleTransport(stripe), policy(2));
  expect(client.get<{ data: unknown[] }>('/v1/customers').data).toEqual([]);
  expect(client.requests).toBe(2);

  stripe.failNext({ network: 'connect', count: 3 });
  const retry = policy(2);
  const lost = new StripeClient(doubleTransport(stripe), retry);
  const e = failure(() => lost.get('/v1/customers'));
  expect(e).toMatchObject({ status: 0, type: 'connection_error', code: 'network_error', message: 'Stripe could not be reached: simulated network connect failure' });
  expect(e.describe()).toBe('Stripe could not be reached: simulated network connect failure (network_error)');
  expect(retry.slept).toEqual([500, 1000]);
});

test('a failure that is not the network\'s (a bug, NetSuite stopping the script) goes up as it is, never retried', () => {
  const bug = new TypeError('cannot read x');
  const transport = scripted([bug]);
  const client = new StripeClient(transport, policy(3));
  expect(() => client.get('/v1/customers')).toThrow(bug);
  expect(transport.sent).toBe(1);
});

test('an error answer without Stripe\'s error body still says what happened', () => {
  const proxy = failure(() => new StripeClient(scripted([answer(502, {}, '<html>Bad gateway</html>')])).get('/v1/customers'));
  expect(proxy).toMatchObject({ status: 502, type: 'api_error', message: 'Stripe answered 502 with a body that is not JSON' });
  expect(proxy.describe()).toBe('Stripe answered 502 with a body that is not JSON');
  const bare = failure(() => new StripeClient(scripted([answer(500, { 'Request-Id': 'req_bare' }, '{}')])).get('/v1/customers'));
  expect(bare).toMatchObject({ status: 500, type: 'api_error', message: 'Stripe answered 500', requestId: 'req_bare' });
  expect(bare.describe()).toBe('Stripe answered 500 (req_bare)');
});

test('only a 2xx answer is a result: a redirect or an informational status from a proxy in between is an error, not tried again', () => {
  for (const status of [300, 302, 199]) {
    const t = scripted([answer(status, { Location: 'https://proxy.example/login' }, '{"id":"cus_from_a_proxy"}')]);
    expect(failure(() => new StripeClient(t, policy(2)).get('/v1/customers/cus_1'))).toMatchObject({ status, message: `Stripe answered ${status}` });
    expect(t.sent).toBe(1);
  }
});
