/**
 * What every part of the Stripe double shares: the HTTP-shaped request and answer, the per-mode store,
 * Stripe's error shapes, list paging and the small value helpers.
 */
import { FormObject, FormValue } from './form';
import { checkShape } from './shapes';

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

export type Obj = Record<string, unknown>;
export type Mode = 'test' | 'live';

export class Store {
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
  /** Charge id -> the Stripe invoice an authorization pays once captured (the double's own note: Stripe keeps it on the invoice's payment, open meanwhile). */
  invoiceToPay = new Map<string, string>();
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

/**
 * What the resources use of the double (StripeDouble in double.ts is one): its stores, settings,
 * clock, ids and events. Typed here so the resource files never import double.ts, which imports them.
 */
export interface DoubleCore {
  readonly stores: { test: Store; live: Store };
  clock: () => number;
  settlementCurrencies: string[];
  exchangeRates: Record<string, Record<string, number>>;
  searchLagSeconds: number;
  portalConfigured: { test: boolean; live: boolean };
  maxWebhookEndpoints: number;
  now(): number;
  id(prefix: string): string;
  emit(store: Store, livemode: boolean, type: string, object: Obj, previous?: Obj): void;
}

/** What a route handler is given: the mode's store, the path parameters, the decoded form and `expand[]`. */
export interface RouteContext { store: Store; mode: Mode; live: boolean; p: Record<string, string>; params: FormObject; expand: string[]; route: string }

export function lower(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

export function clone<T>(x: T): T { return x === undefined ? x : JSON.parse(JSON.stringify(x)); }

export function ok(body: unknown): StripeResponse {
  checkShape(body);
  return { status: 200, headers: {}, body: JSON.stringify(body) };
}

export function error(status: number, type: string, message: string, extra: { code?: string; param?: string } = {}, headers: Record<string, string> = {}): StripeResponse {
  const body: Obj = { error: { type, message, ...extra, ...(extra.code ? { doc_url: `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}` } : {}) } };
  return { status, headers, body: JSON.stringify(body) };
}

export function missing(what: string, id: string, param: string): StripeResponse {
  return error(404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', param });
}

export function canonical(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** Currencies whose Stripe amounts are whole units, and those with three decimals (Stripe docs). */
export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
export function decimals(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** Currencies Stripe takes (an excerpt of Stripe's list; enough for the tests' invoices). */
export const STRIPE_CURRENCIES = new Set(['usd', 'eur', 'gbp', 'jpy', 'chf', 'cad', 'aud', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf', 'mxn', 'brl', 'inr', 'sgd', 'hkd', 'nzd', 'krw', 'kwd', 'bhd']);

/** Lists come newest first, as Stripe's do (ties in the order they were made, newest first). */
export function newestFirst(list: Obj[]): Obj[] {
  return list.map((o, i) => ({ o, i })).sort((a, b) => (Number(b.o.created) - Number(a.o.created)) || (b.i - a.i)).map((x) => x.o);
}

/** A `created` filter: a timestamp, or a range of gt/gte/lt/lte. */
export function createdWithin(range: FormValue | undefined): (o: Obj) => boolean {
  if (range === undefined) return () => true;
  if (typeof range === 'string') return (o) => Number(o.created) === Number(range);
  const r = range as FormObject;
  return (o) => {
    const t = Number(o.created);
    return (r.gt === undefined || t > Number(r.gt)) && (r.gte === undefined || t >= Number(r.gte))
      && (r.lt === undefined || t < Number(r.lt)) && (r.lte === undefined || t <= Number(r.lte));
  };
}

export function mergeMetadata(current: Obj, given: FormValue): Obj {
  if (given === '') return {};
  const out: Obj = { ...current };
  for (const [k, v] of Object.entries(given as FormObject)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

export function checkMetadata(given: FormValue | undefined, current: Obj = {}): StripeResponse | undefined {
  if (given === undefined || given === '' || typeof given !== 'object' || Array.isArray(given)) return undefined;
  for (const [k, v] of Object.entries(given)) {
    if (k.length > 40) return error(400, 'invalid_request_error', `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters. Invalid key: ${k}`, { param: `metadata[${k}]` });
    if (typeof v === 'string' && v.length > 500) return error(400, 'invalid_request_error', `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters. Invalid value: ${v.slice(0, 40)}...`, { param: `metadata[${k}]` });
  }
  if (Object.keys(mergeMetadata(current, given)).length > 50) return error(400, 'invalid_request_error', 'You can have at most 50 metadata keys.', { param: 'metadata' });
  return undefined;
}

/** A page of a list as Stripe answers it (`limit`, `starting_after`). */
export function page(store: Store, list: Obj[], params: FormObject, url: string, map: (o: Obj) => Obj): Obj {
  void store;
  const limit = Math.max(1, Math.min(100, Number(params.limit || 10)));
  let start = 0;
  if (typeof params.starting_after === 'string') start = list.findIndex((x) => x.id === params.starting_after) + 1;
  const data = list.slice(start, start + limit);
  return { object: 'list', url, has_more: start + limit < list.length, data: data.map(map) };
}
