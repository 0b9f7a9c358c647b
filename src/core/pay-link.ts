/**
 * The Pay by card link of an invoice: a durable URL of PayPack's pay Suitelet that opens a fresh
 * Stripe Checkout page for what the invoice still owes when the customer clicks it (a Checkout
 * session expires within a day, so one made when the invoice is sent is dead when it is read).
 *
 * The link carries a token `<invoice id>.<config id>.<32 hex>`, checked in constant time against the
 * link stored on the invoice, so blanking the field revokes it. The charge that follows names the
 * invoice in its payment intent's metadata (`netsuite_invoice_id`), so the books apply it there.
 */
import { PayPackConfig } from './config';
import { minorUnits } from './payments';
import { readLinkToken, tokenOfLink } from './portal-link';
import { constantTimeEqual } from './sha256';
import { StripeClient, StripeError } from './stripe/client';

/** The query parameter of the pay Suitelet's URL that holds the token. */
export const PAY_TOKEN_PARAM = 'token';

export interface PayInvoice {
  payLink: string;
  customerId: string;
  /** Lower-case ISO code of the invoice's currency. */
  currency: string;
  /** What is still owed, in major units. */
  due: number;
  tranid: string;
  subsidiaryId: string;
}

export type PayConfig = Pick<PayPackConfig, 'id' | 'name' | 'subsidiaries' | 'secretId'> & { active: boolean; successUrl: string; cancelUrl: string };

export interface PayPorts {
  invoice(invoiceId: string): PayInvoice | undefined;
  config(configId: string): PayConfig | undefined;
  /**
   * The customer's Stripe customer in the config's account ('' when not linked yet): STRIPE CUSTOMER
   * ID when the config serves the customer's primary subsidiary, else the customer link of the config.
   */
  stripeCustomer(customerId: string, config: PayConfig): { stripeId: string; primary: boolean };
  /** Sync the customer first (the PayPack Sync button's rules): its Stripe customer, or why not. */
  syncCustomer(customerId: string): { stripeId: string } | { problem: string };
  stripe(config: PayConfig): StripeClient;
  /** A random value naming this click: its own Idempotency-Key. */
  clickId(): string;
}

export type PayPageKind = 'unavailable' | 'try-later' | 'paid';
export type PayAnswer = { kind: 'redirect'; url: string } | { kind: 'page'; page: PayPageKind; problem: PayProblem };

/** Why the payment page could not open. `logged` ones name a real link and go to the sync log (source pay). */
export interface PayProblem { logged: boolean; customerId?: string; configId?: string; stripeId?: string; message: string }

function page(kind: PayPageKind, problem: PayProblem): PayAnswer {
  return { kind: 'page', page: kind, problem };
}

export function openPayment(ports: PayPorts, token: string): PayAnswer {
  const parsed = readLinkToken(token);
  if (!parsed) return page('unavailable', { logged: false, message: 'the link carries no PayPack pay token (cut or changed)' });
  const { recordId: invoiceId, configId } = parsed;
  const invoice = ports.invoice(invoiceId);
  // compare in constant time: the answer must not tell how much of a guessed token was right
  if (!invoice || !constantTimeEqual(tokenOfLink(invoice.payLink), token)) {
    return page('unavailable', { logged: false, configId, message: `invoice ${invoiceId} has no such Pay by card link: it was revoked (blanked) or never issued` });
  }
  const about = { logged: true, customerId: invoice.customerId, configId };
  const name = `invoice ${invoice.tranid || invoiceId}`;
  if (invoice.due <= 0) {
    return page('paid', { ...about, message: `Pay by card link of ${name} clicked with nothing due (paid, credited or voided): the customer was told so.` });
  }
  const config = ports.config(configId);
  if (!config || !config.active || (config.subsidiaries.length && !config.subsidiaries.includes(invoice.subsidiaryId))) {
    return page('unavailable', { ...about, message: `Pay by card link of ${name}: PayPack Config ${configId} no longer exists, is inactive or no longer serves the invoice's subsidiary. Blank Pay by Card Link on the invoice and save it to make a new link.` });
  }
  if (!config.successUrl || !config.cancelUrl) {
    return page('unavailable', { ...about, message: `Pay by card link of ${name}: PayPack Config ${config.name} has no Pay by Card Success URL or Cancel URL, where Stripe Checkout sends the customer afterwards. Set both; the same link then works.` });
  }
  const known = ports.stripeCustomer(invoice.customerId, config);
  let stripeId = known.stripeId;
  if (!stripeId && !known.primary) {
    // the invoice's subsidiary is not the customer's primary one: its Stripe customer comes from the mass sync
    return page('unavailable', { ...about, message: `Pay by card link of ${name}: the customer has no Stripe customer in PayPack Config ${config.name} (the invoice's subsidiary is not its primary one). Run PayPack Mass Customer Sync, which links every subsidiary; the same link then works.` });
  }
  if (!stripeId) {
    const synced = ports.syncCustomer(invoice.customerId);
    if ('problem' in synced) return page('unavailable', { ...about, message: `Pay by card link of ${name}: the customer is not linked to a Stripe customer and syncing it failed: ${synced.problem}` });
    stripeId = synced.stripeId;
  }
  try {
    const session = ports.stripe(config).post<{ url: string }>('/v1/checkout/sessions', {
      mode: 'payment',
      customer: stripeId,
      line_items: [{ price_data: { currency: invoice.currency, unit_amount: minorUnits(invoice.due, invoice.currency), product_data: { name: `Invoice ${invoice.tranid || invoiceId}` } }, quantity: 1 }],
      payment_intent_data: { metadata: { netsuite_invoice_id: invoiceId } },
      success_url: config.successUrl,
      cancel_url: config.cancelUrl,
    }, `paypack-pay-${configId}-${invoiceId}-${ports.clickId()}`);
    return { kind: 'redirect', url: session.url };
  } catch (e) {
    const at = { ...about, stripeId };
    if (!(e instanceof StripeError)) {
      return page('unavailable', { ...at, message: `Pay by card link of ${name}: the Stripe key of PayPack Config ${config.name} could not be used (${(e as Error)?.name}: ${(e as Error)?.message}). Check API secret ${config.secretId} allows the PayPack Pay by Card script.` });
    }
    if (e.status === 0 || e.status === 429 || e.status >= 500) {
      return page('try-later', { ...at, message: `Pay by card link of ${name}: Stripe did not answer in time (${e.describe()}). The customer was asked to try again later; nothing to fix unless it lasts.` });
    }
    if (e.param && /currency/.test(e.param)) {
      return page('unavailable', { ...at, message: `Pay by card link of ${name}: Stripe cannot take ${invoice.currency.toUpperCase()} (${e.message}). Invoice the customer in a currency Stripe takes, or take this payment another way.` });
    }
    return page('unavailable', { ...at, message: `Pay by card link of ${name}: Stripe refused the Checkout session: ${e.describe()}` });
  }
}

/** The plain pages a customer sees when the payment page cannot open: no internals. */
export function payPage(kind: PayPageKind): string {
  const [title, text] = kind === 'try-later'
    ? ['Please try again in a few minutes', 'We could not open the payment page just now. Please try the link again in a few minutes.']
    : kind === 'paid'
      ? ['Nothing to pay', 'This invoice has nothing left to pay. Thank you!']
      : ['This link is not available', 'This payment link is not available. Please contact us and we will send you a new one.'];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head>`
    + `<body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em"><h1 style="font-size:1.4em">${title}</h1><p>${text}</p></body></html>`;
}
