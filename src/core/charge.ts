/**
 * Charge Card and Autopay: one PaymentIntent, confirmed off session, charges the customer's default
 * payment method for what an invoice owes now, in the invoice's currency, naming the invoice in its
 * metadata (`netsuite_invoice_id`) so the books post and apply the charge that follows. The attempt's
 * outcome is written on the invoice: a status in words, and a small state the next attempt reads.
 *
 * Never twice: the idempotency key is the invoice, the amount and the attempt's number, so a click and
 * an Autopay run that race for the same attempt send the same request and Stripe answers both with one
 * PaymentIntent; a bank debit still processing blocks every attempt until Stripe settles it; an invoice
 * already charged for what it owes now is not charged again before the books apply that payment.
 */
import { PayPackConfig } from './config';
import { majorUnits, minorUnits } from './payments';
import { StripeClient, StripeError } from './stripe/client';

/** What an attempt left on the invoice (`custbody_pp_autopay_state`, JSON). */
export interface ChargeState {
  /** Attempts made (the next one's key uses attempts + 1). */
  attempts: number;
  /** The last Autopay schedule step attempted (index into the retry days), -1 before any. */
  step: number;
  kind: ChargeKind;
  /** The PaymentIntent of the last attempt ('' when Stripe made none). */
  intent: string;
  /** Amount (smallest unit) and currency of the last attempt. */
  amount: number;
  currency: string;
  /** The payment method the last attempt used (a stop for the customer's action lifts when the default changes). */
  pm: string;
}

export type ChargeKind = 'charged' | 'processing' | 'declined' | 'action' | 'gave up';

export interface ChargeInvoice {
  id: string;
  tranid: string;
  customerId: string;
  subsidiaryId: string;
  /** Lower-case ISO code of the invoice's currency. */
  currency: string;
  /** What is still owed in the invoice's currency (`fxamountremaining`), major units. */
  due: number;
  /** NetSuite's status text ("Open", "Paid In Full", "Voided"...). */
  status: string;
  state?: ChargeState;
}

/** A Stripe charge toward an invoice PayPack has recorded but not yet posted (a Pay by card payment on its way to the books). */
export interface UnpostedCharge { chargeId: string; status: string }

/** Payment row statuses of money that never was or no longer is (a failed, expired or refunded charge, a lost dispute): not on its way. */
export const NOT_MONEY = ['failed', 'expired', 'refunded', 'dispute lost'];

export interface ChargeCustomer {
  /** '' when the customer has no Stripe customer in the config's account. */
  stripeId: string;
  /** The default payment method's id and its one-line summary ('' when none is known). */
  pmId: string;
  pmSummary: string;
}

export interface ChargePorts {
  invoice(invoiceId: string): ChargeInvoice | undefined;
  config(subsidiaryId: string): PayPackConfig | undefined;
  customer(customerId: string, config: PayPackConfig): ChargeCustomer;
  stripe(config: PayPackConfig): StripeClient;
  /** Write the outcome on the invoice. */
  write(invoiceId: string, status: string, state: ChargeState): void;
  /** A Stripe charge toward the invoice PayPack recorded but has not posted yet; undefined when none. */
  unposted(invoiceId: string): UnpostedCharge | 'unreadable' | undefined;
}

export type ChargeSource = 'button' | 'autopay';

export interface ChargeResult {
  /** charged: Stripe took the money (or is debiting it); refused: nothing was asked of Stripe or nothing changed. */
  outcome: 'charged' | 'processing' | 'declined' | 'action' | 'gave up' | 'refused' | 'try later' | 'settled' | 'not today' | 'waiting';
  message: string;
  /** Stripe calls made. */
  calls: number;
  customerId?: string;
  configId?: string;
  stripeId?: string;
}

/** The PaymentIntent fields PayPack reads. */
interface Intent { id: string; status: string; amount: number; currency: string; last_payment_error?: { code?: string; decline_code?: string; advice_code?: string; message?: string } | null }

/** `120.00 USD`: an amount in Stripe's smallest unit, written in its currency's major units. */
function money(minor: number, currency: string): string {
  return `${majorUnits(minor, currency).toFixed(Math.round(Math.log10(minorUnits(1, currency))))} ${currency.toUpperCase()}`;
}

/** The key of one attempt: the same invoice, amount and attempt number always send the same request. */
export function idempotencyKey(invoiceId: string, amount: number, currency: string, attempt: number): string {
  return `paypack-charge-${invoiceId}-${amount}${currency}-${attempt}`;
}

/** The PaymentIntent of one attempt: off session, confirmed, the invoice named in its metadata. */
export function intentParams(invoice: ChargeInvoice, customer: ChargeCustomer, amount: number) {
  return {
    amount,
    currency: invoice.currency,
    customer: customer.stripeId,
    payment_method: customer.pmId,
    off_session: true,
    confirm: true,
    // no customer is there to be redirected: only payment methods that need no redirect (cards, bank debits)
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    description: `Invoice ${invoice.tranid || invoice.id}`,
    metadata: { netsuite_invoice_id: invoice.id },
  };
}

/** `(exp MM/YYYY)` of a payment method summary, as the month after which the card no longer works. */
function expiredCard(summary: string, today: { year: number; month: number }): boolean {
  const m = /\(exp (\d{2})\/(\d{4})\)/.exec(summary);
  if (!m) return false;
  const [month, year] = [Number(m[1]), Number(m[2])];
  return year < today.year || (year === today.year && month < today.month);
}

/**
 * Why this invoice may not be charged now, in words for the accountant, or undefined when it may.
 * `today` is the account's calendar month (for a card's expiry).
 */
export function chargeRefusal(invoice: ChargeInvoice, config: PayPackConfig | undefined, customer: ChargeCustomer | undefined, today: { year: number; month: number }): string | undefined {
  const name = `Invoice ${invoice.tranid || invoice.id}`;
  if (/void/i.test(invoice.status)) return `${name} is voided: nothing was charged.`;
  if (!(invoice.due > 0)) return `${name} has nothing due (paid, credited or voided): nothing was charged.`;
  if (!invoice.currency) return `The currency of ${name} could not be read (a role that charges invoices needs View on Lists > Currency): nothing was charged.`;
  if (!config) return `No PayPack Config serves the subsidiary of ${name}: nothing was charged. Add the subsidiary to the PayPack Config of its Stripe account.`;
  if (!customer?.stripeId) return `The customer of ${name} is not linked to a Stripe customer in PayPack Config ${config.name}: nothing was charged. Click PayPack Sync on the customer (or run PayPack Mass Customer Sync) first.`;
  if (!customer.pmId) return `The customer of ${name} has no default payment method in Stripe: nothing was charged. Send the Pay by card link, or have the customer save a card in the customer portal.`;
  if (expiredCard(customer.pmSummary, today)) return `The customer's default payment method (${customer.pmSummary}) has expired: nothing was charged. Send the Pay by card link, or have the customer save a new card in the customer portal.`;
  const state = invoice.state;
  const amount = minorUnits(invoice.due, invoice.currency);
  if (state?.kind === 'processing') return `A bank debit of ${money(state.amount, state.currency)} for ${name} is still processing (${state.intent}): nothing more is charged until Stripe settles it.`;
  if (state?.kind === 'charged' && state.amount === amount && state.currency === invoice.currency) {
    return `${name} was charged ${money(amount, invoice.currency)} already (${state.intent}): nothing more was charged. The books apply that payment when PayPack Payments Import runs.`;
  }
  return undefined;
}

/** The outcome of an attempt in words, for the invoice's PayPack Autopay Status. */
function statusOf(kind: ChargeKind, intent: string, amount: number, currency: string, pmSummary: string, detail: string, attempt: number): string {
  const what = `${money(amount, currency)} to ${pmSummary || 'the default payment method'}`;
  switch (kind) {
    case 'charged': return `Charged ${what} (${intent}, attempt ${attempt}).`;
    case 'processing': return `Processing: a bank debit of ${what} (${intent}, attempt ${attempt}); the books post it when Stripe settles it, in a few days.`;
    case 'declined': return `Declined: ${detail} (${what}, attempt ${attempt}${intent ? `, ${intent}` : ''}).`;
    case 'action': return `Needs the customer's action: ${detail} Autopay stopped for this invoice; send the Pay by card link (attempt ${attempt}${intent ? `, ${intent}` : ''}).`;
    default: return `Gave up: ${detail} (${what}, attempt ${attempt}${intent ? `, ${intent}` : ''}). Autopay charges this invoice no more; Charge Card still can.`;
  }
}

/** Declines that only the customer can fix (authenticate, or give another payment method): Autopay stops for the invoice. */
const NEEDS_CUSTOMER = new Set(['authentication_required', 'expired_card', 'lost_card', 'stolen_card', 'pickup_card', 'restricted_card', 'account_closed', 'no_account', 'debit_not_authorized', 'invalid_account_number']);

/** Stripe's outcome of an attempt: the kind and the reason in Stripe's words. */
export function readOutcome(intent: Intent): { kind: ChargeKind; detail: string } {
  if (intent.status === 'succeeded') return { kind: 'charged', detail: '' };
  if (intent.status === 'processing') return { kind: 'processing', detail: '' };
  const err = intent.last_payment_error || {};
  const reason = err.decline_code || err.code || intent.status;
  if (intent.status === 'requires_action' || reason === 'authentication_required') {
    return { kind: 'action', detail: `the bank asks the customer to authenticate the payment (3-D Secure), which an off-session charge cannot do.` };
  }
  // Stripe's advice on a decline ("Decline codes": advice codes): the issuer says never to retry this card, or that its data must be confirmed
  if (NEEDS_CUSTOMER.has(reason) || err.advice_code === 'do_not_try_again' || err.advice_code === 'confirm_card_data') {
    return { kind: 'action', detail: `the payment method can no longer be charged (${reason}${err.advice_code ? `, advice ${err.advice_code}` : ''}: ${err.message || 'declined'}); the customer needs to give another one.` };
  }
  return { kind: 'declined', detail: `${reason}${err.message ? `: ${err.message}` : ''}` };
}

/** Autopay's say on an invoice, once read: which schedule step is due (the last one gives up on a decline), or none today. */
export type AutopayPlan = (invoice: ChargeInvoice, customer: ChargeCustomer | undefined) => { step: number; last: boolean } | undefined;

/**
 * One attempt on one invoice: a click (`button`), or Autopay with its plan. Bad input changes
 * nothing and asks nothing of Stripe.
 */
export function chargeInvoice(ports: ChargePorts, invoiceId: string, source: ChargeSource, today: { year: number; month: number }, plan?: AutopayPlan): ChargeResult {
  const invoice = ports.invoice(invoiceId);
  if (!invoice) return { outcome: 'refused', calls: 0, message: `Invoice ${invoiceId} does not exist or is not one you can see: nothing was charged.` };
  const config = invoice.subsidiaryId !== undefined ? ports.config(invoice.subsidiaryId) : undefined;
  const customer = config ? ports.customer(invoice.customerId, config) : undefined;
  const about = { customerId: invoice.customerId, configId: config?.id, stripeId: customer?.stripeId };
  const state = invoice.state;
  // a debit still processing is read first: Stripe may have settled it since
  if (state?.kind === 'processing' && config) {
    const settled = settle(ports, invoice, config, state);
    if (settled) return { ...about, ...settled };
  }
  const autopay = plan ? plan(invoice, customer) : undefined;
  if (plan && !autopay) return { ...about, outcome: 'not today', calls: 0, message: `Invoice ${invoice.tranid || invoice.id}: no Autopay attempt is due today.` };
  const refusal = chargeRefusal(invoice, config, customer, today);
  if (refusal) return { ...about, outcome: 'refused', calls: 0, message: source === 'autopay' ? `PayPack Autopay: ${refusal}` : refusal };
  // money already paid toward the invoice that the books have not applied yet: the amount due overstates what is owed
  const unposted = ports.unposted(invoice.id);
  if (unposted === 'unreadable') {
    return { ...about, outcome: 'refused', calls: 0, message: `Your role may not view PayPack Stripe Payment rows, so PayPack cannot tell whether a payment toward Invoice ${invoice.tranid || invoice.id} is on its way to the books: nothing was charged. Ask an administrator for View on PayPack Stripe Payment.` };
  }
  if (unposted) {
    return { ...about, outcome: 'waiting', calls: 0, message: `Invoice ${invoice.tranid || invoice.id}: Stripe charge ${unposted.chargeId} (${unposted.status}) toward it is recorded but not in the books yet: nothing was charged. PayPack Payments Import posts and applies it; a later attempt charges what is still due then.` };
  }
  const amount = minorUnits(invoice.due, invoice.currency);
  const attempt = (state?.attempts ?? 0) + 1;
  const step = autopay?.step ?? state?.step ?? -1;
  const stripe = ports.stripe(config!);
  let intent: Intent;
  try {
    intent = stripe.post<Intent>('/v1/payment_intents', intentParams(invoice, customer!, amount), idempotencyKey(invoice.id, amount, invoice.currency, attempt));
  } catch (e) {
    if (!(e instanceof StripeError)) throw e;
    if (e.paymentIntent) {
      intent = e.paymentIntent as unknown as Intent;
    } else if (e.status === 0 || e.status === 429) {
      // the same key next time: if Stripe did charge, it answers with that charge
      return { ...about, outcome: 'try later', calls: stripe.requests, message: `Stripe did not answer in time (${e.describe()}): nothing is known to be charged. Try again in a few minutes; the same attempt cannot charge twice.` };
    } else if (e.status >= 500) {
      // Stripe saves a 500 under the key once the request began, and answers the same key with it for 24 hours
      const name = `Invoice ${invoice.tranid || invoice.id}`;
      return { ...about, outcome: 'try later', calls: stripe.requests, message: `Stripe answered with an error of its own (${e.describe()}): Stripe cannot say whether it charged ${name}. It may give this attempt the same answer for up to 24 hours, and the same attempt cannot charge twice. Look for the invoice's payment in Stripe (metadata netsuite_invoice_id ${invoice.id}): PayPack Payments Import posts it if it was charged.` };
    } else if (e.type === 'idempotency_error') {
      // Stripe keeps an attempt's key with the details it first came with (24 hours): this attempt reached
      // Stripe before with others (the default payment method changed since its answer was lost), so it may have charged
      return { ...about, outcome: 'try later', calls: stripe.requests, message: `Invoice ${invoice.tranid || invoice.id}: attempt ${attempt} reached Stripe before with other details (the customer's default payment method has changed since) and Stripe's answer to it never came back, so Stripe may have charged it; nothing more was charged. Look for the invoice's payment in Stripe (metadata netsuite_invoice_id ${invoice.id}): PayPack Payments Import posts it if it was charged. Stripe keeps that attempt for 24 hours; if it charged nothing, Charge Card can charge the invoice after then.` };
    } else if (e.param && /currency/.test(e.param)) {
      return { ...about, outcome: 'refused', calls: stripe.requests, message: `Stripe cannot charge ${invoice.currency.toUpperCase()} (${e.message}): nothing was charged. Invoice the customer in a currency Stripe takes, or take this payment another way.` };
    } else if (e.param === 'payment_method') {
      const detail = `Stripe refused the customer's default payment method (${e.message}); the customer needs to give another one.`;
      const next: ChargeState = { attempts: attempt, step, kind: 'action', intent: '', amount, currency: invoice.currency, pm: customer!.pmId };
      const status = statusOf('action', '', amount, invoice.currency, customer!.pmSummary, detail, attempt);
      ports.write(invoice.id, status, next);
      return { ...about, outcome: 'action', calls: stripe.requests, message: status };
    } else {
      return { ...about, outcome: 'refused', calls: stripe.requests, message: `Stripe refused the charge of Invoice ${invoice.tranid || invoice.id}: ${e.describe()}. Nothing was charged.` };
    }
  }
  let { kind, detail } = readOutcome(intent);
  if (kind === 'declined' && autopay?.last) { kind = 'gave up'; detail = `the last retry day's attempt was declined (${detail})`; }
  const next: ChargeState = { attempts: attempt, step, kind, intent: intent.id, amount, currency: invoice.currency, pm: customer!.pmId };
  const status = statusOf(kind, intent.id, amount, invoice.currency, customer!.pmSummary, detail, attempt);
  ports.write(invoice.id, status, next);
  return { ...about, outcome: kind, calls: stripe.requests, message: status };
}

/**
 * A bank debit that was processing, as Stripe has it now (one call). Still processing: the attempt
 * stays as it is. Settled: the outcome is written, and nothing more is charged in the same run (the
 * books post a success; a failure is charged again by the next click or retry day).
 */
function settle(ports: ChargePorts, invoice: ChargeInvoice, config: PayPackConfig, state: ChargeState): Omit<ChargeResult, 'customerId' | 'configId' | 'stripeId'> | undefined {
  const stripe = ports.stripe(config);
  let intent: Intent;
  try {
    intent = stripe.get<Intent>(`/v1/payment_intents/${encodeURIComponent(state.intent)}`);
  } catch (e) {
    if (!(e instanceof StripeError)) throw e;
    return { outcome: 'try later', calls: stripe.requests, message: `The bank debit ${state.intent} of Invoice ${invoice.tranid || invoice.id} could not be read from Stripe (${e.describe()}): nothing was charged.` };
  }
  const { kind, detail } = readOutcome(intent);
  if (kind === 'processing') {
    return { outcome: 'processing', calls: stripe.requests, message: `A bank debit of ${money(state.amount, state.currency)} for Invoice ${invoice.tranid || invoice.id} is still processing (${state.intent}): nothing more was charged.` };
  }
  const settledKind: ChargeKind = kind === 'charged' ? 'charged' : kind;
  const text = kind === 'charged'
    ? statusOf('charged', state.intent, state.amount, state.currency, 'the bank account', '', state.attempts)
    : statusOf(kind, state.intent, state.amount, state.currency, 'the bank account', `the bank debit failed: ${detail}`, state.attempts);
  ports.write(invoice.id, text, { ...state, kind: settledKind });
  return { outcome: 'settled', calls: stripe.requests, message: text };
}

/** The retry days of a config (`0,3,7`: the due date, then 3 and 7 days after it), or why they cannot be read. */
export function parseRetryDays(text: string): number[] | { problem: string } {
  const raw = text.trim() || '0';
  const parts = raw.split(',').map((x) => x.trim());
  if (parts.some((x) => !/^\d{1,3}$/.test(x))) return { problem: `Autopay Days "${raw}" is not a list of whole days after the due date (e.g. 0,3,7).` };
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/**
 * Which Autopay step is due today for an invoice `daysPastDue` days after its due date (the days
 * counted in the account's calendar), or undefined when none is: not due yet, the step done already,
 * a debit in flight, a stop for the customer's action (until the default payment method changes),
 * gave up, or charged for what it owes.
 */
export function autopayStep(daysPastDue: number, retryDays: number[], state: ChargeState | undefined, currentPm: string, due: { amount: number; currency: string }): { step: number; last: boolean } | undefined {
  let step = -1;
  retryDays.forEach((d, i) => { if (d <= daysPastDue) step = i; });
  if (step < 0) return undefined;
  if (state) {
    if (state.kind === 'gave up' || state.kind === 'processing') return undefined;
    // charged for what it owes: the books apply that payment
    if (state.kind === 'charged' && state.amount === due.amount && state.currency === due.currency) return undefined;
    if (state.kind === 'action' && state.pm === currentPm) return undefined;
    if (state.kind === 'declined' && state.step >= step) return undefined;
  }
  return { step, last: step === retryDays.length - 1 };
}

/** The state stored on an invoice, or undefined when it holds none (or text that is not one). */
export function parseState(text: unknown): ChargeState | undefined {
  try {
    const s = JSON.parse(String(text || 'null')) as ChargeState | null;
    return s && typeof s.attempts === 'number' && typeof s.kind === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}
