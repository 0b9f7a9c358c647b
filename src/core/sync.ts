/**
 * Sync one NetSuite customer into one Stripe account. Lookup order: the linked Stripe customer
 * id, then the sync field (email: Stripe's exact email list; other fields: metadata), then create.
 * A filled id always wins; a customer whose values did not change costs no Stripe call.
 */
import { StripeClient, StripeError } from './stripe/client';
import { canonicalParams, StripeParams } from './stripe/form';
import { createCustomer, listCustomersByEmail, retrieveCustomer, searchCustomers, searchValue, updateCustomer } from './stripe/customers';
import type Stripe from 'stripe';
import { MappingError, withoutEmpty } from './mapping';
import { ConfigError } from './config';
import { sha256Hex } from './sha256';

export type SyncSource = 'button' | 'auto' | 'mass' | 'pay';
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
  /** When the NetSuite customer was created, and now (epoch ms): how old an earlier create could be. */
  customerCreatedAt: number;
  now: number;
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

/**
 * What was sent, to whom: equal fingerprints mean there is nothing to send. It starts with the
 * Stripe customer id it was sent to, so a later sync knows whether STRIPE CUSTOMER ID was changed
 * by hand since.
 */
export function fingerprint(configId: string, stripeId: string, params: StripeParams): string {
  return `${stripeId}:${sha256Hex(`${configId}|${stripeId}|${canonicalParams(params)}`).slice(0, 32)}`;
}

/** The Stripe customer the last successful sync went to ('' when unknown). */
function lastSyncedStripeId(lastFingerprint: string): string {
  const i = lastFingerprint.indexOf(':');
  return i > 0 ? lastFingerprint.slice(0, i) : '';
}

/**
 * One key per intended change: the customer, the config, the values, and the version they change
 * from (the last successful sync's fingerprint, which moves on every success and after a failure
 * Stripe may have saved). A retry or a racing sync of the same change sends the same key; going
 * back to earlier values, re-creating a deleted customer or trying again after a saved 500 does not
 * replay an old answer.
 */
function idempotencyKey(kind: string, req: SyncRequest, extra: string): string {
  return `paypack-${kind}-${req.configId}-${req.customerId}-${sha256Hex(`${extra}|${req.lastFingerprint}|${canonicalParams(req.params)}`).slice(0, 40)}`;
}

/** The version a failure moves to when Stripe may have saved its answer (5xx): the next try gets new keys. */
export function versionAfterFailure(lastFingerprint: string, at: Date): string {
  return `${lastSyncedStripeId(lastFingerprint)}:failed-${at.getTime()}`;
}

export function syncCustomer(stripe: StripeClient, req: SyncRequest): SyncResult {
  const who = `customer ${req.customerName} (internal id ${req.customerId})`;
  let outcome: SyncResult['outcome'];
  let stripeId = req.linkedStripeId;

  if (stripeId) {
    const fp = fingerprint(req.configId, stripeId, req.params);
    if (fp === req.lastFingerprint) return { outcome: 'unchanged', stripeCustomerId: stripeId, fingerprint: fp };
    if (lastSyncedStripeId(req.lastFingerprint) !== stripeId) refuseOthersCustomer(stripe, stripeId, req, who);
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
      const made = createOnce(stripe, req, who);
      stripeId = made.id;
      outcome = made.outcome;
    }
  }

  return { outcome, stripeCustomerId: stripeId, fingerprint: fingerprint(req.configId, stripeId, req.params) };
}

/**
 * The key of a create names the creation of this customer's Stripe customer in this version, not
 * the values: a create whose answer was lost (NetSuite never learnt the id) is never made twice,
 * even when the values changed meanwhile. Stripe then refuses the key (idempotency_error) instead
 * of creating: the customer made before is found through its metadata (Stripe's search lags up to
 * a minute, so until then the sync fails and is retried) and updated with today's values.
 */
function createOnce(stripe: StripeClient, req: SyncRequest, who: string): { id: string; outcome: 'created' | 'linked' } {
  const key = `paypack-create-${req.configId}-${req.customerId}-${sha256Hex(`create|${req.lastFingerprint}`).slice(0, 40)}`;
  try {
    return { id: createCustomer(stripe, withoutEmpty(req.params), key).id, outcome: 'created' };
  } catch (e) {
    if (!(e instanceof StripeError && e.type === 'idempotency_error')) throw e;
  }
  const made = searchCustomers(stripe, `metadata["netsuite_customer_id"]:${searchValue(req.customerId)}`).filter((c) => !c.deleted && c.metadata?.netsuite_customer_id === req.customerId);
  if (!made.length) {
    throw new SyncError(`PayPack created the Stripe customer of ${who} moments ago with other values, and Stripe's search does not show it yet (it can lag a minute). Nothing else was sent, so no second Stripe customer was made: sync again in a minute (the next mass sync does).`);
  }
  updateCustomer(stripe, made[0].id, req.params, idempotencyKey('link', req, made[0].id));
  return { id: made[0].id, outcome: 'linked' };
}

/**
 * STRIPE CUSTOMER ID was typed (or changed) since the last sync: before anything is sent, make sure
 * the Stripe customer is not another NetSuite customer's (one Stripe call, once per new id).
 */
function refuseOthersCustomer(stripe: StripeClient, stripeId: string, req: SyncRequest, who: string): void {
  let existing: ReturnType<typeof retrieveCustomer>;
  try {
    existing = retrieveCustomer(stripe, stripeId);
  } catch (e) {
    if (e instanceof StripeError && e.code === 'resource_missing') return; // the update below says so
    throw e;
  }
  const owner = existing.deleted ? undefined : existing.metadata?.netsuite_customer_id;
  if (owner && owner !== req.customerId) {
    throw new SyncError(`Stripe customer ${stripeId}, the STRIPE CUSTOMER ID of ${who}, belongs to NetSuite customer ${owner} (its metadata netsuite_customer_id). Nothing was sent. Blank STRIPE CUSTOMER ID and sync again to find or create this customer's own Stripe customer; if ${stripeId} really is this customer's, remove netsuite_customer_id from its metadata in Stripe first.`, stripeId);
  }
}

/** The sync field's Stripe customer: one carrying this NetSuite customer's id wins; one unclaimed is linked; several is an error. */
function findExisting(stripe: StripeClient, req: SyncRequest, who: string): Stripe.Customer | undefined {
  let candidates: Stripe.Customer[];
  if (req.syncField === 'email') {
    candidates = listCustomersByEmail(stripe, req.syncValue);
    if (!candidates.some((c) => c.metadata?.netsuite_customer_id === req.customerId) && mayOutliveCreateKey(req)) {
      // a create whose write-back was lost more than a day ago: Stripe has dropped its key, and the
      // email may have changed since, so only its metadata finds it (search lags a minute, far less than a day)
      const ours = searchCustomers(stripe, `metadata["netsuite_customer_id"]:${searchValue(req.customerId)}`).filter((c) => c.metadata?.netsuite_customer_id === req.customerId);
      candidates = [...ours, ...candidates];
    }
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
  if (!unclaimed.length && candidates.length) {
    // only other NetSuite customers' Stripe customers match: neither take one over nor quietly make a look-alike
    const other = candidates[0];
    throw new SyncError(`Stripe customer ${other.id} has the ${req.syncField} "${req.syncValue}" of ${who}, but it belongs to NetSuite customer ${String(other.metadata?.netsuite_customer_id)} (its metadata netsuite_customer_id), so it was not linked and nothing was sent. If both are one business, merge the NetSuite customers; if this customer needs its own Stripe customer, give it its own ${req.syncField}, or create it in Stripe and put its id into STRIPE CUSTOMER ID, then sync again.`, other.id);
  }
  return unclaimed[0];
}

/** Stripe keeps an idempotency key at least 24 hours; an hour's margin. */
const CREATE_KEY_KEPT_MS = 23 * 3600 * 1000;

/**
 * Could a create whose answer NetSuite never learnt be older than its key? Only for a customer no
 * sync ever linked (after a link, blanking STRIPE CUSTOMER ID means "link another one") and older
 * than the key: a customer created today needs no search, its create key still holds.
 */
function mayOutliveCreateKey(req: SyncRequest): boolean {
  if (lastSyncedStripeId(req.lastFingerprint)) return false;
  return !req.customerCreatedAt || req.now - req.customerCreatedAt >= CREATE_KEY_KEPT_MS;
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
