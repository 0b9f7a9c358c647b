/**
 * The customer portal link: a durable URL of PayPack's portal Suitelet that opens a fresh Stripe
 * billing portal session when the customer clicks it (Stripe's sessions are short-lived, so one
 * made at sync time is dead by the time an email is read).
 *
 * The link carries a token `<customer id>.<config id>.<issued YYYYMMDD>.<32 hex>`: the ids say where
 * to look, the issue day lets a config refuse old links, the 128 random bits (N/crypto/random) make
 * it unguessable (links issued before the day was carried have none). The token is checked against the link
 * stored on the customer itself, so blanking the field revokes it at once, and a new sync writes a
 * new one. Re-linking the customer to another Stripe customer keeps the link: the Stripe customer
 * is read when the link is clicked.
 */
import { PayPackConfig } from './config';
import { constantTimeEqual } from './sha256';
import { LINK_ALLOWANCE_PER_HOUR, LinkMeter } from './link-budget';
import { StripeClient, StripeError } from './stripe/client';
import { createPortalSession } from './stripe/customers';

/** The query parameter of the portal Suitelet's URL that holds the token. */
export const PORTAL_TOKEN_PARAM = 'token';

const TOKEN = /^(\d{1,12})\.(\d{1,12})\.(?:(\d{8})\.)?([0-9a-f]{32})$/;

export interface PortalToken { customerId: string; configId: string; issued: string }

/** The UTC day of an instant as YYYYMMDD. */
function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A link token `<record id>.<config id>.<issued YYYYMMDD>.<32 hex>` (the portal link's and the Pay by
 * card link's); randomHex must hold 128 random bits.
 */
export function linkToken(recordId: string, configId: string, randomHex: string, issued: Date): string {
  const token = `${recordId}.${configId}.${dayOf(issued)}.${randomHex}`;
  if (!TOKEN.test(token)) throw new Error('A link token needs numeric ids and 32 random hex characters.');
  return token;
}

/** The ids of a token, and its issue day (YYYYMMDD; '' for a link issued before tokens carried it). */
export function readLinkToken(token: unknown): { recordId: string; configId: string; issued: string } | undefined {
  const m = TOKEN.exec(String(token ?? ''));
  return m ? { recordId: m[1], configId: m[2], issued: m[3] ?? '' } : undefined;
}

/** A new token for the customer's portal link. */
export function portalToken(customerId: string, configId: string, randomHex: string, issued: Date): string {
  return linkToken(customerId, configId, randomHex, issued);
}

export function readPortalToken(token: unknown): PortalToken | undefined {
  const t = readLinkToken(token);
  return t ? { customerId: t.recordId, configId: t.configId, issued: t.issued } : undefined;
}

/**
 * Whether a link is past its config's Maximum Link Age (days; 0: links never age). A link issued
 * before tokens carried their day is past any maximum age.
 */
export function linkTooOld(issued: string, maxAgeDays: number, now: number): boolean {
  if (!(maxAgeDays > 0)) return false;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(issued);
  if (!m) return true;
  return now - Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) > maxAgeDays * 86400 * 1000;
}

/** How an issue day reads in a log line. */
export function issuedText(issued: string): string {
  return issued ? `${issued.slice(0, 4)}-${issued.slice(4, 6)}-${issued.slice(6)}` : 'before links carried their issue day';
}

/** The token a stored link carries, or '' (an empty field, an old Stripe session URL...). */
export function tokenOfLink(link: string): string {
  const m = new RegExp(`[?&]${PORTAL_TOKEN_PARAM}=([^&#]+)`).exec(link || '');
  if (!m) return '';
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return '';
  }
}

/** Whether the stored value is PayPack's durable link (portal or Pay by card) for this record in this config's account. */
export function isLinkFor(link: string, recordId: string, configId: string): boolean {
  const t = readLinkToken(tokenOfLink(link));
  return !!t && t.recordId === recordId && t.configId === configId;
}

// ---- the click -----------------------------------------------------------------------------------

export interface PortalCustomer { portalLink: string; stripeId: string; subsidiaryId: string }
export type PortalConfig = Pick<PayPackConfig, 'id' | 'name' | 'subsidiaries' | 'secretId' | 'portalReturnUrl'> & { active: boolean; /** Maximum Link Age in days (0: links never age). */ maxAgeDays: number };

export interface PortalPorts {
  customer(customerId: string): PortalCustomer | undefined;
  config(configId: string): PortalConfig | undefined;
  stripe(config: PortalConfig): StripeClient;
  /** A random value naming this click: its own Idempotency-Key, so no click replays another's answer (or saved error). */
  clickId(): string;
  /** The hourly allowance of the customer's link. */
  meter(customerId: string): LinkMeter;
}

/** What the customer's browser gets: the portal, or a plain page. */
export type PortalAnswer =
  | { kind: 'redirect'; url: string }
  | { kind: 'page'; page: 'unavailable' | 'try-later'; problem: PortalProblem };

/**
 * Why the portal could not open, for the admin. `logged` problems name a real link (its token
 * matched) and go to the sync log; the others come from a link that is not (or no longer) one of
 * ours and go only to the execution log, so unauthenticated requests cannot fill a record type.
 */
export interface PortalProblem { logged: boolean; customerId?: string; configId?: string; stripeId?: string; message: string; linkId?: string }

const PORTAL_NOT_SET_UP = /default configuration has not been created|save your customer portal settings/i;

function page(pageKind: 'unavailable' | 'try-later', problem: PortalProblem): PortalAnswer {
  return { kind: 'page', page: pageKind, problem };
}

export function openPortal(ports: PortalPorts, token: string): PortalAnswer {
  const parsed = readPortalToken(token);
  if (!parsed) return page('unavailable', { logged: false, message: 'the link carries no PayPack portal token (cut or changed)' });
  const { customerId, configId, issued } = parsed;
  const customer = ports.customer(customerId);
  // compare in constant time: the answer must not tell how much of a guessed token was right
  if (!customer || !constantTimeEqual(tokenOfLink(customer.portalLink), token)) {
    return page('unavailable', { logged: false, customerId, configId, message: `customer ${customerId} has no such portal link: it was revoked (blanked, then a new one made by a sync) or never issued` });
  }
  const config = ports.config(configId);
  const fix = 'Blank Stripe Customer Portal URL on the customer and sync it to make a link for its current PayPack Config.';
  if (!config || !config.active) {
    return page('unavailable', { logged: true, customerId, configId, linkId: customerId, message: `Portal link of customer ${customerId}: PayPack Config ${configId} no longer exists or is inactive. ${fix}` });
  }
  if (config.subsidiaries.length && !config.subsidiaries.includes(customer.subsidiaryId)) {
    return page('unavailable', { logged: true, customerId, configId, linkId: customerId, message: `Portal link of customer ${customerId}: PayPack Config ${config.name} no longer serves the customer's primary subsidiary (${customer.subsidiaryId}). ${fix}` });
  }
  if (linkTooOld(issued, config.maxAgeDays, Date.now())) {
    return page('unavailable', { logged: true, customerId, configId, linkId: customerId, message: `Portal link of customer ${customerId} was issued ${issued ? `on ${issuedText(issued)}` : issuedText(issued)}, and PayPack Config ${config.name} takes links for ${config.maxAgeDays} days (Maximum Link Age). Re-issue it: blank Stripe Customer Portal URL on the customer and sync it (PayPack Sync), then send the new link.` });
  }
  if (!customer.stripeId) {
    return page('unavailable', { logged: true, customerId, configId, linkId: customerId, message: `Portal link of customer ${customerId}: the customer is not linked to a Stripe customer any more (STRIPE CUSTOMER ID is empty). Sync the customer (PayPack Sync) to link it; the same link then works again.` });
  }
  const about = { logged: true, customerId, configId, stripeId: customer.stripeId, linkId: customerId };
  if (!ports.meter(customerId).take('stripe')) {
    return page('try-later', { ...about, message: `Portal link of customer ${customerId}: clicked more often than ${LINK_ALLOWANCE_PER_HOUR.stripe} portal sessions an hour allow; the customer was asked to try again later and Stripe was not asked. If the link was not clicked by the customer, revoke it (blank Stripe Customer Portal URL and sync the customer for a new one).` });
  }
  try {
    const session = createPortalSession(ports.stripe(config), customer.stripeId, config.portalReturnUrl || undefined, `paypack-portal-${configId}-${customerId}-${ports.clickId()}`);
    return { kind: 'redirect', url: session.url };
  } catch (e) {
    if (!(e instanceof StripeError)) {
      const name = (e as { name?: string })?.name || 'Error';
      return page('unavailable', { ...about, message: `Portal link of customer ${customerId}: the Stripe key of PayPack Config ${config.name} could not be used (${name}: ${(e as Error)?.message}). Check API secret ${config.secretId} (Setup > Company > API Secrets) allows the PayPack Customer Portal script.` });
    }
    if (e.status === 0 || e.status === 429 || e.status >= 500) {
      return page('try-later', { ...about, message: `Portal link of customer ${customerId}: Stripe did not answer in time (${e.describe()}). The customer was asked to try again later; nothing to fix unless it lasts.` });
    }
    if (PORTAL_NOT_SET_UP.test(e.message)) {
      return page('unavailable', { ...about, message: `Portal link of customer ${customerId}: the Stripe account of PayPack Config ${config.name} has no customer portal yet. Activate it in the Stripe Dashboard under Settings → Billing → Customer portal (save the settings once); the link then works.` });
    }
    if (e.code === 'resource_missing') {
      return page('unavailable', { ...about, message: `Portal link of customer ${customerId}: Stripe has no customer ${customer.stripeId} (deleted, or in the other mode than the config's key). Blank STRIPE CUSTOMER ID and sync the customer to link the right one; the same link then works again.` });
    }
    return page('unavailable', { ...about, message: `Portal link of customer ${customerId}: Stripe refused the portal session: ${e.describe()}` });
  }
}

/** The plain pages a customer sees when the portal cannot open: no internals, nothing about the account. */
export function portalPage(kind: 'unavailable' | 'try-later'): string {
  const [title, text] = kind === 'try-later'
    ? ['Please try again in a few minutes', 'We could not open your billing portal just now. Please try the link again in a few minutes.']
    : ['This link is not available', 'This billing portal link is not available. Please contact us and we will send you a new one.'];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head>`
    + `<body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em"><h1 style="font-size:1.4em">${title}</h1><p>${text}</p></body></html>`;
}

/** If the platform does not follow the redirect, the page still takes the browser there. */
export function redirectPage(target: string): string {
  const safe = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0;url=${safe}"><title>Opening your billing portal</title></head>`
    + `<body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em"><p><a href="${safe}">Open your billing portal</a></p></body></html>`;
}
