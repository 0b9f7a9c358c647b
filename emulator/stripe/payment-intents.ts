/**
 * PaymentIntents created (and confirmed) through the API: a saved payment method charged off session,
 * as Charge Card and Autopay do. Cards succeed or are declined at once, as Stripe's test cards behave;
 * a `us_bank_account` debit is `processing` and settles days later (`settleBankDebits`).
 * Sources: Stripe API reference "Create a PaymentIntent", "The PaymentIntent object"; docs "Payment
 * Intents statuses" (How PaymentIntents work), "Decline codes", "Testing" (test cards and test bank
 * accounts), "ACH Direct Debit" (settles in up to 4 business days).
 */

import { asList, FormObject } from './form';
import { checkMetadata, clone, error, missing, Obj, ok, RouteContext, Store, STRIPE_CURRENCIES, StripeResponse, DoubleCore, Mode } from './common';
import { chargeBalance } from './charges';

/** What Stripe's test cards do when charged, by their last four digits (docs: Testing, "Declined payments", "3D Secure authentication"). */
const CARD_OUTCOMES: Record<string, { code: string; decline_code: string; message: string; authentication?: true }> = {
  '0002': { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  '9995': { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '9987': { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  '9979': { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
  '0069': { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
  '0119': { code: 'processing_error', decline_code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
  // 4000 0027 6000 3184: authentication on every payment; off session the issuer declines it
  3184: { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.', authentication: true },
};

/** What Stripe's test bank accounts do when debited, by the account number's last four digits (docs: ACH Direct Debit, "Test account numbers"). */
const BANK_FAILURES: Record<string, { code: string; message: string }> = {
  1113: { code: 'account_closed', message: 'The customer\'s bank account has been closed.' },
  1116: { code: 'no_account', message: 'The customer\'s bank account could not be located.' },
  2227: { code: 'insufficient_funds', message: 'The customer\'s account has insufficient funds to cover this payment.' },
  3335: { code: 'debit_not_authorized', message: 'The customer has notified their bank that this payment was unauthorized.' },
};

/** ACH Direct Debit: "up to 4 business days" until the debit succeeds or fails (the double counts calendar days). */
export const BANK_DEBIT_DAYS = 4;

/** Stripe's minimum charge amounts in the smallest unit (docs: "Minimum and maximum charge amounts"); other currencies are not checked. */
const MINIMUM: Record<string, number> = { usd: 50, eur: 50, gbp: 30, chf: 50, cad: 50, aud: 50, jpy: 50, nzd: 50, sgd: 50, hkd: 400, sek: 300, nok: 300, dkk: 250 };

/** When each processing bank debit settles (epoch seconds), per store: the double's own bookkeeping, never answered. */
const settling = new WeakMap<Store, Map<string, number>>();

function settlingOf(store: Store): Map<string, number> {
  let m = settling.get(store);
  if (!m) { m = new Map(); settling.set(store, m); }
  return m;
}

function cardError(status: number, intent: Obj, lastError: Obj): StripeResponse {
  return { status, headers: {}, body: JSON.stringify({ error: { ...lastError, payment_intent: clone(intent) } }) };
}

function paymentMethodDetails(pm: Obj): Obj {
  const type = String(pm.type);
  if (type === 'card') {
    const c = (pm.card || {}) as Obj;
    return { type, card: { brand: c.brand ?? 'visa', last4: c.last4 ?? '4242', exp_month: c.exp_month ?? null, exp_year: c.exp_year ?? null } };
  }
  return { type, [type]: clone(pm[type] || {}) };
}

/** A charge of the intent's payment method: succeeded (captured, with its balance transaction), failed, or pending (a bank debit). */
function newCharge(d: DoubleCore, store: Store, intent: Obj, pm: Obj, status: 'succeeded' | 'failed' | 'pending', failure?: { code: string; message: string; decline_code?: string }): Obj {
  const amount = Number(intent.amount);
  const charge: Obj = {
    id: d.id(pm.type === 'card' ? 'ch' : 'py'), object: 'charge', amount, amount_captured: status === 'succeeded' ? amount : 0, amount_refunded: 0,
    currency: intent.currency, customer: intent.customer, created: d.now(), livemode: intent.livemode, status,
    paid: status === 'succeeded', captured: status === 'succeeded', refunded: false, disputed: false, payment_intent: intent.id, payment_method: pm.id,
    failure_code: failure?.code ?? null, failure_message: failure?.message ?? null, balance_transaction: null,
    outcome: failure
      ? { network_status: 'declined_by_network', reason: failure.decline_code ?? failure.code, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    payment_method_details: paymentMethodDetails(pm), metadata: {},
  };
  if (status === 'succeeded') charge.balance_transaction = chargeBalance(d, store, charge, amount);
  store.charges.set(String(charge.id), charge);
  intent.latest_charge = charge.id;
  return charge;
}

/** The payment attempt failed: the intent goes back to requires_payment_method with the error; charge.failed, payment_intent.payment_failed. */
function fail(d: DoubleCore, store: Store, intent: Obj, pm: Obj, charge: Obj, lastError: Obj): void {
  Object.assign(intent, { status: 'requires_payment_method', last_payment_error: { ...lastError, charge: charge.id, payment_method: clone(pm) } });
  const live = intent.livemode === true;
  d.emit(store, live, 'charge.failed', charge);
  d.emit(store, live, 'payment_intent.payment_failed', intent);
}

/** Stripe confirms the intent with its payment method. Answers the intent (200) or the card error (402). */
function confirm(d: DoubleCore, store: Store, intent: Obj, pm: Obj, offSession: boolean): StripeResponse {
  const live = intent.livemode === true;
  if (pm.type === 'us_bank_account') {
    const charge = newCharge(d, store, intent, pm, 'pending');
    intent.status = 'processing';
    settlingOf(store).set(String(intent.id), d.now() + BANK_DEBIT_DAYS * 86400);
    d.emit(store, live, 'charge.pending', charge);
    d.emit(store, live, 'payment_intent.processing', intent);
    return ok(intent);
  }
  if (pm.type !== 'card') throw new Error(`The Stripe double does not model confirming a ${String(pm.type)} payment method.`);
  const card = (pm.card || {}) as Obj;
  const now = new Date(d.now() * 1000);
  const expired = Number(card.exp_year) < now.getUTCFullYear() || (Number(card.exp_year) === now.getUTCFullYear() && Number(card.exp_month) < now.getUTCMonth() + 1);
  const outcome = expired ? CARD_OUTCOMES['0069'] : CARD_OUTCOMES[String(card.last4)];
  if (outcome?.authentication && !offSession) {
    // on session the customer can authenticate: Stripe asks for it instead of declining
    Object.assign(intent, { status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } } });
    d.emit(store, live, 'payment_intent.requires_action', intent);
    return ok(intent);
  }
  if (outcome) {
    const charge = newCharge(d, store, intent, pm, 'failed', outcome);
    const lastError: Obj = {
      type: 'card_error', code: outcome.code, decline_code: outcome.decline_code, message: outcome.message,
      doc_url: `https://stripe.com/docs/error-codes/${outcome.code.replace(/_/g, '-')}`,
    };
    fail(d, store, intent, pm, charge, lastError);
    return cardError(402, intent, { ...lastError, charge: charge.id, payment_method: clone(pm) });
  }
  const charge = newCharge(d, store, intent, pm, 'succeeded');
  Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
  d.emit(store, live, 'charge.succeeded', charge);
  d.emit(store, live, 'payment_intent.succeeded', intent);
  return ok(intent);
}

/**
 * Stripe's clock for bank debits: every processing debit `BANK_DEBIT_DAYS` old settles, as the test
 * account number says: succeeded (the money reaches the balance now: charge.succeeded,
 * payment_intent.succeeded) or failed (charge.failed, payment_intent.payment_failed). Tests move the
 * clock and call this; reading the intent calls it too.
 */
export function settleBankDebits(d: DoubleCore, mode: Mode = 'test'): Obj[] {
  const store = d.stores[mode];
  const due = settlingOf(store);
  const out: Obj[] = [];
  for (const [intentId, at] of [...due]) {
    if (d.now() < at) continue;
    due.delete(intentId);
    const intent = store.paymentIntents.get(intentId)!;
    const charge = store.charges.get(String(intent.latest_charge))!;
    const pm = store.paymentMethods.get(String(charge.payment_method))!;
    const failure = BANK_FAILURES[String(((pm.us_bank_account || {}) as Obj).last4)];
    if (failure) {
      Object.assign(charge, { status: 'failed', failure_code: failure.code, failure_message: failure.message });
      fail(d, store, intent, pm, charge, { type: 'invalid_request_error', code: failure.code, message: failure.message });
    } else {
      Object.assign(charge, { status: 'succeeded', paid: true, captured: true, amount_captured: charge.amount });
      charge.balance_transaction = chargeBalance(d, store, charge, Number(charge.amount));
      Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
      d.emit(store, mode === 'live', 'charge.succeeded', charge);
      d.emit(store, mode === 'live', 'payment_intent.succeeded', intent);
    }
    out.push(intent);
  }
  return out;
}

function createIntent(d: DoubleCore, { store, mode, live, params }: RouteContext): StripeResponse {
  const bad = checkMetadata(params.metadata);
  if (bad) return bad;
  const currency = String(params.currency || '').toLowerCase();
  if (!STRIPE_CURRENCIES.has(currency)) return error(400, 'invalid_request_error', `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...STRIPE_CURRENCIES].slice(0, 8).join(', ')}, ...`, { param: 'currency' });
  const amount = Number(params.amount);
  if (!Number.isInteger(amount) || amount < 1) return error(400, 'invalid_request_error', 'This value must be greater than or equal to 1.', { param: 'amount' });
  if (MINIMUM[currency] && amount < MINIMUM[currency]) {
    return error(400, 'invalid_request_error', `Amount must be at least ${MINIMUM[currency]} in the smallest unit of ${currency}`, { code: 'amount_too_small', param: 'amount' });
  }
  const confirmNow = params.confirm === 'true';
  const offSession = params.off_session !== undefined && params.off_session !== 'false';
  if (offSession && !confirmNow) return error(400, 'invalid_request_error', 'off_session can only be used with confirm=true.', { param: 'off_session' });
  const customerId = typeof params.customer === 'string' ? params.customer : undefined;
  const customer = customerId ? store.customers.get(customerId) : undefined;
  if (customerId && (!customer || customer.deleted)) return missing('customer', customerId, 'customer');
  const pmId = typeof params.payment_method === 'string' ? params.payment_method : undefined;
  const pm = pmId ? store.paymentMethods.get(pmId) : undefined;
  if (pmId && !pm) return missing('payment_method', pmId, 'payment_method');
  if (pm && !pm.customer) {
    return error(400, 'invalid_request_error', 'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.', { param: 'payment_method' });
  }
  if (pm && pm.customer !== customerId) {
    return error(400, 'invalid_request_error', `The provided PaymentMethod belongs to a Customer (${String(pm.customer)}) other than the one given: pass that customer, or a PaymentMethod attached to this one.`, { param: 'payment_method' });
  }
  // without payment_method_types, a PaymentIntent takes the payment methods enabled in the Dashboard
  // (automatic_payment_methods, the default since 2023-08-16), some of which redirect: confirming one
  // needs a return_url unless redirects are refused
  const types = asList(params.payment_method_types)?.map(String);
  const auto = (params.automatic_payment_methods || {}) as FormObject;
  const allowRedirects = auto.allow_redirects === 'never' ? 'never' : 'always';
  if (confirmNow && !types && allowRedirects !== 'never' && typeof params.return_url !== 'string') {
    return error(400, 'invalid_request_error', 'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.');
  }
  if (pm && types && !types.includes(String(pm.type))) {
    return error(400, 'invalid_request_error', `The PaymentMethod provided (${String(pm.type)}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${types.join(', ')}.`, { param: 'payment_method' });
  }
  if (confirmNow && !pm) return error(400, 'invalid_request_error', 'You cannot confirm this PaymentIntent because it\'s missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.', { code: 'payment_intent_unexpected_state' });
  const id = d.id('pi');
  const intent: Obj = {
    id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, automatic_payment_methods: types ? null : { enabled: true, allow_redirects: allowRedirects }, canceled_at: null, cancellation_reason: null,
    capture_method: 'automatic_async', client_secret: `${id}_secret_${d.id('x').slice(2)}`, confirmation_method: 'automatic', created: d.now(), currency,
    customer: customerId ?? null, description: typeof params.description === 'string' ? params.description : null, last_payment_error: null, latest_charge: null, livemode: live,
    metadata: (params.metadata as Obj | undefined) ?? {}, next_action: null, payment_method: pmId ?? null, payment_method_types: types ?? [String(pm?.type ?? 'card')],
    setup_future_usage: null, status: pm ? 'requires_confirmation' : 'requires_payment_method',
  };
  store.paymentIntents.set(id, intent);
  d.emit(store, live, 'payment_intent.created', intent);
  void mode;
  return confirmNow ? confirm(d, store, intent, pm!, offSession) : ok(intent);
}

export function paymentIntentRoutes(d: DoubleCore, ctx: RouteContext): StripeResponse | undefined {
  const { store, mode, p, route } = ctx;
  switch (route) {
    case 'POST /v1/payment_intents':
      return createIntent(d, ctx);
    case 'GET /v1/payment_intents/{intent}': {
      settleBankDebits(d, mode);
      const intent = store.paymentIntents.get(p.intent);
      return intent ? ok(intent) : missing('payment_intent', p.intent, 'intent');
    }
    default:
      return undefined;
  }
}


