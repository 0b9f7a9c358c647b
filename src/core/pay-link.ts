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
import { issuedText, linkTooOld, readLinkToken, tokenOfLink } from './portal-link';
import { constantTimeEqual, sha256Hex } from './sha256';
import { LINK_ALLOWANCE_PER_HOUR, LinkAllowanceSpent, LinkMeter } from './link-budget';
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

export type PayConfig = Pick<PayPackConfig, 'id' | 'name' | 'subsidiaries' | 'secretId'> & { active: boolean; successUrl: string; cancelUrl: string; /** Maximum Link Age in days (0: links never age). */ maxAgeDays: number };

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
  /** The hourly allowance of the invoice's link. */
  meter(invoiceId: string): LinkMeter;
}

/** A Checkout Session as PayPack reads it. */
interface CheckoutSession { id: string; url: string | null; status: 'open' | 'complete' | 'expired'; amount_total: number | null; currency: string | null; created: number; expires_at: number; metadata: Record<string, string> | null }

/** An open session is reused only while it has this long to live (seconds): the customer needs time to pay. */
const REUSE_MIN_LIFE = 15 * 60;
/** A paid session whose payment NetSuite has not applied yet is looked for this far back (seconds). */
const PAID_LOOKBACK = 7 * 86400;

export type PayPageKind = 'unavailable' | 'try-later' | 'paid';
export type PayAnswer = { kind: 'redirect'; url: string } | { kind: 'page'; page: PayPageKind; problem: PayProblem };

/** Why the payment page could not open. `logged` ones name a real link and go to the sync log (source pay). */
export interface PayProblem { logged: boolean; customerId?: string; configId?: string; stripeId?: string; message: string; linkId?: string }

function page(kind: PayPageKind, problem: PayProblem): PayAnswer {
  return { kind: 'page', page: kind, problem };
}

export function openPayment(ports: PayPorts, token: string): PayAnswer {
  const parsed = readLinkToken(token);
  if (!parsed) return page('unavailable', { logged: false, message: 'the link carries no PayPack pay token (cut or changed)' });
  const { recordId: invoiceId, configId, issued } = parsed;
  const invoice = ports.invoice(invoiceId);
  // compare in constant time: the answer must not tell how much of a guessed token was right
  if (!invoice || !constantTimeEqual(tokenOfLink(invoice.payLink), token)) {
    return page('unavailable', { logged: false, configId, message: `invoice ${invoiceId} has no such Pay by card link: it was revoked (blanked) or never issued` });
  }
  const about = { logged: true, customerId: invoice.customerId, configId, linkId: invoiceId };
  const name = `invoice ${invoice.tranid || invoiceId}`;
  if (invoice.due <= 0) {
    return page('paid', { ...about, message: `Pay by card link of ${name} clicked with nothing due (paid, credited or voided): the customer was told so.` });
  }
  const config = ports.config(configId);
  if (!config || !config.active || (config.subsidiaries.length && !config.subsidiaries.includes(invoice.subsidiaryId))) {
    return page('unavailable', { ...about, message: `Pay by card link of ${name}: PayPack Config ${configId} no longer exists, is inactive or no longer serves the invoice's subsidiary. Blank Pay by Card Link on the invoice and save it to make a new link.` });
  }
  if (linkTooOld(issued, config.maxAgeDays, Date.now())) {
    return page('unavailable', { ...about, message: `Pay by card link of ${name} was issued ${issued ? `on ${issuedText(issued)}` : issuedText(issued)}, and PayPack Config ${config.name} takes links for ${config.maxAgeDays} days (Maximum Link Age). Re-issue it: blank Pay by Card Link on the invoice and save it, then send the new link.` });
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
  const meter = ports.meter(invoiceId);
  const stripe = ports.stripe(config);
  const call = <T>(fn: () => T): T => {
    if (!meter.take('stripe')) throw new LinkAllowanceSpent();
    return fn();
  };
  const amount = minorUnits(invoice.due, invoice.currency);
  try {
    // one payable session per invoice: the link's earlier sessions, as Stripe has them now
    const now = Math.floor(Date.now() / 1000);
    const listed = call(() => stripe.get<{ data: CheckoutSession[] }>('/v1/checkout/sessions', { customer: stripeId, limit: 100 })).data;
    const mine = listed.filter((cs) => cs.metadata?.netsuite_invoice_id === invoiceId);
    const same = (cs: CheckoutSession) => cs.amount_total === amount && cs.currency === invoice.currency;
    const paid = mine.find((cs) => cs.status === 'complete' && same(cs) && cs.created > now - PAID_LOOKBACK);
    if (paid) return paidNotApplied(about, name, paid.id);
    const reusable = mine.find((cs) => cs.status === 'open' && same(cs) && cs.url && cs.expires_at > now + REUSE_MIN_LIFE);
    if (reusable?.url) return { kind: 'redirect', url: reusable.url };
    // an open session for another amount (or about to expire) is expired first, so only one can be paid
    for (const cs of mine.filter((x) => x.status === 'open')) {
      try {
        call(() => stripe.post(`/v1/checkout/sessions/${encodeURIComponent(cs.id)}/expire`, {}, `paypack-pay-expire-${cs.id}`));
      } catch (e) {
        // not expirable: it was paid meanwhile
        if (e instanceof StripeError && e.status === 400) return paidNotApplied(about, name, cs.id);
        throw e;
      }
    }
    // two clicks that saw the same sessions (two tabs) share one key: Stripe answers both with one session
    const seen = mine.map((cs) => cs.id).sort().join(',');
    const session = call(() => stripe.post<CheckoutSession>('/v1/checkout/sessions', {
      mode: 'payment',
      customer: stripeId,
      line_items: [{ price_data: { currency: invoice.currency, unit_amount: amount, product_data: { name: `Invoice ${invoice.tranid || invoiceId}` } }, quantity: 1 }],
      payment_intent_data: { metadata: { netsuite_invoice_id: invoiceId } },
      metadata: { netsuite_invoice_id: invoiceId },
      success_url: config.successUrl,
      cancel_url: config.cancelUrl,
    }, `paypack-pay-${configId}-${invoiceId}-${sha256Hex(`${stripeId}|${amount}|${invoice.currency}|${seen}`).slice(0, 32)}`));
    return { kind: 'redirect', url: String(session.url) };
  } catch (e) {
    const at = { ...about, stripeId };
    if (e instanceof LinkAllowanceSpent) {
      return page('try-later', { ...at, message: `Pay by card link of ${name}: clicked more often than ${LINK_ALLOWANCE_PER_HOUR.stripe} Stripe calls an hour allow; the customer was asked to try again later and Stripe was not asked. If the link was not clicked by the customer, revoke it (blank Pay by Card Link and save the invoice).` });
    }
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

/** Stripe has the invoice paid through its link but NetSuite has not applied the payment yet: no second payment page. */
function paidNotApplied(about: Omit<PayProblem, 'message'>, name: string, sessionId: string): PayAnswer {
  return page('paid', { ...about, message: `Pay by card link of ${name} clicked after it was paid in Stripe (Checkout Session ${sessionId}) and before NetSuite applied the payment: no new payment page was opened.` });
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
