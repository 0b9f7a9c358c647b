/**
 * A stateful Stripe API double. It answers the endpoints PayPack uses, checks every request
 * against Stripe's OpenAPI spec, honours Idempotency-Key, separates test and live mode data,
 * records events, counts calls and can inject 429s, 5xx and network failures.
 * It speaks HTTP-shaped requests, so the NetSuite double's N/https and a real local HTTP server
 * can both front it. This file is its core (requests, idempotency, faults, events); each Stripe
 * resource lives in its own file (customers, charges, balance, checkout, webhooks).
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { asList, decodeForm, FormError, FormObject } from './form';
import { checkParams, matchOperation } from './spec';
import { FIXTURE_API_VERSION } from './shapes';
import { canonical, clone, DoubleCore, error, lower, Mode, Obj, RouteContext, Store, StripeCall, StripeNetworkFailure, StripeRequest, StripeResponse } from './common';
import * as customers from './customers';
import * as charges from './charges';
import * as balance from './balance';
import * as checkout from './checkout';
import * as webhooks from './webhooks';
import * as paymentIntents from './payment-intents';

export { error, Store, StripeNetworkFailure } from './common';
export type { Obj, StripeCall, StripeRequest, StripeResponse } from './common';
export { parseSearchQuery } from './customers';

/** The arguments of a resource function after the double itself. */
type Rest<F> = F extends (d: DoubleCore, ...rest: infer R) => unknown ? R : never;

interface Fault { status?: number; network?: 'connect' | 'timeout'; afterExecution?: boolean; match?: (method: string, path: string) => boolean; remaining: number; body?: Obj }

/** The version whose objects the double answers with (Stripe's example objects of it are in fixtures/). */
export const DEFAULT_API_VERSION = FIXTURE_API_VERSION;

export class StripeDouble implements DoubleCore {
  readonly calls: StripeCall[] = [];
  readonly stores: { test: Store; live: Store } = { test: new Store(), live: new Store() };
  /** Keys the double accepts. */
  readonly apiKeys = new Set<string>();
  /** Customer portal saved in the dashboard? Without it, portal sessions fail as Stripe's do. */
  portalConfigured = { test: true, live: true };
  /** How long /v1/customers/search lags behind writes: a minute, Stripe's "up to a minute" (set 0 for an index that keeps up). */
  searchLagSeconds = 60;
  maxWebhookEndpoints = 16;
  apiVersion = DEFAULT_API_VERSION;
  /**
   * The currencies the account settles in (has a bank account for): a charge in any other currency is
   * converted into the first one, as Stripe converts it, at `exchangeRates` (a US account: usd only).
   */
  settlementCurrencies: string[] = ['usd'];
  /** Units of the settlement currency per unit of another currency (major units), for conversion. */
  exchangeRates: Record<string, Record<string, number>> = { usd: { eur: 1.08, gbp: 1.27, chf: 1.12, cad: 0.73, aud: 0.66, jpy: 0.0067 }, eur: { usd: 0.93, gbp: 1.18, chf: 1.04, jpy: 0.0062 } };
  /** Epoch milliseconds; the world wires it to the account's clock. */
  clock: () => number = () => Date.now();
  /** Called as each request arrives, before anything else (tests use it to interleave concurrent work). */
  onRequest?: (req: StripeRequest) => void;
  /** Called once an answer is made, before the caller has it (tests use it to act while the answer is on its way back). */
  onAnswer?: (call: StripeCall) => void;
  private faults: Fault[] = [];
  private seq = 0;

  constructor(options: { apiKeys?: string[] } = {}) {
    for (const k of options.apiKeys || []) this.apiKeys.add(k);
  }

  // ---- fault injection & inspection -----------------------------------------------------------
  /**
   * The next `count` matching requests fail with this status (429 or 5xx) or a network failure.
   * `afterExecution`: a 5xx is saved for its idempotency key; a network failure loses the answer of a request Stripe carried out.
   */
  failNext(options: { status?: number; network?: 'connect' | 'timeout'; count?: number; afterExecution?: boolean; method?: string; path?: string | RegExp; body?: Obj }): void {
    const { method, path } = options;
    this.faults.push({
      status: options.status, network: options.network, afterExecution: options.afterExecution, body: options.body,
      remaining: options.count ?? 1,
      match: (m, p) => (!method || method.toUpperCase() === m) && (!path || (typeof path === 'string' ? p === path : path.test(p))),
    });
  }

  /** Stripe is well again: no injected failure is left. */
  clearFaults(): void { this.faults = []; }

  /** Calls that reached the API (network failures never reach it). */
  callCount(filter?: { method?: string; path?: string | RegExp }): number {
    return this.calls.filter((c) => (!filter?.method || c.method === filter.method.toUpperCase())
      && (!filter?.path || (typeof filter.path === 'string' ? c.path === filter.path : filter.path.test(c.path)))).length;
  }

  store(mode: 'test' | 'live' = 'test'): Store { return this.stores[mode]; }

  // ---- seeding helpers (no call counted) -------------------------------------------------------
  seedCustomer(params: Obj, mode: 'test' | 'live' = 'test'): Obj {
    return customers.createCustomer(this, this.stores[mode], params as FormObject, mode === 'live');
  }

  seedPaymentMethod(...a: Rest<typeof customers.seedPaymentMethod>): Obj { return customers.seedPaymentMethod(this, ...a); }
  seedSource(...a: Rest<typeof customers.seedSource>): Obj { return customers.seedSource(this, ...a); }
  deliveries(...a: Rest<typeof webhooks.deliveries>): ReturnType<typeof webhooks.deliveries> { return webhooks.deliveries(this, ...a); }
  seedCharge(...a: Rest<typeof charges.seedCharge>): Obj { return charges.seedCharge(this, ...a); }
  refundCharge(...a: Rest<typeof charges.refundCharge>): Obj { return charges.refundCharge(this, ...a); }
  disputeCharge(...a: Rest<typeof charges.disputeCharge>): Obj { return charges.disputeCharge(this, ...a); }
  reviewDispute(...a: Rest<typeof charges.reviewDispute>): Obj { return charges.reviewDispute(this, ...a); }
  escalateInquiry(...a: Rest<typeof charges.escalateInquiry>): Obj { return charges.escalateInquiry(this, ...a); }
  failRefund(...a: Rest<typeof charges.failRefund>): Obj { return charges.failRefund(this, ...a); }
  expireAuthorizations(...a: Rest<typeof charges.expireAuthorizations>): Obj[] { return charges.expireAuthorizations(this, ...a); }
  /** Capture an authorized charge as the account would (no call counted); throws Stripe's error message if it cannot be captured. */
  captureCharge(...a: Rest<typeof charges.captureCharge>): Obj {
    const out = charges.captureCharge(this, ...a);
    if (charges.isAnswer(out)) throw new Error((JSON.parse(out.body) as { error: { message: string } }).error.message);
    return out;
  }
  closeDispute(...a: Rest<typeof charges.closeDispute>): Obj { return charges.closeDispute(this, ...a); }
  completeCheckout(...a: Rest<typeof checkout.completeCheckout>): Obj { return checkout.completeCheckout(this, ...a); }
  payOut(...a: Rest<typeof balance.payOut>): Obj | undefined { return balance.payOut(this, ...a); }
  chargeStripeFee(...a: Rest<typeof balance.chargeStripeFee>): string { return balance.chargeStripeFee(this, ...a); }
  failPayout(...a: Rest<typeof balance.failPayout>): Obj { return balance.failPayout(this, ...a); }
  completeReconciliation(...a: Rest<typeof balance.completeReconciliation>): Obj { return balance.completeReconciliation(this, ...a); }
  /** Processing bank debits old enough settle (succeed or fail as their test account says), with their events. */
  settleBankDebits(...a: Rest<typeof paymentIntents.settleBankDebits>): Obj[] { return paymentIntents.settleBankDebits(this, ...a); }

  // ---- persistence (the local sandbox's --data) ------------------------------------------------
  snapshot(): unknown {
    const store = (st: Store) => ({
      customers: [...st.customers], paymentMethods: [...st.paymentMethods], sources: [...st.sources], portalSessions: [...st.portalSessions],
      webhookEndpoints: [...st.webhookEndpoints], events: st.events, idempotency: [...st.idempotency], indexedAt: [...st.indexedAt],
      charges: [...st.charges], balanceTransactions: [...st.balanceTransactions], disputes: [...st.disputes], refunds: [...st.refunds], payouts: [...st.payouts],
      invoicePayments: [...st.invoicePayments], paymentIntents: [...st.paymentIntents], invoices: [...st.invoices],
    });
    return { seq: this.seq, test: store(this.stores.test), live: store(this.stores.live) };
  }

  restore(snapshot: unknown): void {
    const snap = snapshot as { seq: number; test: Record<string, unknown>; live: Record<string, unknown> };
    this.seq = snap.seq;
    for (const mode of ['test', 'live'] as const) {
      const src = snap[mode] as Record<string, [string, never][]> & { events: Obj[] };
      const st = new Store();
      st.customers = new Map(src.customers); st.paymentMethods = new Map(src.paymentMethods); st.sources = new Map(src.sources);
      st.portalSessions = new Map(src.portalSessions); st.webhookEndpoints = new Map(src.webhookEndpoints); st.events = src.events;
      st.idempotency = new Map(src.idempotency); st.indexedAt = new Map(src.indexedAt);
      st.charges = new Map(src.charges || []); st.balanceTransactions = new Map(src.balanceTransactions || []); st.disputes = new Map(src.disputes || []);
      st.refunds = new Map(src.refunds || []); st.payouts = new Map(src.payouts || []); st.invoicePayments = new Map(src.invoicePayments || []);
      st.paymentIntents = new Map(src.paymentIntents || []); st.invoices = new Map(src.invoices || []);
      for (const c of st.customers.values()) st.index(c, undefined);
      this.stores[mode] = st;
    }
  }

  // ---- HTTP -----------------------------------------------------------------------------------
  handle(req: StripeRequest): StripeResponse {
    if (this.onRequest) this.onRequest(req);
    const url = new URL(req.url, 'https://api.stripe.com');
    const method = req.method.toUpperCase();
    const path = url.pathname;
    const headers = lower(req.headers);

    // network failures never reach Stripe; 429s are answered before the idempotency layer
    const fault = this.faults.find((f) => f.remaining > 0 && f.match!(method, path));
    if (fault && fault.network && fault.afterExecution) {
      // Stripe acts, then the answer is lost on the way back
      fault.remaining--;
      const faults = this.faults;
      this.faults = faults.filter((f) => f !== fault);
      try { this.handle(req); } finally { this.faults = faults; }
      throw new StripeNetworkFailure(fault.network);
    }
    if (fault && (fault.network || !fault.afterExecution)) {
      fault.remaining--;
      if (fault.network) throw new StripeNetworkFailure(fault.network);
      return this.record(method, path, {}, headers, 'none', false, this.faultResponse(fault));
    }

    const auth = this.authenticate(headers.authorization);
    if ('error' in auth) return this.record(method, path, {}, headers, 'none', false, auth.error);
    const mode = auth.mode;
    const store = this.stores[mode];

    let params: FormObject;
    try {
      params = method === 'GET' || method === 'DELETE' ? decodeForm(url.search.slice(1)) : decodeForm(req.body);
    } catch (e) {
      return this.record(method, path, {}, headers, mode, false, error(400, 'invalid_request_error', (e as Error).message, { param: (e as FormError).param }));
    }

    const match = matchOperation(method, path);
    if (!match) {
      return this.record(method, path, params, headers, mode, false, error(404, 'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`));
    }
    const bad = checkParams(match.op, method, params);
    if (bad) return this.record(method, path, params, headers, mode, false, error(400, 'invalid_request_error', bad.message, { code: bad.code, param: bad.param }));

    const key = headers['idempotency-key'];
    if (key !== undefined && method === 'POST') {
      if (key.length > 255) return this.record(method, path, params, headers, mode, false, error(400, 'invalid_request_error', 'Idempotency-Key must be at most 255 characters long.'));
      const fingerprint = `${method} ${path} ${canonical(params)}`;
      let saved = store.idempotency.get(key);
      // Stripe prunes keys once they are 24 hours old: the same key then runs as a new request
      if (saved && saved.at !== undefined && this.clock() - saved.at >= IDEMPOTENCY_TTL_MS) {
        store.idempotency.delete(key);
        saved = undefined;
      }
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          return this.record(method, path, params, headers, mode, false, error(400, 'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`));
        }
        return this.record(method, path, params, headers, mode, true, { ...saved.response, headers: { ...saved.response.headers, 'Idempotent-Replayed': 'true' } });
      }
      const response = fault ? (fault.remaining--, this.faultResponse(fault)) : this.execute(store, mode, method, match.template, match.pathParams, params);
      store.idempotency.set(key, { fingerprint, response, at: this.clock() });
      return this.record(method, path, params, headers, mode, false, response);
    }
    if (fault) { fault.remaining--; return this.record(method, path, params, headers, mode, false, this.faultResponse(fault)); }
    return this.record(method, path, params, headers, mode, false, this.execute(store, mode, method, match.template, match.pathParams, params));
  }

  /** Serve the double over local HTTP (loopback only). */
  listen(port = 0, host = '127.0.0.1'): Promise<{ server: http.Server; url: string }> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          const out = this.handle({ method: req.method || 'GET', url: req.url || '/', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(out.status, out.headers);
          res.end(out.body);
        } catch (e) {
          req.socket.destroy(e instanceof Error ? e : undefined);
        }
      });
    });
    return new Promise((resolve) => server.listen(port, host, () => {
      const addr = server.address() as { port: number };
      resolve({ server, url: `http://${host}:${addr.port}` });
    }));
  }

  // ---- internals ------------------------------------------------------------------------------
  private faultResponse(f: Fault): StripeResponse {
    const status = f.status || 500;
    if (status === 429) return error(429, 'invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' });
    return error(status, 'api_error', 'Something went wrong on Stripe\'s end.', {}, { 'Stripe-Should-Retry': 'true' });
  }

  private record(method: string, path: string, params: FormObject, headers: Record<string, string>, mode: StripeCall['mode'], replayed: boolean, res: StripeResponse): StripeResponse {
    const call: StripeCall = { method, path, params, idempotencyKey: headers['idempotency-key'], status: res.status, replayed, mode };
    this.calls.push(call);
    this.onAnswer?.(call);
    const requestId = `req_${crypto.randomBytes(7).toString('hex')}`;
    return { ...res, headers: { 'Content-Type': 'application/json', 'Request-Id': requestId, 'Stripe-Version': this.apiVersion, ...res.headers } };
  }

  private authenticate(header: string | undefined): { mode: 'test' | 'live' } | { error: StripeResponse } {
    if (!header) {
      return { error: error(401, 'invalid_request_error', "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.") };
    }
    const key = header.replace(/^Bearer\s+/i, '');
    if (!this.apiKeys.has(key)) {
      const shown = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '****';
      return { error: error(401, 'invalid_request_error', `Invalid API Key provided: ${shown}`) };
    }
    return { mode: /^(sk|rk)_live_/.test(key) ? 'live' : 'test' };
  }

  /** Now in Stripe's epoch seconds (the resources use it). */
  now(): number { return Math.floor(this.clock() / 1000); }
  /** A new object id with Stripe's prefix (the resources use it). */
  id(prefix: string): string {
    this.seq++;
    return `${prefix}_${crypto.randomBytes(7).toString('base64url').replace(/[-_]/g, 'x')}${this.seq.toString(36).padStart(3, '0')}`;
  }

  /** Record an event (the resources use it); `deliveries` sends it to the endpoints that subscribe to its type. */
  emit(store: Store, livemode: boolean, type: string, object: Obj, previous?: Obj): void {
    store.events.push({
      id: this.id('evt'), object: 'event', api_version: this.apiVersion, created: this.now(), livemode, type,
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
      pending_webhooks: webhooks.subscribers(store, type).length, request: { id: null, idempotency_key: null },
    });
  }

  private execute(store: Store, mode: Mode, method: string, template: string, p: Record<string, string>, params: FormObject): StripeResponse {
    const route = `${method} ${template}`;
    const ctx: RouteContext = { store, mode, live: mode === 'live', p, params, expand: (asList(params.expand) || []).map(String), route };
    for (const routes of [customers.customerRoutes, webhooks.webhookRoutes, charges.chargeRoutes, balance.balanceRoutes, checkout.checkoutRoutes, paymentIntents.paymentIntentRoutes]) {
      const answer = routes(this, ctx);
      if (answer) return answer;
    }
    return error(501, 'api_error', `The Stripe double does not model ${route} yet.`);
  }
}

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
