/**
 * Applying Stripe events to NetSuite: the default payment method shown on the customer (or on
 * its customer link for a non-primary account). Events come in any order and more than once:
 * an event older than the state already applied never overwrites it.
 */
import { StripeClient } from './stripe/client';
import type Stripe from 'stripe';
import { retrieveCustomer } from './stripe/customers';
import { DEFAULT_PM_EXPAND, defaultPaymentMethod, defaultPaymentMethodId, summarizePaymentMethod } from './payment-method';
import { ChargeInvoices, currentCharge, idOf, INVOICE_PAYMENT_EVENTS, invoicesOfPayment, isRefundEvent, keepDisputeOutcome, Movements, PAYMENT_EVENTS, PaymentRow, paymentRow, PaymentWritten, retrieveInvoicePayment } from './payments';
import { contentsOf, PAYOUT_EVENTS, PayoutRow, payoutRow, retrievePayout } from './payouts';

/** The events PayPack subscribes the endpoint to, and handles. */
export const HANDLED_EVENTS = [
  'customer.created', 'customer.updated', 'customer.deleted',
  'payment_method.attached', 'payment_method.detached', 'payment_method.updated', 'payment_method.automatically_updated',
  ...PAYMENT_EVENTS,
  ...INVOICE_PAYMENT_EVENTS,
  ...PAYOUT_EVENTS,
];

/**
 * A Stripe event as it arrives (stripe-node's Event of the pinned version), its object read as plain
 * fields: what the event carries is checked before it is used.
 */
export type ReceivedEvent = Pick<Stripe.Event, 'id' | 'object' | 'type' | 'created' | 'livemode'> & {
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
};

/** Where a Stripe customer's default payment method is shown in NetSuite. */
export interface PmTarget {
  kind: 'customer' | 'link';
  /** The customer's internal id, or the customer link record's. */
  recordId: string;
  customerId: string;
  stripeId: string;
  pmId: string;
  pmSummary: string;
  /** Stripe time (seconds) of the state last written; 0 if never. */
  pmAt: number;
}

export interface DefaultPmWrite { pmId: string; summary: string; at: number }

export interface EventPorts {
  stripe: StripeClient;
  /** The PayPack Config whose endpoint received the event. */
  configId: string;
  /**
   * Create or update (rowId known) the ledger row of a charge, one per charge id. A row that already
   * holds a newer read of Stripe (an overlapping delivery) is left as it is: 'stale'.
   */
  writePayment(row: PaymentRow, rowId?: string): PaymentWritten;
  /** The payment row of a charge in this config's ledger, with the customer it is under and the Stripe invoice it names. */
  findPayment(chargeId: string): PaymentFound | undefined;
  /** The payment row of the charge a payment intent made (its latest), in this config's ledger. */
  findPaymentOfIntent(intentId: string): PaymentFound | undefined;
  /** Name on a payment row the invoices its charge paid (an invoice payment says them). */
  writeInvoices(rowId: string, invoices: ChargeInvoices): void;
  /** Create or update the row of a payout (one row per payout id); a new row starts with `contents` and waits for them to be listed. */
  writePayout(row: PayoutRow, contents: string): 'created' | 'updated';
  /** The NetSuite place linked to a Stripe customer of this endpoint's account. */
  findTarget(stripeCustomerId: string, hintCustomerId?: string): PmTarget | undefined;
  writeDefault(target: PmTarget, value: DefaultPmWrite): void;
  /** The Stripe customer was deleted: unlink it. */
  unlink(target: PmTarget, at: number): void;
}

export interface PaymentFound { rowId: string; customerId: string; status: string; invoiceId: string; nsInvoiceId: string; movements?: Movements }

export interface Applied {
  status: 'processed' | 'ignored';
  note: string;
  customerId?: string;
}

export function isStripeEvent(x: unknown): x is ReceivedEvent {
  const e = x as ReceivedEvent;
  return !!e && typeof e === 'object' && typeof e.id === 'string' && e.id.startsWith('evt_') && typeof e.type === 'string'
    && typeof e.created === 'number' && !!e.data && !!e.data.object && typeof e.data.object === 'object';
}

function stripeCustomerOf(event: ReceivedEvent): string {
  const obj = event.data.object;
  if (event.type.startsWith('customer.')) return String(obj.id || '');
  const owner = obj.customer || event.data.previous_attributes?.customer;
  return typeof owner === 'string' ? owner : '';
}

/** Write the default only if it differs from what NetSuite shows. */
function write(ports: EventPorts, target: PmTarget, pm: { id: string; summary: string } | null, at: number): string {
  const next = pm || { id: '', summary: '' };
  if (next.id === target.pmId && next.summary === target.pmSummary) return 'default payment method unchanged';
  ports.writeDefault(target, { pmId: next.id, summary: next.summary, at: Math.max(at, target.pmAt) });
  return next.id ? `default payment method is now ${next.summary}` : 'no default payment method any more: cleared';
}

/** The state as Stripe has it now (one call): the default payment method, or the customer deleted. */
function fromStripe(ports: EventPorts, target: PmTarget, at: number): string {
  const customer = retrieveCustomer(ports.stripe, target.stripeId, DEFAULT_PM_EXPAND);
  if (customer.deleted) {
    ports.unlink(target, at);
    return `Stripe customer ${target.stripeId} was deleted: STRIPE CUSTOMER ID and default payment method cleared`;
  }
  return write(ports, target, defaultPaymentMethod(customer), at);
}

/**
 * Apply one event. `trustPayload`: the event came signed from Stripe just now, so what it carries
 * may be written as it is (a card's new expiry); otherwise (the retry job's stored payloads) only
 * the Stripe customer it names is taken from it, and the state is read from Stripe.
 */
export function applyEvent(ports: EventPorts, event: ReceivedEvent, options: { trustPayload: boolean }): Applied {
  if (!HANDLED_EVENTS.includes(event.type)) return { status: 'ignored', note: `PayPack does not handle ${event.type} events.` };
  if (PAYMENT_EVENTS.includes(event.type)) return applyPaymentEvent(ports, event, options.trustPayload);
  if (INVOICE_PAYMENT_EVENTS.includes(event.type)) return applyInvoicePaymentEvent(ports, event);
  if (PAYOUT_EVENTS.includes(event.type)) return applyPayoutEvent(ports, event);
  const stripeId = stripeCustomerOf(event);
  if (!stripeId) return { status: 'ignored', note: 'The event names no Stripe customer.' };
  const hint = event.type.startsWith('customer.') ? (event.data.object.metadata as Record<string, string> | undefined)?.netsuite_customer_id : undefined;
  const target = ports.findTarget(stripeId, hint);
  if (!target) return { status: 'ignored', note: `No NetSuite customer is linked to Stripe customer ${stripeId}.` };
  const where = target.kind === 'customer' ? `customer ${target.customerId}` : `customer ${target.customerId} (customer link ${target.recordId})`;
  const done = (note: string): Applied => ({ status: 'processed', note: `${where}: ${note}.`, customerId: target.customerId });


  if (event.created < target.pmAt) {
    return done(`event from ${new Date(event.created * 1000).toISOString()} is older than the state already applied (${new Date(target.pmAt * 1000).toISOString()}); nothing written`);
  }
  // a deletion is confirmed with the config's own Stripe account before anything is unlinked
  if (event.type === 'customer.deleted' || !options.trustPayload) {
    const note = fromStripe(ports, target, event.created);
    return done(event.type === 'customer.deleted' && !note.includes('was deleted') ? `Stripe says customer ${stripeId} still exists, so nothing was unlinked; ${note}` : note);
  }
  switch (event.type) {
    case 'customer.created':
    case 'customer.updated': {
      const payloadDefault = defaultPaymentMethodId(event.data.object as unknown as Stripe.Customer);
      if (payloadDefault === target.pmId) return done('default payment method unchanged');
      return done(fromStripe(ports, target, event.created));
    }
    case 'payment_method.updated':
    case 'payment_method.automatically_updated': {
      const pm = event.data.object as unknown as Stripe.PaymentMethod;
      if (pm.id !== target.pmId) return done(`payment method ${pm.id} is not the default; nothing to change`);
      return done(write(ports, target, { id: pm.id, summary: summarizePaymentMethod(pm) }, event.created));
    }
    default: // attached, detached: the default may have changed with it
      return done(fromStripe(ports, target, event.created));
  }
}

/** The events about a charge NetSuite usually has a row for already: all but its first (charge.succeeded or charge.failed). */
const LATER_CHARGE_EVENTS = PAYMENT_EVENTS.filter((t) => t !== 'charge.succeeded' && t !== 'charge.failed');

/**
 * A charge or dispute event: the charge as Stripe has it now (one call), written to its payment row.
 * A late, repeated or overlapping event cannot write an older state. A refund or dispute finds the
 * row first (its customer comes with it); a new charge finds the customer first, so an unknown one
 * costs no call. The Stripe invoice a charge paid is not read here: `invoice_payment.paid` says it
 * (or, when that event is lost, the payments job's invoice-payment listing); `invoices`: what an
 * invoice payment read already said.
 * The customer always comes from the charge read from Stripe, never from the payload (a signed one
 * included: whoever holds the signing secret can sign anything); an event whose payload names
 * another customer is refused.
 */
function applyPaymentEvent(ports: EventPorts, event: ReceivedEvent, trustPayload: boolean, invoices?: ChargeInvoices): Applied {
  const unknown = (stripeCustomer: string, chargeId: string): Applied => (stripeCustomer
    ? { status: 'ignored', note: `No NetSuite customer is linked to Stripe customer ${stripeCustomer}: charge ${chargeId} not recorded.` }
    : { status: 'ignored', note: `Charge ${chargeId} has no Stripe customer: nothing to record it under.` });
  const isDispute = event.type.startsWith('charge.dispute.');
  // a dispute's and a refund's event names the charge; a charge's event is the charge
  const namesCharge = isDispute || isRefundEvent(event.type);
  const chargeId = String(namesCharge ? event.data.object.charge || '' : event.data.object.id);
  let existing = LATER_CHARGE_EVENTS.includes(event.type) && chargeId ? ports.findPayment(chargeId) : undefined;
  let customerId = existing?.customerId;
  // a charge event names its customer: an unknown one costs no Stripe call (a dispute or a refund names only its charge)
  const named = namesCharge ? '' : String(event.data.object.customer || '');
  const namedTarget = !customerId && trustPayload && named ? ports.findTarget(named) : undefined;
  if (!customerId && trustPayload && !namesCharge && !namedTarget) return unknown(named, chargeId);
  const readAt = Date.now();
  const { charge, dispute } = currentCharge(ports.stripe, event.type, String(event.data.object.id), chargeId);
  const stripeCustomer = idOf(charge.customer);
  // whoever can sign can write any payload: the customer is the one on the charge PayPack read itself,
  // and a signed event that says otherwise is refused (the retry job ignores the stored payload's)
  if (trustPayload && named && named !== stripeCustomer) {
    return { status: 'ignored', note: `The event names Stripe customer ${named} but Stripe says charge ${charge.id} is ${stripeCustomer ? `customer ${stripeCustomer}'s` : 'no customer\'s'}: not recorded.` };
  }
  if (!customerId) customerId = namedTarget?.customerId ?? (stripeCustomer ? ports.findTarget(stripeCustomer)?.customerId : undefined);
  if (!customerId) return unknown(stripeCustomer, charge.id);
  // a disputed charge read through a charge event: the row may already show how the dispute ended
  if (charge.disputed && !dispute && !existing) existing = ports.findPayment(charge.id);
  const paid = existing ? { stripeInvoiceId: existing.invoiceId, nsInvoiceId: existing.nsInvoiceId } : invoices ?? NO_INVOICE;
  // a dispute read says its own status; a charge read alone keeps the outcome the row shows
  const row = keepDisputeOutcome(paymentRow(charge, customerId, ports.configId, readAt, paid, dispute, existing?.movements), dispute ? undefined : existing?.status);
  const how = ports.writePayment(row, existing?.rowId);
  const state = `${row.amount} ${row.currency.toUpperCase()} ${row.status}${row.refunded ? `, ${row.refunded} refunded` : ''}`;
  return {
    status: 'processed', customerId,
    note: how === 'stale'
      ? `customer ${customerId}: payment ${row.chargeId} already shows a newer read of Stripe than this event's (${state}); nothing written.`
      : `customer ${customerId}: payment ${row.chargeId} ${how}: ${state}.`,
  };
}

const NO_INVOICE: ChargeInvoices = { stripeInvoiceId: '', nsInvoiceId: '' };

/**
 * `invoice_payment.paid`: which Stripe invoice a charge paid, and the NetSuite invoice that invoice's
 * metadata names, read from Stripe (one call; the payload names the invoice but not its metadata),
 * then named on the charge's payment row. Before the charge's own event has made the row (events
 * come in any order), the charge is read (the invoice payment's payment intent names it: one more
 * call) and the row made as that event would, with the invoice.
 */
function applyInvoicePaymentEvent(ports: EventPorts, event: ReceivedEvent): Applied {
  const paid = retrieveInvoicePayment(ports.stripe, String(event.data.object.id));
  if (paid.status !== 'paid') return { status: 'ignored', note: `Invoice payment ${paid.id} is ${paid.status}, not paid: nothing to record.` };
  const { intentId, chargeId, invoices } = invoicesOfPayment(paid);
  const row = chargeId ? ports.findPayment(chargeId) : intentId ? ports.findPaymentOfIntent(intentId) : undefined;
  if (!row) {
    const intent = paid.payment.payment_intent;
    const latest = chargeId || (typeof intent === 'object' && intent ? idOf(intent.latest_charge) : '');
    if (!latest) return { status: 'ignored', note: `Invoice payment ${paid.id} names no charge PayPack can read.` };
    return applyPaymentEvent(ports, { ...event, type: 'charge.succeeded', data: { object: { id: latest, object: 'charge' } } }, false, invoices);
  }
  const where = `customer ${row.customerId}: payment of Stripe invoice ${invoices.stripeInvoiceId}`;
  // an invoice payment never changes which invoice it paid: a row naming it already is left as it is
  if (row.invoiceId === invoices.stripeInvoiceId && (row.nsInvoiceId || !invoices.nsInvoiceId)) return { status: 'processed', customerId: row.customerId, note: `${where} already named on its row.` };
  ports.writeInvoices(row.rowId, { stripeInvoiceId: invoices.stripeInvoiceId, nsInvoiceId: row.nsInvoiceId || invoices.nsInvoiceId });
  return { status: 'processed', customerId: row.customerId, note: `${where}${invoices.nsInvoiceId ? ` (NetSuite invoice ${invoices.nsInvoiceId})` : ''} named on its row.` };
}

/**
 * A payout event: the payout as Stripe has it now (one call), written to its row. What it carries is
 * listed by the payments job (PayPack Payments Import), since a payout may carry thousands of charges.
 */
function applyPayoutEvent(ports: EventPorts, event: ReceivedEvent): Applied {
  const payout = retrievePayout(ports.stripe, String(event.data.object.id));
  const row = payoutRow(payout, ports.configId);
  // Stripe lists what a payout carries for automatic payouts only, in full once it has reconciled them
  const how = ports.writePayout(row, contentsOf(payout));
  const arrival = new Date(row.arrival * 1000).toISOString().slice(0, 10);
  return {
    status: 'processed',
    note: `payout ${row.payoutId} ${how}: ${row.amount} ${row.currency.toUpperCase()} ${row.status}${row.failure ? ` (${row.failure})` : ''}, arrival ${arrival}.`,
  };
}
