/**
 * A stateful Stripe API double. It answers the endpoints PayPack uses, checks every request
 * against Stripe's OpenAPI spec, honours Idempotency-Key, separates test and live mode data,
 * records events, counts calls and can inject 429s, 5xx and network failures.
 * It speaks HTTP-shaped requests, so the NetSuite double's N/https and a real local HTTP server
 * can both front it.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { asList, decodeForm, FormError, FormObject, FormValue } from './form';
import { checkParams, matchOperation } from './spec';
import { checkShape, FIXTURE_API_VERSION } from './shapes';

export interface StripeRequest { method: string; url: string; headers: Record<string, string>; body: string }
export interface StripeResponse { status: number; headers: Record<string, string>; body: string }
export class StripeNetworkFailure extends Error {
  constructor(readonly kind: 'connect' | 'timeout') { super(`simulated network ${kind} failure`); }
}

export interface StripeCall {
  method: string;
  path: string;
  params: FormObject;
  idempotencyKey?: string;
  status: number;
  replayed: boolean;
  mode: 'test' | 'live' | 'none';
}

type Obj = Record<string, unknown>;
interface Fault { status?: number; network?: 'connect' | 'timeout'; afterExecution?: boolean; match?: (method: string, path: string) => boolean; remaining: number; body?: Obj }

class Store {
  customers = new Map<string, Obj>();
  paymentMethods = new Map<string, Obj>();
  sources = new Map<string, Obj>();
  portalSessions = new Map<string, Obj>();
  webhookEndpoints = new Map<string, Obj>();
  charges = new Map<string, Obj>();
  disputes = new Map<string, Obj>();
  balanceTransactions = new Map<string, Obj>();
  refunds = new Map<string, Obj>();
  payouts = new Map<string, Obj>();
  invoicePayments = new Map<string, Obj>();
  paymentIntents = new Map<string, Obj>();
  invoices = new Map<string, Obj>();
  checkoutSessions = new Map<string, Obj>();
  events: Obj[] = [];
  /** Idempotency keys with their first answer and when it was saved (Stripe keeps them at least 24 hours). */
  idempotency = new Map<string, { fingerprint: string; response: StripeResponse; at?: number }>();
  /** When each customer last changed: search only sees it after the search lag. */
  indexedAt = new Map<string, number>();
  /** email -> customer ids, so large runs stay fast (Stripe's list by email is exact). */
  byEmail = new Map<string, Set<string>>();
  index(c: Obj, oldEmail: unknown): void {
    if (oldEmail === c.email) return;
    if (typeof oldEmail === 'string') this.byEmail.get(oldEmail)?.delete(c.id as string);
    if (typeof c.email === 'string') {
      if (!this.byEmail.has(c.email)) this.byEmail.set(c.email, new Set());
      this.byEmail.get(c.email)!.add(c.id as string);
    }
  }
}

/** The version whose objects the double answers with (Stripe's example objects of it are in fixtures/). */
export const DEFAULT_API_VERSION = FIXTURE_API_VERSION;

export class StripeDouble {
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
    return this.createCustomer(this.stores[mode], params as FormObject, mode === 'live');
  }

  /** A card (or other) payment method attached to a customer; `makeDefault` sets invoice_settings. */
  seedPaymentMethod(customerId: string, pm: { type?: string; card?: Obj; us_bank_account?: Obj; sepa_debit?: Obj; link?: Obj }, options: { makeDefault?: boolean; mode?: 'test' | 'live' } = {}): Obj {
    const store = this.stores[options.mode || 'test'];
    const type = pm.type || 'card';
    const obj: Obj = {
      id: this.id('pm'), object: 'payment_method', type, created: this.now(), customer: customerId, livemode: options.mode === 'live',
      metadata: {}, billing_details: { address: null, email: null, name: null, phone: null }, [type]: (pm as Obj)[type] || {},
    };
    store.paymentMethods.set(obj.id as string, obj);
    if (options.makeDefault) {
      const c = store.customers.get(customerId);
      if (c) (c.invoice_settings as Obj).default_payment_method = obj.id;
    }
    return obj;
  }

  /**
   * What Stripe would send to the webhook endpoints for the events recorded after `since` (an index
   * into the store's events): one signed delivery per subscribed, enabled endpoint, `Stripe-Signature`
   * made with the endpoint's secret as Stripe makes it.
   */
  deliveries(since: number, mode: 'test' | 'live' = 'test'): Array<{ url: string; body: string; signature: string; type: string }> {
    const store = this.stores[mode];
    const out: Array<{ url: string; body: string; signature: string; type: string }> = [];
    for (const event of store.events.slice(since)) {
      for (const we of store.webhookEndpoints.values()) {
        const events = (we.enabled_events as string[]) || [];
        if (we.status !== 'enabled' || !(events.includes('*') || events.includes(event.type as string))) continue;
        const body = JSON.stringify(event);
        const t = this.now();
        const v1 = crypto.createHmac('sha256', String(we._secret)).update(`${t}.${body}`).digest('hex');
        out.push({ url: String(we.url), body, signature: `t=${t},v1=${v1}`, type: String(event.type) });
      }
    }
    return out;
  }

  /**
   * A charge of a customer, as a payment would make it: succeeded (with its balance transaction:
   * Stripe's fee and the net) or failed (with Stripe's failure message); emits charge.succeeded or
   * charge.failed. Amounts in the currency's smallest unit, as Stripe writes them.
   */
  seedCharge(customerId: string, options: {
    amount: number; currency: string; failureMessage?: string; card?: Obj; invoice?: string; mode?: 'test' | 'live';
    /** Made with the Charges API: no payment intent, and the invoice it pays lists it as a `charge` payment. */
    chargesApi?: boolean;
    /** Metadata of the charge, of its payment intent, and of the Stripe invoice it pays (`invoice` names it). */
    metadata?: Record<string, string>; intentMetadata?: Record<string, string>; invoiceMetadata?: Record<string, string>;
  }): Obj {
    const live = options.mode === 'live';
    const store = this.stores[options.mode || 'test'];
    const failed = options.failureMessage !== undefined;
    const charge: Obj = {
      id: this.id('ch'), object: 'charge', amount: options.amount, amount_captured: failed ? 0 : options.amount, amount_refunded: 0,
      currency: options.currency, customer: customerId, created: this.now(), livemode: live, status: failed ? 'failed' : 'succeeded',
      paid: !failed, captured: !failed, refunded: false, disputed: false, payment_intent: options.chargesApi ? null : this.id('pi'),
      failure_code: failed ? 'card_declined' : null, failure_message: failed ? options.failureMessage : null, balance_transaction: null,
      payment_method_details: { type: 'card', card: options.card || { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } },
      metadata: { ...(options.metadata || {}) },
    };
    if (charge.payment_intent) store.paymentIntents.set(String(charge.payment_intent), {
      id: charge.payment_intent, object: 'payment_intent', amount: options.amount, amount_received: failed ? 0 : options.amount, currency: options.currency,
      customer: customerId, created: charge.created, livemode: live, latest_charge: charge.id, metadata: { ...(options.intentMetadata || {}) },
      status: failed ? 'requires_payment_method' : 'succeeded',
    });
    if (!failed) {
      // Stripe's standard pricing, for the double's purposes: 2.9% + 30 in two-decimal settlement currencies, 3.6% in zero-decimal ones
      const settled = this.settle(store, options.amount, options.currency);
      const fee = ZERO_DECIMAL.has(settled.currency) ? Math.round(settled.amount * 0.036) : Math.round(settled.amount * 0.029) + 30;
      charge.balance_transaction = this.moveBalance(store, { ...settled, fee, type: 'charge', source: String(charge.id) });
    }
    store.charges.set(charge.id as string, charge);
    if (options.invoice && !store.invoices.has(options.invoice)) {
      store.invoices.set(options.invoice, {
        id: options.invoice, object: 'invoice', customer: customerId, currency: options.currency, amount_due: options.amount, amount_paid: failed ? 0 : options.amount,
        created: charge.created, livemode: live, metadata: { ...(options.invoiceMetadata || {}) }, status: failed ? 'open' : 'paid',
      });
    }
    if (options.invoice && !failed) {
      // from 2025-03-31.basil on, the invoice a payment paid is told by an invoice payment, not by the charge
      const now = this.now();
      const ip: Obj = {
        id: this.id('inpay'), object: 'invoice_payment', amount_paid: options.amount, amount_requested: options.amount, created: now, currency: options.currency,
        invoice: options.invoice, is_default: true, livemode: live, payment: charge.payment_intent ? { type: 'payment_intent', payment_intent: charge.payment_intent } : { type: 'charge', charge: charge.id },
        status: 'paid', status_transitions: { canceled_at: null, paid_at: now },
      };
      store.invoicePayments.set(ip.id as string, ip);
    }
    this.emit(store, live, failed ? 'charge.failed' : 'charge.succeeded', charge);
    return charge;
  }

  /**
   * An amount as the balance holds it: in the charge's currency when the account settles in it, else
   * converted into the account's first settlement currency at the exchange rate, as Stripe does.
   */
  private settle(store: Store, amount: number, currency: string, rate?: number): { amount: number; currency: string; exchange_rate: number | null } {
    void store;
    if (this.settlementCurrencies.includes(currency)) return { amount, currency, exchange_rate: null };
    const to = this.settlementCurrencies[0];
    const r = rate ?? this.exchangeRates[to]?.[currency];
    if (!r) throw new Error(`The Stripe double has no exchange rate from ${currency} to ${to}: set stripe.exchangeRates.${to}.${currency}.`);
    const major = amount / 10 ** decimals(currency);
    return { amount: Math.round(major * r * 10 ** decimals(to)), currency: to, exchange_rate: r };
  }

  /** The balance transaction of a charge (how it was settled), for its refunds and disputes. */
  private settledAs(store: Store, charge: Obj): { currency: string; exchange_rate: number | null } {
    const t = store.balanceTransactions.get(String(charge.balance_transaction));
    return { currency: String(t?.currency ?? charge.currency), exchange_rate: (t?.exchange_rate as number | null) ?? null };
  }

  /** Convert an amount of the charge's currency as the charge was settled. */
  private asSettled(store: Store, charge: Obj, amount: number): { amount: number; currency: string; exchange_rate: number | null } {
    const how = this.settledAs(store, charge);
    if (how.exchange_rate === null) return { amount, currency: how.currency, exchange_rate: null };
    return { amount: Math.round((amount / 10 ** decimals(String(charge.currency))) * how.exchange_rate * 10 ** decimals(how.currency)), currency: how.currency, exchange_rate: how.exchange_rate };
  }

  /**
   * A refund of (part of) a charge: a refund object and its balance transaction (the amount leaves
   * the balance; Stripe keeps its fee), then charge.refunded with the charge's new amount_refunded.
   */
  refundCharge(chargeId: string, amount?: number, mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const charge = store.charges.get(chargeId)!;
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    const refunded = Math.min(Number(charge.amount) - Number(charge.amount_refunded), amount ?? Number(charge.amount));
    charge.amount_refunded = Number(charge.amount_refunded) + refunded;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund: Obj = { id: this.id('re'), object: 'refund', amount: refunded, charge: chargeId, payment_intent: charge.payment_intent, currency: charge.currency, created: this.now(), status: 'succeeded', balance_transaction: null, metadata: {} };
    const settled = this.asSettled(store, charge, refunded);
    refund.balance_transaction = this.moveBalance(store, { ...settled, amount: -settled.amount, fee: 0, type: 'refund', source: String(refund.id) });
    store.refunds.set(refund.id as string, refund);
    this.emit(store, mode === 'live', 'charge.refunded', charge, previous);
    return charge;
  }

  /**
   * The customer pays on the Checkout page: a succeeded charge of the session's amount, its payment
   * intent carrying the session's payment_intent_data metadata (charge.succeeded is emitted).
   */
  completeCheckout(sessionId: string, mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const s = store.checkoutSessions.get(sessionId)!;
    // an expired (or already paid) session's page cannot be paid
    if (this.checkoutNow(s).status !== 'open') throw new Error(`Checkout Session ${sessionId} is ${String(s.status)}: it cannot be paid.`);
    const charge = this.seedCharge(String(s.customer), { amount: Number(s.amount_total), currency: String(s.currency), intentMetadata: s._intentMetadata as Record<string, string>, mode });
    Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: charge.payment_intent });
    return charge;
  }

  /** The card holder disputes a charge: the charge is marked disputed; emits charge.dispute.created. */
  disputeCharge(chargeId: string, reason = 'fraudulent', mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const charge = store.charges.get(chargeId)!;
    charge.disputed = true;
    const dispute: Obj = { id: this.id('dp'), object: 'dispute', charge: chargeId, amount: charge.amount, currency: charge.currency, reason, status: 'needs_response', created: this.now(), livemode: mode === 'live' };
    // the disputed amount is withdrawn with Stripe's dispute fee
    const withdrawn = this.asSettled(store, charge, Number(charge.amount));
    this.moveBalance(store, { ...withdrawn, amount: -withdrawn.amount, fee: DISPUTE_FEE, type: 'adjustment', source: String(dispute.id) });
    store.disputes.set(dispute.id as string, dispute);
    this.emit(store, mode === 'live', 'charge.dispute.created', dispute);
    return dispute;
  }

  /** The card network decides: emits charge.dispute.closed with status won or lost. */
  closeDispute(disputeId: string, outcome: 'won' | 'lost', mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const dispute = store.disputes.get(disputeId)!;
    dispute.status = outcome;
    if (outcome === 'won') this.moveBalance(store, { ...this.asSettled(store, store.charges.get(String(dispute.charge))!, Number(dispute.amount)), fee: 0, type: 'adjustment', source: disputeId });
    this.emit(store, mode === 'live', 'charge.dispute.closed', dispute, { status: 'needs_response' });
    return dispute;
  }

  /** A legacy card source set as default_source. */
  seedSource(customerId: string, card: { brand: string; last4: string; exp_month: number; exp_year: number }, mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const src: Obj = { id: this.id('card'), object: 'card', customer: customerId, ...card };
    store.sources.set(src.id as string, src);
    const c = store.customers.get(customerId);
    if (c) c.default_source = src.id;
    return src;
  }

  /**
   * A payout of everything in this currency's balance not paid out yet: one payout whose amount is
   * the sum of the balance transactions' net, those transactions tied to it (listing balance
   * transactions with `payout=` returns them, and the payout's own), then payout.paid. Undefined when
   * there is nothing to pay out. A negative balance is paid out only with `debit` (Stripe debits the
   * bank: a payout of a negative amount). `manual`: a payout the account asked for; Stripe does not
   * list what a manual payout carries.
   */
  payOut(currency: string, options: { mode?: 'test' | 'live'; arrivalDays?: number; debit?: boolean; manual?: boolean } = {}): Obj | undefined {
    const mode = options.mode || 'test';
    const store = this.stores[mode];
    const carried = [...store.balanceTransactions.values()].filter((t) => !t._payout && t.currency === currency && t.type !== 'payout');
    const amount = carried.reduce((sum, t) => sum + Number(t.net), 0);
    if (!carried.length || amount === 0 || (amount < 0 && !options.debit)) return undefined;
    const now = this.now();
    const arrival = (Math.floor(now / 86400) + (options.arrivalDays ?? 2)) * 86400;
    const payout: Obj = {
      id: this.id('po'), object: 'payout', amount, currency, arrival_date: arrival, automatic: !options.manual, balance_transaction: null, created: now,
      description: options.manual ? 'MANUAL PAYOUT' : 'STRIPE PAYOUT', destination: 'ba_double', failure_balance_transaction: null, failure_code: null, failure_message: null,
      livemode: mode === 'live', metadata: {}, method: 'standard', source_type: 'card', statement_descriptor: null, status: 'paid', type: 'bank_account',
    };
    for (const t of carried) t._payout = payout.id;
    payout.balance_transaction = this.moveBalance(store, { amount: -amount, fee: 0, currency, type: 'payout', source: String(payout.id), payout: String(payout.id) });
    store.payouts.set(payout.id as string, payout);
    this.emit(store, mode === 'live', 'payout.paid', payout);
    return payout;
  }

  /** A fee Stripe charges the balance outside any charge (Stripe Tax, Radar, Billing...): a stripe_fee balance transaction. */
  chargeStripeFee(currency: string, amount: number, description: string, mode: 'test' | 'live' = 'test'): string {
    return this.moveBalance(this.stores[mode], { amount: -amount, fee: 0, currency, type: 'stripe_fee', source: null, description });
  }

  /** The bank returns a payout: failed with Stripe's code and message, the amount back in the balance; payout.failed. */
  failPayout(payoutId: string, code = 'account_closed', message = 'The bank account has been closed.', mode: 'test' | 'live' = 'test'): Obj {
    const store = this.stores[mode];
    const payout = store.payouts.get(payoutId)!;
    const previous = { status: payout.status };
    Object.assign(payout, { status: 'failed', failure_code: code, failure_message: message });
    payout.failure_balance_transaction = this.moveBalance(store, { amount: Number(payout.amount), fee: 0, currency: String(payout.currency), type: 'payout_failure', source: payoutId });
    this.emit(store, mode === 'live', 'payout.failed', payout, previous);
    return payout;
  }

  /** A balance transaction (amounts in the smallest unit); returns its id. */
  private moveBalance(store: Store, t: { amount: number; fee: number; currency: string; type: string; source: string | null; payout?: string; exchange_rate?: number | null; description?: string }): string {
    const txn: Obj = {
      id: this.id('txn'), object: 'balance_transaction', amount: t.amount, currency: t.currency, fee: t.fee, net: t.amount - t.fee, exchange_rate: t.exchange_rate ?? null,
      description: t.description ?? null,
      type: t.type, source: t.source, status: 'available', created: this.now(), available_on: this.now(), reporting_category: t.type === 'adjustment' ? 'dispute' : t.type,
      ...(t.payout ? { _payout: t.payout } : {}),
    };
    store.balanceTransactions.set(txn.id as string, txn);
    return txn.id as string;
  }

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

  private now(): number { return Math.floor(this.clock() / 1000); }
  private id(prefix: string): string {
    this.seq++;
    return `${prefix}_${crypto.randomBytes(7).toString('base64url').replace(/[-_]/g, 'x')}${this.seq.toString(36).padStart(3, '0')}`;
  }

  private emit(store: Store, livemode: boolean, type: string, object: Obj, previous?: Obj): void {
    store.events.push({
      id: this.id('evt'), object: 'event', api_version: this.apiVersion, created: this.now(), livemode, type,
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
      pending_webhooks: store.webhookEndpoints.size, request: { id: null, idempotency_key: null },
    });
  }

  private execute(store: Store, mode: 'test' | 'live', method: string, template: string, p: Record<string, string>, params: FormObject): StripeResponse {
    const live = mode === 'live';
    const expand = (asList(params.expand) || []).map(String);
    const route = `${method} ${template}`;
    switch (route) {
      case 'POST /v1/customers': {
        const bad = checkMetadata(params.metadata);
        if (bad) return bad;
        return ok(this.expandCustomer(store, this.createCustomer(store, params, live), expand));
      }
      case 'GET /v1/customers': {
        let list = typeof params.email === 'string'
          ? [...(store.byEmail.get(params.email) || [])].map((id) => store.customers.get(id)!)
          : [...store.customers.values()];
        list = list.filter((c) => !c.deleted).sort((a, b) => (b.created as number) - (a.created as number));
        return ok(this.page(store, list, params, '/v1/customers', (c) => this.expandCustomer(store, c, expand.map((e) => e.replace(/^data\./, '')))));
      }
      case 'GET /v1/customers/search': {
        const query = String(params.query || '');
        let matcher: (c: Obj) => boolean;
        try { matcher = parseSearchQuery(query); } catch (e) {
          return error(400, 'invalid_request_error', (e as Error).message, { param: 'query' });
        }
        const visibleBefore = this.clock() - this.searchLagSeconds * 1000;
        const list = [...store.customers.values()].filter((c) => !c.deleted && (store.indexedAt.get(c.id as string) || 0) <= visibleBefore && matcher(c));
        const limit = Math.min(100, Number(params.limit || 10));
        return ok({ object: 'search_result', url: '/v1/customers/search', has_more: list.length > limit, next_page: null, data: list.slice(0, limit).map((c) => this.expandCustomer(store, c, expand.map((e) => e.replace(/^data\./, '')))) });
      }
      case 'GET /v1/customers/{customer}': {
        const c = store.customers.get(p.customer);
        // Stripe refuses a path that is not expandable on a customer before it looks the customer up
        const notExpandable = expand.find((e) => !CUSTOMER_EXPANDABLE.includes(e));
        if (notExpandable !== undefined) return error(400, 'invalid_request_error', `This property cannot be expanded (${notExpandable}).`, { param: 'expand' });
        if (!c) return missing('customer', p.customer, 'id');
        if (c.deleted) return ok({ id: c.id, object: 'customer', deleted: true });
        return ok(this.expandCustomer(store, c, expand));
      }
      case 'POST /v1/customers/{customer}': {
        const c = store.customers.get(p.customer);
        if (!c || c.deleted) return missing('customer', p.customer, 'id');
        const bad = checkMetadata(params.metadata, c.metadata as Obj);
        if (bad) return bad;
        const pm = (params.invoice_settings as FormObject | undefined)?.default_payment_method;
        if (typeof pm === 'string' && pm !== '') {
          const found = store.paymentMethods.get(pm);
          if (!found) return missing('payment_method', pm, 'invoice_settings[default_payment_method]');
          if (found.customer !== c.id) return error(400, 'invalid_request_error', `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`, { param: 'invoice_settings[default_payment_method]' });
        }
        const before = clone(c);
        applyCustomerParams(c, params);
        store.index(c, before.email);
        store.indexedAt.set(c.id as string, this.clock());
        const previous = diff(before, c);
        if (Object.keys(previous).length) this.emit(store, live, 'customer.updated', c, previous);
        return ok(this.expandCustomer(store, c, expand));
      }
      case 'DELETE /v1/customers/{customer}': {
        const c = store.customers.get(p.customer);
        if (!c || c.deleted) return missing('customer', p.customer, 'id');
        c.deleted = true;
        this.emit(store, live, 'customer.deleted', c);
        return ok({ id: c.id, object: 'customer', deleted: true });
      }
      case 'GET /v1/customers/{customer}/payment_methods': {
        const c = store.customers.get(p.customer);
        if (!c || c.deleted) return missing('customer', p.customer, 'customer');
        let list = [...store.paymentMethods.values()].filter((pm) => pm.customer === c.id);
        if (typeof params.type === 'string') list = list.filter((pm) => pm.type === params.type);
        return ok(this.page(store, list, params, `/v1/customers/${c.id}/payment_methods`, (x) => x));
      }
      case 'GET /v1/payment_methods/{payment_method}': {
        const pm = store.paymentMethods.get(p.payment_method);
        if (!pm) return missing('payment_method', p.payment_method, 'payment_method');
        return ok(expand.includes('customer') && pm.customer ? { ...pm, customer: store.customers.get(pm.customer as string) } : pm);
      }
      case 'POST /v1/payment_methods/{payment_method}/attach': {
        const c = store.customers.get(String(params.customer));
        const token = TEST_CARDS[p.payment_method];
        // test mode's pm_card_* tokens: attaching one makes a new payment method from it, as Stripe does
        const pm = token && !live && c && !c.deleted ? this.seedPaymentMethod(c.id as string, { card: { ...token, exp_month: 12, exp_year: new Date(this.clock()).getUTCFullYear() + 3 } }) : store.paymentMethods.get(p.payment_method);
        if (!pm) return missing('payment_method', p.payment_method, 'payment_method');
        if (!c || c.deleted) return missing('customer', String(params.customer), 'customer');
        pm.customer = c.id;
        this.emit(store, live, 'payment_method.attached', pm);
        return ok(pm);
      }
      case 'POST /v1/payment_methods/{payment_method}/detach': {
        const pm = store.paymentMethods.get(p.payment_method);
        if (!pm) return missing('payment_method', p.payment_method, 'payment_method');
        if (!pm.customer) return error(400, 'invalid_request_error', `The payment method you provided is not attached to a customer so detachment is impossible.`);
        const owner = store.customers.get(pm.customer as string);
        pm.customer = null;
        if (owner && (owner.invoice_settings as Obj).default_payment_method === pm.id) (owner.invoice_settings as Obj).default_payment_method = null;
        this.emit(store, live, 'payment_method.detached', pm, { customer: owner?.id });
        return ok(pm);
      }
      case 'POST /v1/billing_portal/sessions': {
        const c = store.customers.get(String(params.customer));
        if (!c || c.deleted) return missing('customer', String(params.customer), 'customer');
        // Stripe checks return_url before it makes the session
        if (params.return_url !== undefined && !/^https?:\/\/[^\s/]+/.test(String(params.return_url))) {
          return error(400, 'invalid_request_error', 'Not a valid URL', { param: 'return_url', code: 'url_invalid' });
        }
        if (!this.portalConfigured[mode] && !params.configuration) {
          return error(400, 'invalid_request_error', `No configuration provided and your ${mode} mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in ${mode} mode at https://dashboard.stripe.com/${mode === 'test' ? 'test/' : ''}settings/billing/portal.`);
        }
        const s: Obj = {
          id: this.id('bps'), object: 'billing_portal.session', configuration: params.configuration || 'bpc_default', created: this.now(),
          customer: c.id, livemode: live, locale: params.locale || null, on_behalf_of: null, return_url: params.return_url || null,
          url: `https://billing.stripe.com/p/session/${mode === 'test' ? 'test_' : ''}${crypto.randomBytes(18).toString('base64url')}`,
        };
        store.portalSessions.set(s.id as string, s);
        return ok(s);
      }
      case 'POST /v1/webhook_endpoints': {
        if ([...store.webhookEndpoints.values()].length >= this.maxWebhookEndpoints) {
          return error(400, 'invalid_request_error', `You have reached the maximum of ${this.maxWebhookEndpoints} ${mode} webhook endpoints.`);
        }
        const badUrl = checkWebhookUrl(String(params.url));
        if (badUrl) return badUrl;
        if (params.api_version !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(String(params.api_version))) {
          return error(400, 'invalid_request_error', `Invalid Stripe API version: ${String(params.api_version)}`, { param: 'api_version' });
        }
        const we: Obj = {
          id: this.id('we'), object: 'webhook_endpoint', api_version: params.api_version || null, application: null, created: this.now(),
          description: params.description || null, enabled_events: asList(params.enabled_events) || [], livemode: live,
          metadata: params.metadata || {}, status: 'enabled', url: params.url,
        };
        const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
        store.webhookEndpoints.set(we.id as string, { ...we, _secret: secret });
        return ok({ ...we, secret });
      }
      case 'GET /v1/webhook_endpoints':
        return ok(this.page(store, [...store.webhookEndpoints.values()].map(publicEndpoint), params, '/v1/webhook_endpoints', (x) => x));
      case 'GET /v1/webhook_endpoints/{webhook_endpoint}': {
        const we = store.webhookEndpoints.get(p.webhook_endpoint);
        return we ? ok(publicEndpoint(we)) : missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
      }
      case 'POST /v1/webhook_endpoints/{webhook_endpoint}': {
        const we = store.webhookEndpoints.get(p.webhook_endpoint);
        if (!we) return missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
        if (params.url !== undefined) {
          const badUrl = checkWebhookUrl(String(params.url));
          if (badUrl) return badUrl;
          we.url = params.url;
        }
        if (params.disabled !== undefined) we.status = params.disabled === 'true' ? 'disabled' : 'enabled';
        if (params.enabled_events !== undefined) we.enabled_events = asList(params.enabled_events) || [];
        if (params.description !== undefined) we.description = params.description || null;
        if (params.metadata !== undefined) we.metadata = mergeMetadata(we.metadata as Obj, params.metadata);
        return ok(publicEndpoint(we));
      }
      case 'DELETE /v1/webhook_endpoints/{webhook_endpoint}': {
        if (!store.webhookEndpoints.delete(p.webhook_endpoint)) return missing('webhook_endpoint', p.webhook_endpoint, 'webhook_endpoint');
        return ok({ id: p.webhook_endpoint, object: 'webhook_endpoint', deleted: true });
      }
      case 'GET /v1/events': {
        let list = [...store.events].reverse();
        if (typeof params.type === 'string') list = list.filter((e) => e.type === params.type);
        return ok(this.page(store, list, params, '/v1/events', (x) => x));
      }
      case 'GET /v1/charges/{charge}': {
        const ch = store.charges.get(p.charge);
        if (!ch) return missing('charge', p.charge, 'charge');
        return ok(this.expandCharge(store, ch, expand));
      }
      case 'GET /v1/disputes/{dispute}': {
        const dp = store.disputes.get(p.dispute);
        if (!dp) return missing('dispute', p.dispute, 'dispute');
        if (!expand.some((e) => e === 'charge' || e.startsWith('charge.'))) return ok(dp);
        const ch = store.charges.get(dp.charge as string)!;
        return ok({ ...dp, charge: this.expandCharge(store, ch, expand.filter((e) => e.startsWith('charge.')).map((e) => e.slice('charge.'.length))) });
      }
      case 'GET /v1/charges': {
        let list = newestFirst([...store.charges.values()]).filter(createdWithin(params.created));
        if (typeof params.customer === 'string') list = list.filter((c) => c.customer === params.customer);
        const inner = expand.filter((e) => e.startsWith('data.')).map((e) => e.slice('data.'.length));
        return ok(this.page(store, list, params, '/v1/charges', (ch) => this.expandCharge(store, ch, inner)));
      }
      case 'GET /v1/payouts': {
        let list = newestFirst([...store.payouts.values()]).filter(createdWithin(params.created));
        if (typeof params.status === 'string') list = list.filter((po) => po.status === params.status);
        return ok(this.page(store, list, params, '/v1/payouts', (x) => x));
      }
      case 'GET /v1/payouts/{payout}': {
        const po = store.payouts.get(p.payout);
        return po ? ok(po) : missing('payout', p.payout, 'payout');
      }
      case 'GET /v1/balance_transactions': {
        let list = newestFirst([...store.balanceTransactions.values()]).filter(createdWithin(params.created));
        if (typeof params.payout === 'string') {
          const po = store.payouts.get(params.payout);
          if (!po) return missing('payout', params.payout, 'payout');
          if (po.automatic === false) return error(400, 'invalid_request_error', 'Balance transaction history can only be filtered on automatic transfers, not manual.', { param: 'payout' });
          list = list.filter((t) => t._payout === params.payout);
        }
        if (typeof params.type === 'string') list = list.filter((t) => t.type === params.type);
        const withSource = expand.includes('data.source');
        const sourceOf = (id: string | null) => id === null ? null : store.charges.get(id) || store.refunds.get(id) || store.disputes.get(id) || store.payouts.get(id) || id;
        return ok(this.page(store, list, params, '/v1/balance_transactions', (t) => (withSource ? { ...publicTxn(t), source: sourceOf(t.source === null ? null : String(t.source)) } : publicTxn(t))));
      }
      case 'POST /v1/checkout/sessions': {
        const items = asList(params.line_items) || [];
        const line = (items[0] || {}) as FormObject;
        const price = (line.price_data || {}) as FormObject;
        const currency = String(price.currency || '').toLowerCase();
        if (!STRIPE_CURRENCIES.has(currency)) return error(400, 'invalid_request_error', `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...STRIPE_CURRENCIES].slice(0, 8).join(', ')}, ...`, { param: 'line_items[0][price_data][currency]' });
        // a deleted customer is as missing to Checkout as one that never was
        const payer = typeof params.customer === 'string' ? store.customers.get(params.customer) : undefined;
        if (typeof params.customer === 'string' && (!payer || payer.deleted)) return missing('customer', params.customer, 'customer');
        const amount = Number(price.unit_amount || 0) * Number(line.quantity || 1);
        const id = this.id('cs');
        const now = this.now();
        const session: Obj = {
          id, object: 'checkout.session', mode: params.mode, customer: params.customer ?? null, currency, amount_total: amount, amount_subtotal: amount,
          payment_status: 'unpaid', status: 'open', success_url: params.success_url ?? null, cancel_url: params.cancel_url ?? null, created: now,
          expires_at: typeof params.expires_at === 'string' ? Number(params.expires_at) : now + 86400, livemode: live,
          metadata: (params.metadata as Obj | undefined) ?? {}, payment_intent: null, url: `https://checkout.stripe.com/c/pay/${id}`,
        };
        store.checkoutSessions.set(id, { ...session, _intentMetadata: ((params.payment_intent_data || {}) as FormObject).metadata || {}, _name: ((price.product_data || {}) as FormObject).name });
        return ok(session);
      }
      case 'GET /v1/checkout/sessions': {
        let list = newestFirst([...store.checkoutSessions.values()].map((x) => this.checkoutNow(x)));
        if (typeof params.customer === 'string') list = list.filter((x) => x.customer === params.customer);
        if (typeof params.status === 'string') list = list.filter((x) => x.status === params.status);
        if (typeof params.payment_intent === 'string') list = list.filter((x) => x.payment_intent === params.payment_intent);
        return ok(this.page(store, list, params, '/v1/checkout/sessions', publicSession));
      }
      case 'GET /v1/checkout/sessions/{session}': {
        const cs = store.checkoutSessions.get(p.session);
        return cs ? ok(publicSession(this.checkoutNow(cs))) : missing('checkout.session', p.session, 'session');
      }
      case 'POST /v1/checkout/sessions/{session}/expire': {
        const cs = store.checkoutSessions.get(p.session);
        if (!cs) return missing('checkout.session', p.session, 'session');
        // Stripe: "A Checkout Session can be expired when it is in one of these statuses: open"
        if (this.checkoutNow(cs).status !== 'open') return error(400, 'invalid_request_error', `This Checkout Session is not in an expirable state (status: ${String(cs.status)}).`, {});
        cs.status = 'expired';
        return ok(publicSession(cs));
      }
      case 'GET /v1/invoice_payments': {
        let list = newestFirst([...store.invoicePayments.values()]);
        if (typeof params.invoice === 'string') list = list.filter((x) => x.invoice === params.invoice);
        if (typeof params.status === 'string') list = list.filter((x) => x.status === params.status);
        const pay = params.payment;
        if (pay && typeof pay === 'object' && !Array.isArray(pay) && typeof pay.payment_intent === 'string') list = list.filter((x) => (x.payment as Obj).payment_intent === pay.payment_intent);
        const withInvoice = expand.includes('data.invoice');
        return ok(this.page(store, list, params, '/v1/invoice_payments', (x) => (withInvoice && store.invoices.has(String(x.invoice)) ? { ...x, invoice: clone(store.invoices.get(String(x.invoice))) } : x)));
      }
      case 'GET /v1/invoice_payments/{invoice_payment}': {
        const ip = store.invoicePayments.get(p.invoice_payment);
        return ip ? ok(ip) : missing('invoice_payment', p.invoice_payment, 'invoice_payment');
      }
      case 'GET /v1/events/{id}': {
        const e = store.events.find((x) => x.id === p.id);
        return e ? ok(e) : missing('event', p.id, 'id');
      }
      default:
        return error(501, 'api_error', `The Stripe double does not model ${route} yet.`);
    }
  }

  /** A charge as an answer shows it, with `expand` (relative to the charge) applied: its balance transaction, payment intent, refunds. */
  private expandCharge(store: Store, ch: Obj, expand: string[]): Obj {
    const out: Obj = { ...ch };
    if (expand.includes('balance_transaction') && ch.balance_transaction) out.balance_transaction = publicTxn(store.balanceTransactions.get(String(ch.balance_transaction))!);
    if (expand.includes('payment_intent') && ch.payment_intent) out.payment_intent = clone(store.paymentIntents.get(String(ch.payment_intent)) || ch.payment_intent);
    if (expand.includes('refunds')) {
      const data = newestFirst([...store.refunds.values()].filter((r) => r.charge === ch.id)).map((r) => clone(r));
      out.refunds = { object: 'list', data, has_more: false, url: `/v1/charges/${String(ch.id)}/refunds` };
    }
    return out;
  }

  private createCustomer(store: Store, params: FormObject, livemode: boolean): Obj {
    const c: Obj = {
      id: this.id('cus'), object: 'customer', address: null, balance: 0, created: this.now(), currency: null, default_source: null,
      delinquent: false, description: null, discount: null, email: null, invoice_prefix: crypto.randomBytes(4).toString('hex').toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode, metadata: {}, name: null, next_invoice_sequence: 1, phone: null, preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null,
    };
    applyCustomerParams(c, params);
    store.customers.set(c.id as string, c);
    store.index(c, undefined);
    store.indexedAt.set(c.id as string, this.clock());
    this.emit(store, livemode, 'customer.created', c);
    return c;
  }

  private expandCustomer(store: Store, c: Obj, expand: string[]): Obj {
    const out = clone(c);
    if (expand.includes('invoice_settings.default_payment_method')) {
      const id = (c.invoice_settings as Obj).default_payment_method as string | null;
      (out.invoice_settings as Obj).default_payment_method = id ? clone(store.paymentMethods.get(id) || null) : null;
    }
    if (expand.includes('default_source')) {
      const id = c.default_source as string | null;
      out.default_source = id ? clone(store.sources.get(id) || null) : null;
    }
    return out;
  }

  /** A session past its expires_at is expired (Stripe expires open sessions at that time). */
  private checkoutNow(cs: Obj): Obj {
    if (cs.status === 'open' && this.now() >= Number(cs.expires_at)) cs.status = 'expired';
    return cs;
  }

  private page(store: Store, list: Obj[], params: FormObject, url: string, map: (o: Obj) => Obj): Obj {
    void store;
    const limit = Math.max(1, Math.min(100, Number(params.limit || 10)));
    let start = 0;
    if (typeof params.starting_after === 'string') start = list.findIndex((x) => x.id === params.starting_after) + 1;
    const data = list.slice(start, start + limit);
    return { object: 'list', url, has_more: start + limit < list.length, data: data.map(map) };
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function lower(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

function clone<T>(x: T): T { return x === undefined ? x : JSON.parse(JSON.stringify(x)); }

/** A stored Checkout Session as Stripe answers it (the double's own bookkeeping left out). */
function publicSession(cs: Obj): Obj {
  return Object.fromEntries(Object.entries(cs).filter(([k]) => !k.startsWith('_')));
}

function ok(body: unknown): StripeResponse {
  checkShape(body);
  return { status: 200, headers: {}, body: JSON.stringify(body) };
}

export function error(status: number, type: string, message: string, extra: { code?: string; param?: string } = {}, headers: Record<string, string> = {}): StripeResponse {
  const body: Obj = { error: { type, message, ...extra, ...(extra.code ? { doc_url: `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}` } : {}) } };
  return { status, headers, body: JSON.stringify(body) };
}

function missing(what: string, id: string, param: string): StripeResponse {
  return error(404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', param });
}

function canonical(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'];

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** Currencies whose Stripe amounts are whole units, and those with three decimals (Stripe docs). */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
function decimals(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** Currencies Stripe takes (an excerpt of Stripe's list; enough for the tests' invoices). */
const STRIPE_CURRENCIES = new Set(['usd', 'eur', 'gbp', 'jpy', 'chf', 'cad', 'aud', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'mxn', 'brl', 'inr', 'sgd', 'hkd', 'nzd', 'krw', 'kwd', 'bhd']);

/** Stripe's dispute fee in the smallest unit (15.00 in USD; the double uses it for every currency). */
const DISPUTE_FEE = 1500;

/** Lists come newest first, as Stripe's do (ties in the order they were made, newest first). */
function newestFirst(list: Obj[]): Obj[] {
  return list.map((o, i) => ({ o, i })).sort((a, b) => (Number(b.o.created) - Number(a.o.created)) || (b.i - a.i)).map((x) => x.o);
}

/** A `created` filter: a timestamp, or a range of gt/gte/lt/lte. */
function createdWithin(range: FormValue | undefined): (o: Obj) => boolean {
  if (range === undefined) return () => true;
  if (typeof range === 'string') return (o) => Number(o.created) === Number(range);
  const r = range as FormObject;
  return (o) => {
    const t = Number(o.created);
    return (r.gt === undefined || t > Number(r.gt)) && (r.gte === undefined || t >= Number(r.gte))
      && (r.lt === undefined || t < Number(r.lt)) && (r.lte === undefined || t <= Number(r.lte));
  };
}

/** A balance transaction as the API shows it (the double's own bookkeeping left out). */
function publicTxn(t: Obj): Obj {
  const { _payout, ...rest } = t;
  void _payout;
  return rest;
}

/** Stripe's test-mode payment method tokens (docs: Testing, "Test payment methods"). */
const TEST_CARDS: Record<string, Obj> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_discover: { brand: 'discover', last4: '9424' },
};
function address(v: FormValue | undefined): Obj | null {
  if (v === undefined || v === '' || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Obj = {};
  for (const k of ADDRESS_KEYS) out[k] = typeof v[k] === 'string' && v[k] !== '' ? v[k] : null;
  return out;
}

function mergeMetadata(current: Obj, given: FormValue): Obj {
  if (given === '') return {};
  const out: Obj = { ...current };
  for (const [k, v] of Object.entries(given as FormObject)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

function checkMetadata(given: FormValue | undefined, current: Obj = {}): StripeResponse | undefined {
  if (given === undefined || given === '' || typeof given !== 'object' || Array.isArray(given)) return undefined;
  for (const [k, v] of Object.entries(given)) {
    if (k.length > 40) return error(400, 'invalid_request_error', `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters. Invalid key: ${k}`, { param: `metadata[${k}]` });
    if (typeof v === 'string' && v.length > 500) return error(400, 'invalid_request_error', `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters. Invalid value: ${v.slice(0, 40)}...`, { param: `metadata[${k}]` });
  }
  if (Object.keys(mergeMetadata(current, given)).length > 50) return error(400, 'invalid_request_error', 'You can have at most 50 metadata keys.', { param: 'metadata' });
  return undefined;
}

function applyCustomerParams(c: Obj, params: FormObject): void {
  for (const k of ['email', 'name', 'phone', 'description']) {
    if (params[k] !== undefined) c[k] = params[k] === '' ? null : params[k];
  }
  if (params.address !== undefined) c.address = address(params.address);
  if (params.shipping !== undefined) {
    const s = params.shipping;
    c.shipping = s === '' || typeof s !== 'object' || Array.isArray(s) ? null : { name: s.name ?? null, phone: s.phone ?? null, address: address(s.address) };
  }
  if (params.metadata !== undefined) c.metadata = mergeMetadata(c.metadata as Obj, params.metadata);
  if (params.preferred_locales !== undefined) c.preferred_locales = params.preferred_locales === '' ? [] : asList(params.preferred_locales) || [];
  const inv = params.invoice_settings;
  if (inv && typeof inv === 'object' && !Array.isArray(inv) && inv.default_payment_method !== undefined) {
    (c.invoice_settings as Obj).default_payment_method = inv.default_payment_method === '' ? null : inv.default_payment_method;
  }
}

function diff(before: Obj, after: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = before[k] ?? null;
  return out;
}

function publicEndpoint(we: Obj): Obj {
  const { _secret, ...rest } = we;
  void _secret;
  return rest;
}

/** What a customer can expand (the pinned version's reference); the double fills in the first two. */
const CUSTOMER_EXPANDABLE = ['invoice_settings.default_payment_method', 'default_source', 'sources', 'subscriptions', 'tax', 'tax_ids', 'test_clock', 'cash_balance', 'invoice_credit_balance'];

function checkWebhookUrl(raw: string): StripeResponse | undefined {
  let u: URL;
  try { u = new URL(raw); } catch { return error(400, 'invalid_request_error', `Invalid URL: ${raw}`, { param: 'url' }); }
  if (!/^https?:$/.test(u.protocol) || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
    return error(400, 'invalid_request_error', 'Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally: https://github.com/stripe/stripe-cli', { param: 'url' });
  }
  return undefined;
}

/** The part of Stripe's search query language PayPack might send: field:"v", metadata["k"]:"v", AND, OR, -negation. */
export function parseSearchQuery(query: string): (c: Obj) => boolean {
  const clause = /^\s*(-)?(email|name|phone|metadata\["([^"]+)"\])\s*(:|~)\s*"((?:[^"\\]|\\.)*)"\s*/;
  const terms: Array<(c: Obj) => boolean> = [];
  let joiner: 'AND' | 'OR' | undefined;
  let rest = query;
  while (rest.trim()) {
    const m = clause.exec(rest);
    if (!m) throw new Error(`Invalid search query: ${query}`);
    const [, neg, field, metaKey, op, rawValue] = m;
    const value = rawValue.replace(/\\(.)/g, '$1').toLowerCase();
    const read = (c: Obj): string => String((metaKey ? (c.metadata as Obj)[metaKey] : c[field]) ?? '').toLowerCase();
    const test = op === ':' ? (c: Obj) => read(c) === value : (c: Obj) => read(c).includes(value);
    terms.push(neg ? (c) => !test(c) : test);
    rest = rest.slice(m[0].length);
    const j = /^(AND|OR)\s+/.exec(rest);
    if (j) {
      if (joiner && joiner !== j[1]) throw new Error('Search queries cannot mix AND and OR.');
      joiner = j[1] as 'AND' | 'OR';
      rest = rest.slice(j[0].length);
    } else if (rest.trim()) throw new Error(`Invalid search query: ${query}`);
  }
  if (!terms.length) throw new Error('Search query is empty.');
  return joiner === 'OR' ? (c) => terms.some((t) => t(c)) : (c) => terms.every((t) => t(c));
}
