/** Charges with their balance transactions, refunds and disputes. */
import { decimals, missing, newestFirst, createdWithin, clone, Obj, ok, page, RouteContext, Store, StripeResponse, ZERO_DECIMAL } from './common';
import { moveBalance, publicTxn } from './balance';
import type { StripeDouble } from './double';

/**
 * A charge of a customer, as a payment would make it: succeeded (with its balance transaction:
 * Stripe's fee and the net) or failed (with Stripe's failure message); emits charge.succeeded or
 * charge.failed. Amounts in the currency's smallest unit, as Stripe writes them.
 */
export function seedCharge(d: StripeDouble, customerId: string, options: {
  amount: number; currency: string; failureMessage?: string; card?: Obj; invoice?: string; mode?: 'test' | 'live';
  /** Made with the Charges API: no payment intent, and the invoice it pays lists it as a `charge` payment. */
  chargesApi?: boolean;
  /** Metadata of the charge, of its payment intent, and of the Stripe invoice it pays (`invoice` names it). */
  metadata?: Record<string, string>; intentMetadata?: Record<string, string>; invoiceMetadata?: Record<string, string>;
}): Obj {
  const live = options.mode === 'live';
  const store = d.stores[options.mode || 'test'];
  const failed = options.failureMessage !== undefined;
  const charge: Obj = {
    id: d.id('ch'), object: 'charge', amount: options.amount, amount_captured: failed ? 0 : options.amount, amount_refunded: 0,
    currency: options.currency, customer: customerId, created: d.now(), livemode: live, status: failed ? 'failed' : 'succeeded',
    paid: !failed, captured: !failed, refunded: false, disputed: false, payment_intent: options.chargesApi ? null : d.id('pi'),
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
    const settled = settle(d, store, options.amount, options.currency);
    const fee = ZERO_DECIMAL.has(settled.currency) ? Math.round(settled.amount * 0.036) : Math.round(settled.amount * 0.029) + 30;
    charge.balance_transaction = moveBalance(d, store, { ...settled, fee, type: 'charge', source: String(charge.id) });
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
    const now = d.now();
    const ip: Obj = {
      id: d.id('inpay'), object: 'invoice_payment', amount_paid: options.amount, amount_requested: options.amount, created: now, currency: options.currency,
      invoice: options.invoice, is_default: true, livemode: live, payment: charge.payment_intent ? { type: 'payment_intent', payment_intent: charge.payment_intent } : { type: 'charge', charge: charge.id },
      status: 'paid', status_transitions: { canceled_at: null, paid_at: now },
    };
    store.invoicePayments.set(ip.id as string, ip);
  }
  d.emit(store, live, failed ? 'charge.failed' : 'charge.succeeded', charge);
  return charge;
}

/**
 * An amount as the balance holds it: in the charge's currency when the account settles in it, else
 * converted into the account's first settlement currency at the exchange rate, as Stripe does.
 */
export function settle(d: StripeDouble, store: Store, amount: number, currency: string, rate?: number): { amount: number; currency: string; exchange_rate: number | null } {
  void store;
  if (d.settlementCurrencies.includes(currency)) return { amount, currency, exchange_rate: null };
  const to = d.settlementCurrencies[0];
  const r = rate ?? d.exchangeRates[to]?.[currency];
  if (!r) throw new Error(`The Stripe double has no exchange rate from ${currency} to ${to}: set stripe.exchangeRates.${to}.${currency}.`);
  const major = amount / 10 ** decimals(currency);
  return { amount: Math.round(major * r * 10 ** decimals(to)), currency: to, exchange_rate: r };
}

/** The balance transaction of a charge (how it was settled), for its refunds and disputes. */
export function settledAs(store: Store, charge: Obj): { currency: string; exchange_rate: number | null } {
  const t = store.balanceTransactions.get(String(charge.balance_transaction));
  return { currency: String(t?.currency ?? charge.currency), exchange_rate: (t?.exchange_rate as number | null) ?? null };
}

/** Convert an amount of the charge's currency as the charge was settled. */
export function asSettled(store: Store, charge: Obj, amount: number): { amount: number; currency: string; exchange_rate: number | null } {
  const how = settledAs(store, charge);
  if (how.exchange_rate === null) return { amount, currency: how.currency, exchange_rate: null };
  return { amount: Math.round((amount / 10 ** decimals(String(charge.currency))) * how.exchange_rate * 10 ** decimals(how.currency)), currency: how.currency, exchange_rate: how.exchange_rate };
}

/**
 * A refund of (part of) a charge: a refund object and its balance transaction (the amount leaves
 * the balance; Stripe keeps its fee), then charge.refunded with the charge's new amount_refunded.
 */
export function refundCharge(d: StripeDouble, chargeId: string, amount?: number, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const charge = store.charges.get(chargeId)!;
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  const refunded = Math.min(Number(charge.amount) - Number(charge.amount_refunded), amount ?? Number(charge.amount));
  charge.amount_refunded = Number(charge.amount_refunded) + refunded;
  charge.refunded = charge.amount_refunded === charge.amount;
  const refund: Obj = { id: d.id('re'), object: 'refund', amount: refunded, charge: chargeId, payment_intent: charge.payment_intent, currency: charge.currency, created: d.now(), status: 'succeeded', balance_transaction: null, metadata: {} };
  const settled = asSettled(store, charge, refunded);
  refund.balance_transaction = moveBalance(d, store, { ...settled, amount: -settled.amount, fee: 0, type: 'refund', source: String(refund.id) });
  store.refunds.set(refund.id as string, refund);
  d.emit(store, mode === 'live', 'charge.refunded', charge, previous);
  return charge;
}

/** The card holder disputes a charge: the charge is marked disputed; emits charge.dispute.created. */
export function disputeCharge(d: StripeDouble, chargeId: string, reason = 'fraudulent', mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const charge = store.charges.get(chargeId)!;
  charge.disputed = true;
  const dispute: Obj = { id: d.id('dp'), object: 'dispute', charge: chargeId, amount: charge.amount, currency: charge.currency, reason, status: 'needs_response', created: d.now(), livemode: mode === 'live' };
  // the disputed amount is withdrawn with Stripe's dispute fee
  const withdrawn = asSettled(store, charge, Number(charge.amount));
  moveBalance(d, store, { ...withdrawn, amount: -withdrawn.amount, fee: DISPUTE_FEE, type: 'adjustment', source: String(dispute.id) });
  store.disputes.set(dispute.id as string, dispute);
  d.emit(store, mode === 'live', 'charge.dispute.created', dispute);
  return dispute;
}

/** The card network decides: emits charge.dispute.closed with status won or lost. */
export function closeDispute(d: StripeDouble, disputeId: string, outcome: 'won' | 'lost', mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const dispute = store.disputes.get(disputeId)!;
  dispute.status = outcome;
  if (outcome === 'won') moveBalance(d, store, { ...asSettled(store, store.charges.get(String(dispute.charge))!, Number(dispute.amount)), fee: 0, type: 'adjustment', source: disputeId });
  d.emit(store, mode === 'live', 'charge.dispute.closed', dispute, { status: 'needs_response' });
  return dispute;
}

/** A charge as an answer shows it, with `expand` (relative to the charge) applied: its balance transaction, payment intent, refunds. */
export function expandCharge(store: Store, ch: Obj, expand: string[]): Obj {
  const out: Obj = { ...ch };
  if (expand.includes('balance_transaction') && ch.balance_transaction) out.balance_transaction = publicTxn(store.balanceTransactions.get(String(ch.balance_transaction))!);
  if (expand.includes('payment_intent') && ch.payment_intent) out.payment_intent = clone(store.paymentIntents.get(String(ch.payment_intent)) || ch.payment_intent);
  if (expand.includes('refunds')) {
    const data = newestFirst([...store.refunds.values()].filter((r) => r.charge === ch.id)).map((r) => clone(r));
    out.refunds = { object: 'list', data, has_more: false, url: `/v1/charges/${String(ch.id)}/refunds` };
  }
  return out;
}

export function chargeRoutes(d: StripeDouble, { store, p, params, expand, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'GET /v1/charges/{charge}': {
      const ch = store.charges.get(p.charge);
      if (!ch) return missing('charge', p.charge, 'charge');
      return ok(expandCharge(store, ch, expand));
    }
    case 'GET /v1/disputes/{dispute}': {
      const dp = store.disputes.get(p.dispute);
      if (!dp) return missing('dispute', p.dispute, 'dispute');
      if (!expand.some((e) => e === 'charge' || e.startsWith('charge.'))) return ok(dp);
      const ch = store.charges.get(dp.charge as string)!;
      return ok({ ...dp, charge: expandCharge(store, ch, expand.filter((e) => e.startsWith('charge.')).map((e) => e.slice('charge.'.length))) });
    }
    case 'GET /v1/charges': {
      let list = newestFirst([...store.charges.values()]).filter(createdWithin(params.created));
      if (typeof params.customer === 'string') list = list.filter((c) => c.customer === params.customer);
      const inner = expand.filter((e) => e.startsWith('data.')).map((e) => e.slice('data.'.length));
      return ok(page(store, list, params, '/v1/charges', (ch) => expandCharge(store, ch, inner)));
    }
    default:
      return undefined;
  }
}

/** Stripe's dispute fee in the smallest unit (15.00 in USD; the double uses it for every currency). */
export const DISPUTE_FEE = 1500;
