/** Charges with their balance transactions, refunds and disputes. */
import { decimals, error, missing, newestFirst, createdWithin, clone, Obj, ok, page, RouteContext, Store, StripeResponse, ZERO_DECIMAL, DoubleCore } from './common';
import { moveBalance, publicTxn } from './balance';

/**
 * A charge of a customer, as a payment would make it: succeeded (with its balance transaction:
 * Stripe's fee and the net) or failed (with Stripe's failure message); emits charge.succeeded or
 * charge.failed. Amounts in the currency's smallest unit, as Stripe writes them.
 */
export function seedCharge(d: DoubleCore, customerId: string, options: {
  amount: number; currency: string; failureMessage?: string; card?: Obj; invoice?: string; mode?: 'test' | 'live';
  /** Made with the Charges API: no payment intent, and the invoice it pays lists it as a `charge` payment. */
  chargesApi?: boolean;
  /** Metadata of the charge, of its payment intent, and of the Stripe invoice it pays (`invoice` names it). */
  metadata?: Record<string, string>; intentMetadata?: Record<string, string>; invoiceMetadata?: Record<string, string>;
  /**
   * `capture_method=manual`: the card is only authorized. charge.succeeded comes now with `captured: false`,
   * `amount_captured: 0` and no balance transaction; the money moves at capture (`captureCharge`, or
   * `POST /v1/payment_intents/:id/capture`), and an authorization not captured in 7 days expires.
   */
  manualCapture?: boolean;
}): Obj {
  const live = options.mode === 'live';
  const store = d.stores[options.mode || 'test'];
  const failed = options.failureMessage !== undefined;
  const authorized = !failed && !!options.manualCapture;
  const charge: Obj = {
    id: d.id('ch'), object: 'charge', amount: options.amount, amount_captured: failed || authorized ? 0 : options.amount, amount_refunded: 0,
    currency: options.currency, customer: customerId, created: d.now(), livemode: live, status: failed ? 'failed' : 'succeeded',
    paid: !failed, captured: !failed && !authorized, refunded: false, disputed: false, payment_intent: options.chargesApi ? null : d.id('pi'),
    failure_code: failed ? 'card_declined' : null, failure_message: failed ? options.failureMessage : null, balance_transaction: null,
    payment_method_details: { type: 'card', card: options.card || { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } },
    metadata: { ...(options.metadata || {}) },
  };
  if (charge.payment_intent) store.paymentIntents.set(String(charge.payment_intent), {
    id: charge.payment_intent, object: 'payment_intent', amount: options.amount, amount_received: failed || authorized ? 0 : options.amount, currency: options.currency,
    amount_capturable: authorized ? options.amount : 0, capture_method: authorized ? 'manual' : 'automatic_async', canceled_at: null, cancellation_reason: null,
    customer: customerId, created: charge.created, livemode: live, latest_charge: charge.id, metadata: { ...(options.intentMetadata || {}) },
    status: failed ? 'requires_payment_method' : authorized ? 'requires_capture' : 'succeeded',
  });
  if (!failed && !authorized) {
    charge.balance_transaction = chargeBalance(d, store, charge, options.amount);
  }
  store.charges.set(charge.id as string, charge);
  if (options.invoice && !store.invoices.has(options.invoice)) {
    store.invoices.set(options.invoice, {
      id: options.invoice, object: 'invoice', customer: customerId, currency: options.currency, amount_due: options.amount, amount_paid: failed || authorized ? 0 : options.amount,
      created: charge.created, livemode: live, metadata: { ...(options.invoiceMetadata || {}) }, status: failed || authorized ? 'open' : 'paid',
    });
  }
  d.emit(store, live, failed ? 'charge.failed' : 'charge.succeeded', charge);
  if (options.invoice && !failed) {
    // an authorization pays its invoice when it is captured
    if (authorized) store.invoiceToPay.set(String(charge.id), options.invoice);
    else payInvoice(d, store, charge, options.invoice, options.amount);
  }
  return charge;
}

/**
 * From 2025-03-31.basil on, the invoice a payment paid is told by an invoice payment, not by the
 * charge: it is `paid` when the money is (Stripe API reference, The Invoice Payment object), and
 * Stripe sends `invoice_payment.paid` with it (Types of events), after the charge's own event.
 */
function payInvoice(d: DoubleCore, store: Store, charge: Obj, invoice: string, amount: number): void {
  const now = d.now();
  const ip: Obj = {
    id: d.id('inpay'), object: 'invoice_payment', amount_paid: amount, amount_requested: Number(charge.amount), created: now, currency: charge.currency,
    invoice, is_default: true, livemode: charge.livemode, payment: charge.payment_intent ? { type: 'payment_intent', payment_intent: charge.payment_intent } : { type: 'charge', charge: charge.id },
    status: 'paid', status_transitions: { canceled_at: null, paid_at: now },
  };
  store.invoicePayments.set(ip.id as string, ip);
  const inv = store.invoices.get(invoice);
  if (inv && inv.status === 'open') Object.assign(inv, { status: 'paid', amount_paid: amount });
  d.emit(store, !!charge.livemode, 'invoice_payment.paid', ip);
}

/** The balance transaction of captured money: the amount as settled, less Stripe's fee. */
export function chargeBalance(d: DoubleCore, store: Store, charge: Obj, amount: number): string {
  // Stripe's standard pricing, for the double's purposes: 2.9% + 30 in two-decimal settlement currencies, 3.6% in zero-decimal ones
  const settled = settle(d, store, amount, String(charge.currency));
  const fee = ZERO_DECIMAL.has(settled.currency) ? Math.round(settled.amount * 0.036) : Math.round(settled.amount * 0.029) + 30;
  return moveBalance(d, store, { ...settled, fee, type: 'charge', source: String(charge.id) });
}

/** Stripe's docs (Place a hold on a payment method): an uncaptured authorization expires after 7 days. */
export const AUTHORIZATION_DAYS = 7;

/**
 * Capture an authorized charge, all of it or `amount` (Stripe releases the rest: the charge's
 * `amount_refunded` shows it, with no refund and no balance transaction, as no money moved). The
 * captured money gets its balance transaction now; emits charge.captured. Returns a Stripe error
 * (as the API answers it) when the charge cannot be captured.
 */
export function captureCharge(d: DoubleCore, chargeId: string, amount?: number, mode: 'test' | 'live' = 'test'): Obj | StripeResponse {
  const store = d.stores[mode];
  const charge = store.charges.get(chargeId);
  if (!charge) return missing('charge', chargeId, 'charge');
  expireAuthorizations(d, mode);
  if (charge.captured) return error(400, 'invalid_request_error', `Charge ${chargeId} has already been captured.`, { code: 'charge_already_captured' });
  if (charge.refunded || charge.status !== 'succeeded') return error(400, 'invalid_request_error', `Charge ${chargeId} has expired for capture.`, { code: 'charge_expired_for_capture' });
  const captured = amount ?? Number(charge.amount);
  if (!Number.isInteger(captured) || captured <= 0 || captured > Number(charge.amount)) {
    return error(400, 'invalid_request_error', `The amount to capture must be a positive integer no greater than the authorized amount (${String(charge.amount)}).`, { code: 'amount_too_large', param: 'amount_to_capture' });
  }
  const previous = { captured: false, amount_captured: 0, amount_refunded: 0, balance_transaction: null };
  Object.assign(charge, { captured: true, amount_captured: captured, amount_refunded: Number(charge.amount) - captured });
  charge.balance_transaction = chargeBalance(d, store, charge, captured);
  const intent = charge.payment_intent ? store.paymentIntents.get(String(charge.payment_intent)) : undefined;
  if (intent) Object.assign(intent, { status: 'succeeded', amount_received: captured, amount_capturable: 0 });
  d.emit(store, mode === 'live', 'charge.captured', charge, previous);
  const invoice = store.invoiceToPay.get(chargeId);
  if (invoice) {
    store.invoiceToPay.delete(chargeId);
    payInvoice(d, store, charge, invoice, captured);
  }
  return charge;
}

/**
 * Stripe's clock for authorizations: every charge authorized 7 days ago or more and not captured
 * expires (Stripe marks it refunded, releases the hold, cancels its payment intent); emits
 * charge.expired for each. Tests move the clock and call this (capture calls it too).
 */
export function expireAuthorizations(d: DoubleCore, mode: 'test' | 'live' = 'test'): Obj[] {
  const store = d.stores[mode];
  const out: Obj[] = [];
  for (const charge of store.charges.values()) {
    if (charge.captured || charge.status !== 'succeeded' || charge.refunded || d.now() < Number(charge.created) + AUTHORIZATION_DAYS * 86400) continue;
    Object.assign(charge, { refunded: true, amount_refunded: charge.amount });
    const intent = charge.payment_intent ? store.paymentIntents.get(String(charge.payment_intent)) : undefined;
    if (intent) Object.assign(intent, { status: 'canceled', amount_capturable: 0, canceled_at: d.now(), cancellation_reason: 'automatic' });
    d.emit(store, mode === 'live', 'charge.expired', charge, { refunded: false, amount_refunded: 0 });
    out.push(charge);
  }
  return out;
}

/**
 * An amount as the balance holds it: in the charge's currency when the account settles in it, else
 * converted into the account's first settlement currency at the exchange rate, as Stripe does.
 */
export function settle(d: DoubleCore, store: Store, amount: number, currency: string, rate?: number): { amount: number; currency: string; exchange_rate: number | null } {
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
export function refundCharge(d: DoubleCore, chargeId: string, amount?: number, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const charge = store.charges.get(chargeId)!;
  if (!charge.captured) throw new Error(`The Stripe double does not model refunding an uncaptured charge (${chargeId}): Stripe cancels the authorization.`);
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

/**
 * A refund that succeeded fails later (the card was closed, say): Stripe returns the money to the
 * balance with a `refund_failure` balance transaction (positive; a later payout carries it), the
 * refund shows `status: failed`, `failure_reason` and `failure_balance_transaction`, and the charge
 * is refundable again (its `amount_refunded` goes down). Emits charge.refund.updated, refund.updated
 * and refund.failed, each with the refund.
 */
export function failRefund(d: DoubleCore, refundId: string, reason = 'expired_or_canceled_card', mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const refund = store.refunds.get(refundId)!;
  if (refund.status !== 'succeeded' && refund.status !== 'pending') throw new Error(`Refund ${refundId} is ${String(refund.status)}: only a succeeded or pending refund can fail.`);
  const charge = store.charges.get(String(refund.charge))!;
  const previous = { status: refund.status };
  const back = store.balanceTransactions.get(String(refund.balance_transaction))!;
  refund.failure_balance_transaction = moveBalance(d, store, { amount: -Number(back.amount), fee: 0, currency: String(back.currency), exchange_rate: (back.exchange_rate as number | null) ?? null, type: 'refund_failure', source: refundId });
  Object.assign(refund, { status: 'failed', failure_reason: reason });
  charge.amount_refunded = Number(charge.amount_refunded) - Number(refund.amount);
  charge.refunded = false;
  for (const type of ['charge.refund.updated', 'refund.updated', 'refund.failed']) d.emit(store, mode === 'live', type, refund, previous);
  return refund;
}

/** Dispute statuses of an inquiry (Stripe: a pre-dispute the card network opens before any chargeback; no money moves). */
const INQUIRY = new Set(['warning_needs_response', 'warning_under_review', 'warning_closed']);

/**
 * The card holder disputes a charge: the charge is marked disputed; emits charge.dispute.created.
 * A chargeback (the default) withdraws the disputed amount and Stripe's dispute fee at once (a
 * balance transaction on the dispute's `balance_transactions`; charge.dispute.funds_withdrawn).
 * `inquiry`: the card network only asks (`warning_needs_response`): nothing is withdrawn, the
 * dispute has no balance transaction and the charge can still be refunded.
 */
export function disputeCharge(d: DoubleCore, chargeId: string, reason = 'fraudulent', mode: 'test' | 'live' = 'test', options: { inquiry?: boolean } = {}): Obj {
  const store = d.stores[mode];
  const charge = store.charges.get(chargeId)!;
  if (!charge.captured) throw new Error(`The Stripe double does not model a dispute of an uncaptured charge (${chargeId}).`);
  charge.disputed = true;
  const dispute: Obj = {
    id: d.id('dp'), object: 'dispute', charge: chargeId, amount: charge.amount_captured, currency: charge.currency, reason, balance_transactions: [],
    status: options.inquiry ? 'warning_needs_response' : 'needs_response', is_charge_refundable: !!options.inquiry, payment_intent: charge.payment_intent ?? null,
    metadata: {}, created: d.now(), livemode: mode === 'live',
  };
  store.disputes.set(dispute.id as string, dispute);
  d.emit(store, mode === 'live', 'charge.dispute.created', dispute);
  if (!options.inquiry) withdrawDisputed(d, store, dispute, mode);
  return dispute;
}

/** The disputed amount and the dispute fee leave the balance: charge.dispute.funds_withdrawn. */
function withdrawDisputed(d: DoubleCore, store: Store, dispute: Obj, mode: 'test' | 'live'): void {
  const withdrawn = asSettled(store, store.charges.get(String(dispute.charge))!, Number(dispute.amount));
  const txn = moveBalance(d, store, { ...withdrawn, amount: -withdrawn.amount, fee: DISPUTE_FEE, type: 'adjustment', source: String(dispute.id), description: `Chargeback withdrawal for ${String(dispute.charge)}`, reporting_category: 'dispute' });
  (dispute.balance_transactions as Obj[]).push(publicTxn(store.balanceTransactions.get(txn)!));
  d.emit(store, mode === 'live', 'charge.dispute.funds_withdrawn', dispute);
}

/** The merchant answers (evidence submitted): needs_response becomes under_review (an inquiry: warning_under_review); charge.dispute.updated. */
export function reviewDispute(d: DoubleCore, disputeId: string, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const dispute = store.disputes.get(disputeId)!;
  const previous = { status: dispute.status };
  dispute.status = INQUIRY.has(String(dispute.status)) ? 'warning_under_review' : 'under_review';
  d.emit(store, mode === 'live', 'charge.dispute.updated', dispute, previous);
  return dispute;
}

/** An inquiry the card network turns into a chargeback: the funds are withdrawn now (needs_response; charge.dispute.updated, charge.dispute.funds_withdrawn). */
export function escalateInquiry(d: DoubleCore, disputeId: string, mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const dispute = store.disputes.get(disputeId)!;
  if (!INQUIRY.has(String(dispute.status)) || dispute.status === 'warning_closed') throw new Error(`Dispute ${disputeId} is ${String(dispute.status)}: only an open inquiry becomes a chargeback.`);
  const previous = { status: dispute.status, is_charge_refundable: true };
  Object.assign(dispute, { status: 'needs_response', is_charge_refundable: false });
  d.emit(store, mode === 'live', 'charge.dispute.updated', dispute, previous);
  withdrawDisputed(d, store, dispute, mode);
  return dispute;
}

/**
 * The card network decides: emits charge.dispute.closed with status won or lost; a won chargeback
 * first gets its amount back (a second balance transaction on the dispute; Stripe keeps the fee;
 * charge.dispute.funds_reinstated). An inquiry closes as `warning_closed`, with no money moved.
 */
export function closeDispute(d: DoubleCore, disputeId: string, outcome: 'won' | 'lost' | 'warning_closed', mode: 'test' | 'live' = 'test'): Obj {
  const store = d.stores[mode];
  const dispute = store.disputes.get(disputeId)!;
  const inquiry = INQUIRY.has(String(dispute.status));
  if (inquiry !== (outcome === 'warning_closed')) throw new Error(`Dispute ${disputeId} is ${String(dispute.status)}: ${inquiry ? 'an inquiry closes as warning_closed (escalateInquiry makes it a chargeback)' : 'a chargeback closes as won or lost'}.`);
  const previous = { status: dispute.status };
  dispute.status = outcome;
  if (outcome === 'won') {
    const back = asSettled(store, store.charges.get(String(dispute.charge))!, Number(dispute.amount));
    const txn = moveBalance(d, store, { ...back, fee: 0, type: 'adjustment', source: disputeId, description: `Chargeback reversal for ${String(dispute.charge)}`, reporting_category: 'dispute_reversal' });
    (dispute.balance_transactions as Obj[]).push(publicTxn(store.balanceTransactions.get(txn)!));
    d.emit(store, mode === 'live', 'charge.dispute.funds_reinstated', dispute);
  }
  d.emit(store, mode === 'live', 'charge.dispute.closed', dispute, previous);
  return dispute;
}

/** A charge as an answer shows it, with `expand` (relative to the charge) applied: its balance transaction, payment intent, refunds. */
export function expandCharge(store: Store, ch: Obj, expand: string[]): Obj {
  const out: Obj = { ...ch };
  if (expand.includes('balance_transaction') && ch.balance_transaction) out.balance_transaction = publicTxn(store.balanceTransactions.get(String(ch.balance_transaction))!);
  if (expand.includes('payment_intent') && ch.payment_intent) out.payment_intent = clone(store.paymentIntents.get(String(ch.payment_intent)) || ch.payment_intent);
  if (expand.includes('refunds')) {
    // a failed refund's failure_balance_transaction is expandable (Stripe API reference, The Refund object)
    const withFailure = expand.includes('refunds.data.failure_balance_transaction');
    const data = newestFirst([...store.refunds.values()].filter((r) => r.charge === ch.id)).map((r) => (withFailure && r.failure_balance_transaction
      ? { ...clone(r), failure_balance_transaction: publicTxn(store.balanceTransactions.get(String(r.failure_balance_transaction))!) } : clone(r)));
    out.refunds = { object: 'list', data, has_more: false, url: `/v1/charges/${String(ch.id)}/refunds` };
  }
  return out;
}

export function chargeRoutes(d: DoubleCore, { store, mode, p, params, expand, route }: RouteContext): StripeResponse | undefined {
  switch (route) {
    case 'POST /v1/payment_intents/{intent}/capture': {
      const intent = store.paymentIntents.get(p.intent);
      if (!intent) return missing('payment_intent', p.intent, 'intent');
      expireAuthorizations(d, mode);
      if (intent.status !== 'requires_capture') {
        return error(400, 'invalid_request_error', `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, { code: 'payment_intent_unexpected_state' });
      }
      const captured = captureCharge(d, String(intent.latest_charge), params.amount_to_capture === undefined ? undefined : Number(params.amount_to_capture), mode);
      return isAnswer(captured) ? captured : ok(intent);
    }
    case 'POST /v1/charges/{charge}/capture': {
      const captured = captureCharge(d, p.charge, params.amount === undefined ? undefined : Number(params.amount), mode);
      return isAnswer(captured) ? captured : ok(expandCharge(store, captured, expand));
    }
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

/** A Stripe error answer rather than an object. */
export function isAnswer(x: Obj | StripeResponse): x is StripeResponse {
  return typeof x.status === 'number' && typeof x.body === 'string';
}
