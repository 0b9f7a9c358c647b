/** Customers, their payment methods and legacy card sources, search, and customer portal sessions. */
import * as crypto from 'crypto';
import { asList, FormObject, FormValue } from './form';
import { checkMetadata, clone, error, mergeMetadata, missing, Obj, ok, page, RouteContext, Store, StripeResponse, DoubleCore } from './common';

/** A card (or other) payment method attached to a customer; `makeDefault` sets invoice_settings. */
export function seedPaymentMethod(d: DoubleCore, customerId: string, pm: { type?: string; card?: Obj; us_bank_account?: Obj; sepa_debit?: Obj; link?: Obj }, options: { makeDefault?: boolean; mode?: 'test' | 'live' } = {}): Obj {
  const store = d.stores[options.mode || 'test'];
  const type = pm.type || 'card';
  const obj: Obj = {
    id: d.id('pm'), object: 'payment_method', type, created: d.now(), customer: customerId, livemode: options.mode === 'live',
    metadata: {}, billing_details: { address: null, email: null, name: null, phone: null }, [type]: (pm as Obj)[type] || {},
  };
  store.paymentMethods.set(obj.id as string, obj);
  if (options.makeDefault) {
    const c = store.customers.get(customerId);
    if (c) (c.invoice_settings as Obj).default_payment_method = obj.id;
  }
  return obj;
}

/** A legacy card source set as default_source. */
export function seedSource(d: DoubleCore, customerId: string, card: { brand: string; last4: string; exp_month: number; exp_year: number }, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const src: Obj = { id: d.id('card'), object: 'card', customer: customerId, ...card };
  store.sources.set(src.id as string, src);
  const c = store.customers.get(customerId);
  if (c) c.default_source = src.id;
  return src;
}

export function createCustomer(d: DoubleCore, store: Store, params: FormObject, livemode: boolean): Obj {
  const c: Obj = {
    id: d.id('cus'), object: 'customer', address: null, balance: 0, created: d.now(), currency: null, default_source: null,
    delinquent: false, description: null, discount: null, email: null, invoice_prefix: crypto.randomBytes(4).toString('hex').toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode, metadata: {}, name: null, next_invoice_sequence: 1, phone: null, preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null,
  };
  applyCustomerParams(c, params);
  store.customers.set(c.id as string, c);
  store.index(c, undefined);
  store.indexedAt.set(c.id as string, d.clock());
  d.emit(store, livemode, 'customer.created', c);
  return c;
}

export function expandCustomer(store: Store, c: Obj, expand: string[]): Obj {
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

export function customerRoutes(d: DoubleCore, { store, mode, live, p, params, expand, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'POST /v1/customers': {
      const bad = checkMetadata(params.metadata);
      if (bad) return bad;
      return ok(expandCustomer(store, createCustomer(d, store, params, live), expand));
    }
    case 'GET /v1/customers': {
      let list = typeof params.email === 'string'
        ? [...(store.byEmail.get(params.email) || [])].map((id) => store.customers.get(id)!)
        : [...store.customers.values()];
      list = list.filter((c) => !c.deleted).sort((a, b) => (b.created as number) - (a.created as number));
      return ok(page(store, list, params, '/v1/customers', (c) => expandCustomer(store, c, expand.map((e) => e.replace(/^data\./, '')))));
    }
    case 'GET /v1/customers/search': {
      const query = String(params.query || '');
      let matcher: (c: Obj) => boolean;
      try { matcher = parseSearchQuery(query); } catch (e) {
        return error(400, 'invalid_request_error', (e as Error).message, { param: 'query' });
      }
      const visibleBefore = d.clock() - d.searchLagSeconds * 1000;
      const list = [...store.customers.values()].filter((c) => !c.deleted && (store.indexedAt.get(c.id as string) || 0) <= visibleBefore && matcher(c));
      const limit = Math.min(100, Number(params.limit || 10));
      return ok({ object: 'search_result', url: '/v1/customers/search', has_more: list.length > limit, next_page: null, data: list.slice(0, limit).map((c) => expandCustomer(store, c, expand.map((e) => e.replace(/^data\./, '')))) });
    }
    case 'GET /v1/customers/{customer}': {
      const c = store.customers.get(p.customer);
      // Stripe refuses a path that is not expandable on a customer before it looks the customer up
      const notExpandable = expand.find((e) => !CUSTOMER_EXPANDABLE.includes(e));
      if (notExpandable !== undefined) return error(400, 'invalid_request_error', `This property cannot be expanded (${notExpandable}).`, { param: 'expand' });
      if (!c) return missing('customer', p.customer, 'id');
      if (c.deleted) return ok({ id: c.id, object: 'customer', deleted: true });
      return ok(expandCustomer(store, c, expand));
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
      store.indexedAt.set(c.id as string, d.clock());
      const previous = diff(before, c);
      if (Object.keys(previous).length) d.emit(store, live, 'customer.updated', c, previous);
      return ok(expandCustomer(store, c, expand));
    }
    case 'DELETE /v1/customers/{customer}': {
      const c = store.customers.get(p.customer);
      if (!c || c.deleted) return missing('customer', p.customer, 'id');
      c.deleted = true;
      d.emit(store, live, 'customer.deleted', c);
      return ok({ id: c.id, object: 'customer', deleted: true });
    }
    case 'GET /v1/customers/{customer}/payment_methods': {
      const c = store.customers.get(p.customer);
      if (!c || c.deleted) return missing('customer', p.customer, 'customer');
      let list = [...store.paymentMethods.values()].filter((pm) => pm.customer === c.id);
      if (typeof params.type === 'string') list = list.filter((pm) => pm.type === params.type);
      return ok(page(store, list, params, `/v1/customers/${c.id}/payment_methods`, (x) => x));
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
      const pm = token && !live && c && !c.deleted ? seedPaymentMethod(d, c.id as string, { card: { ...token, exp_month: 12, exp_year: new Date(d.clock()).getUTCFullYear() + 3 } }) : store.paymentMethods.get(p.payment_method);
      if (!pm) return missing('payment_method', p.payment_method, 'payment_method');
      if (!c || c.deleted) return missing('customer', String(params.customer), 'customer');
      pm.customer = c.id;
      d.emit(store, live, 'payment_method.attached', pm);
      return ok(pm);
    }
    case 'POST /v1/payment_methods/{payment_method}/detach': {
      const pm = store.paymentMethods.get(p.payment_method);
      if (!pm) return missing('payment_method', p.payment_method, 'payment_method');
      if (!pm.customer) return error(400, 'invalid_request_error', `The payment method you provided is not attached to a customer so detachment is impossible.`);
      const owner = store.customers.get(pm.customer as string);
      pm.customer = null;
      if (owner && (owner.invoice_settings as Obj).default_payment_method === pm.id) (owner.invoice_settings as Obj).default_payment_method = null;
      d.emit(store, live, 'payment_method.detached', pm, { customer: owner?.id });
      return ok(pm);
    }
    case 'POST /v1/billing_portal/sessions': {
      const c = store.customers.get(String(params.customer));
      if (!c || c.deleted) return missing('customer', String(params.customer), 'customer');
      // Stripe checks return_url before it makes the session
      if (params.return_url !== undefined && !/^https?:\/\/[^\s/]+/.test(String(params.return_url))) {
        return error(400, 'invalid_request_error', 'Not a valid URL', { param: 'return_url', code: 'url_invalid' });
      }
      if (!d.portalConfigured[mode] && !params.configuration) {
        return error(400, 'invalid_request_error', `No configuration provided and your ${mode} mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in ${mode} mode at https://dashboard.stripe.com/${mode === 'test' ? 'test/' : ''}settings/billing/portal.`);
      }
      const s: Obj = {
        id: d.id('bps'), object: 'billing_portal.session', configuration: params.configuration || 'bpc_default', created: d.now(),
        customer: c.id, livemode: live, locale: params.locale || null, on_behalf_of: null, return_url: params.return_url || null,
        url: `https://billing.stripe.com/p/session/${mode === 'test' ? 'test_' : ''}${crypto.randomBytes(18).toString('base64url')}`,
      };
      store.portalSessions.set(s.id as string, s);
      return ok(s);
    }
    default:
      return undefined;
  }
}

export const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'];

/** Stripe's test-mode payment method tokens (docs: Testing, "Test payment methods"). */
export const TEST_CARDS: Record<string, Obj> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_discover: { brand: 'discover', last4: '9424' },
  // declined or needing authentication when charged (payment-intents.ts reads the last four digits)
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995' },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184' },
};
export function address(v: FormValue | undefined): Obj | null {
  if (v === undefined || v === '' || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Obj = {};
  for (const k of ADDRESS_KEYS) out[k] = typeof v[k] === 'string' && v[k] !== '' ? v[k] : null;
  return out;
}

export function applyCustomerParams(c: Obj, params: FormObject): void {
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

export function diff(before: Obj, after: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = before[k] ?? null;
  return out;
}

/** What a customer can expand (the pinned version's reference); the double fills in the first two. */
export const CUSTOMER_EXPANDABLE = ['invoice_settings.default_payment_method', 'default_source', 'sources', 'subscriptions', 'tax', 'tax_ids', 'test_clock', 'cash_balance', 'invoice_credit_balance'];

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
