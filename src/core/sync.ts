/**
 * Sync one NetSuite customer into one Stripe account. Lookup order: the linked Stripe customer
 * id, then the sync field (email: Stripe's exact email list; other fields: metadata), then create.
 * A filled id always wins; a customer whose values did not change costs no Stripe call.
 */
import { StripeClient, StripeError } from './stripe/client';
import { canonicalParams, StripeParams } from './stripe/form';
import { createCustomer, listCustomersByEmail, searchCustomers, searchValue, StripeCustomer, updateCustomer } from './stripe/customers';
import { MappingError, withoutEmpty } from './mapping';
import { ConfigError } from './config';
import { sha256Hex } from './sha256';

export type SyncSource = 'button' | 'auto' | 'mass';
export type SyncOutcome = 'created' | 'updated' | 'linked' | 'unchanged' | 'failed';

export interface SyncRequest {
  customerId: string;
  customerName: string;
  configId: string;
  /** Stripe customer id already linked (customer field or customer link record), '' if none. */
  linkedStripeId: string;
  params: StripeParams;
  syncField: string;
  syncValue: string;
  /** Fingerprint of the last successful sync, '' if none. */
  lastFingerprint: string;
}

export interface SyncResult {
  outcome: Exclude<SyncOutcome, 'failed'>;
  stripeCustomerId: string;
  fingerprint: string;
}

export class SyncError extends Error {
  constructor(message: string, readonly stripeCustomerId = '', readonly cause?: unknown) {
    super(message);
    this.name = 'SyncError';
  }
}

/** What was sent, to whom: equal fingerprints mean there is nothing to send. */
export function fingerprint(configId: string, stripeId: string, params: StripeParams): string {
  return sha256Hex(`${configId}|${stripeId}|${canonicalParams(params)}`).slice(0, 32);
}

function idempotencyKey(kind: string, req: SyncRequest, extra: string): string {
  // customer + config + the values: a retry or a racing sync sends the same key; new values a new one
  return `paypack-${kind}-${req.configId}-${req.customerId}-${sha256Hex(`${extra}|${canonicalParams(req.params)}`).slice(0, 40)}`;
}

export function syncCustomer(stripe: StripeClient, req: SyncRequest): SyncResult {
  const who = `customer ${req.customerName} (internal id ${req.customerId})`;
  let outcome: SyncResult['outcome'];
  let stripeId = req.linkedStripeId;

  if (stripeId) {
    const fp = fingerprint(req.configId, stripeId, req.params);
    if (fp === req.lastFingerprint) return { outcome: 'unchanged', stripeCustomerId: stripeId, fingerprint: fp };
    try {
      updateCustomer(stripe, stripeId, req.params, idempotencyKey('update', req, stripeId));
    } catch (e) {
      if (e instanceof StripeError && e.code === 'resource_missing') {
        throw new SyncError(`Stripe has no customer ${stripeId}, the STRIPE CUSTOMER ID of ${who}: it was deleted, or it belongs to the other mode (test/live) than this config's key. Blank STRIPE CUSTOMER ID and sync again to link or create the right one.`, stripeId, e);
      }
      throw e;
    }
    outcome = 'updated';
  } else {
    const found = findExisting(stripe, req, who);
    if (found) {
      stripeId = found.id;
      updateCustomer(stripe, stripeId, req.params, idempotencyKey('link', req, stripeId));
      outcome = 'linked';
    } else {
      stripeId = createCustomer(stripe, withoutEmpty(req.params), idempotencyKey('create', req, '')).id;
      outcome = 'created';
    }
  }

  return { outcome, stripeCustomerId: stripeId, fingerprint: fingerprint(req.configId, stripeId, req.params) };
}

/** The sync field's Stripe customer: one carrying this NetSuite customer's id wins; one unclaimed is linked; several is an error. */
function findExisting(stripe: StripeClient, req: SyncRequest, who: string): StripeCustomer | undefined {
  let candidates: StripeCustomer[];
  if (req.syncField === 'email') {
    candidates = listCustomersByEmail(stripe, req.syncValue);
  } else {
    // search lags writes by up to a minute; a sync retried inside that minute is covered by the create's idempotency key
    candidates = searchCustomers(stripe, `metadata["netsuite_customer_id"]:${searchValue(req.customerId)} OR metadata["${req.syncField}"]:${searchValue(req.syncValue)}`);
  }
  candidates = candidates.filter((c) => !c.deleted);
  const ours = candidates.filter((c) => c.metadata?.netsuite_customer_id === req.customerId);
  if (ours.length) return ours[0];
  const unclaimed = candidates.filter((c) => !c.metadata?.netsuite_customer_id);
  if (unclaimed.length > 1) {
    throw new SyncError(`${unclaimed.length} Stripe customers have the ${req.syncField} "${req.syncValue}" of ${who} and none of them is linked to it: ${unclaimed.map((c) => c.id).join(', ')}. None was linked. Put the right one into STRIPE CUSTOMER ID (or merge the duplicates in Stripe) and sync again.`);
  }
  return unclaimed[0];
}

/** NetSuite's errors for an API secret the script may not use (missing, or not allowed for the domain). */
const SECRET_ERRORS = new Set(['INVALID_SECRET_KEY', 'SSS_SECRET_DOMAIN_RESTRICTED']);

/** A readable message for any failure, with Stripe's code; never the key. */
/** What a failed customer sync tells the user about trying again. */
export const SYNC_RETRY_ADVICE = 'Nothing was lost: the next mass sync retries, or click PayPack Sync again.';

/** The failure in words for an admin; retryAdvice says what happens next when Stripe did not answer. */
export function describeFailure(e: unknown, secretId: string, retryAdvice = SYNC_RETRY_ADVICE): string {
  if (e instanceof SyncError || e instanceof MappingError || e instanceof ConfigError) return e.message;
  if (e instanceof StripeError) {
    if (e.status === 401) return `Stripe refused the API key in API secret ${secretId} (401). Put a valid Stripe secret key for this account in that API secret (Setup > Company > API Secrets).`;
    if (e.status === 403) return `The Stripe key in API secret ${secretId} may not do this (403): ${e.message} Give the restricted key write access to Customers and Customer portal.`;
    if (e.status === 0 || e.status === 429 || e.status >= 500) return `Stripe did not answer in time (${e.describe()}).${retryAdvice ? ` ${retryAdvice}` : ''}`;
    return `Stripe refused the request: ${e.describe()}`;
  }
  const name = (e as { name?: string })?.name;
  const message = (e as { message?: string })?.message ?? String(e);
  if (SECRET_ERRORS.has(name || '')) {
    return `The API secret ${secretId} named by the PayPack Config cannot be used: ${message} Create it under Setup > Company > API Secrets, allow the PayPack scripts and the domain api.stripe.com.`;
  }
  return `${name ? `${name}: ` : ''}${message}`;
}

/** Failures PayPack reports and logs; anything else (a governance limit) is NetSuite's to handle. */
export function isExpectedFailure(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return e instanceof SyncError || e instanceof MappingError || e instanceof ConfigError || name === 'StripeError' || SECRET_ERRORS.has(name || '');
}
