/** NetSuite side of the webhook: the endpoint's config, the event log, and where default payment methods are shown. */
import * as cache from 'N/cache';
import * as record from 'N/record';
import * as search from 'N/search';
import { CONFIG, CUSTOMER, EVENT, LINK, RECORD } from '../core/ids';
import { EventPorts, PmTarget } from '../core/webhook-events';
import { EndpointConfig, EventRow, EventStatus, ReceiverPorts } from '../core/webhook-receiver';
import { stripeClient } from './stripe';
import { loadConfigs } from './configs';
import { configsBySubsidiary } from '../core/config';
import { showTime } from './field-values';
import { findPayment, findPaymentOfIntent, writeInvoices, writePayment } from './payments';
import { writePayout } from './payouts';

const DONE_CACHE = { name: 'paypack_events', scope: cache.Scope.PROTECTED };
/** Stripe redelivers for up to 3 days: remember finished events about as long (best effort; the log decides). */
const DONE_TTL_SECONDS = 3 * 86400;

function single(v: unknown): string {
  if (Array.isArray(v)) return v.length ? String((v[0] as { value?: string }).value ?? v[0]) : '';
  return v === null || v === undefined ? '' : String(v);
}

/** One lookupFields (1 unit): the signing secret never leaves this adapter except into the verifier. */
export function endpointConfig(configId: string): EndpointConfig | undefined {
  if (!/^\d+$/.test(configId)) return undefined;
  let found: Record<string, unknown>;
  try {
    found = search.lookupFields({ type: RECORD.config, id: configId, columns: ['name', 'isinactive', CONFIG.webhookSecret, CONFIG.secret, CONFIG.webhookMode] });
  } catch {
    return undefined;
  }
  if (found.isinactive === true || !found[CONFIG.webhookSecret]) return undefined;
  const mode = single(found[CONFIG.webhookMode]);
  return { id: configId, name: single(found.name), signingSecret: single(found[CONFIG.webhookSecret]), secretId: single(found[CONFIG.secret]), mode: mode === 'live' || mode === 'test' ? mode : '' };
}

/**
 * The config for applying a stored event again (the retry job): no signature is checked then, so
 * the signing secret is not read (its field is readable by the webhook role only).
 */
export function retryConfig(configId: string): EndpointConfig | undefined {
  if (!/^\d+$/.test(configId)) return undefined;
  let found: Record<string, unknown>;
  try {
    found = search.lookupFields({ type: RECORD.config, id: configId, columns: ['name', 'isinactive', CONFIG.secret, CONFIG.webhookMode] });
  } catch {
    return undefined;
  }
  if (found.isinactive === true || !found.name) return undefined;
  const mode = single(found[CONFIG.webhookMode]);
  return { id: configId, name: single(found.name), signingSecret: '', secretId: single(found[CONFIG.secret]), mode: mode === 'live' || mode === 'test' ? mode : '' };
}

function createEvent(row: EventRow): { recordId: string } | 'duplicate' {
  const rec = record.create({ type: RECORD.event });
  // the external id makes the event id unique: a concurrent redelivery cannot make a second row
  rec.setValue({ fieldId: 'externalid', value: row.eventId });
  rec.setValue({ fieldId: EVENT.id, value: row.eventId });
  rec.setValue({ fieldId: EVENT.type, value: row.type });
  rec.setValue({ fieldId: EVENT.config, value: row.configId });
  rec.setValue({ fieldId: EVENT.created, value: new Date(row.created * 1000) });
  rec.setValue({ fieldId: EVENT.status, value: row.status });
  rec.setValue({ fieldId: EVENT.attempts, value: row.attempts });
  rec.setValue({ fieldId: EVENT.nextTry, value: row.nextTryAt });
  rec.setValue({ fieldId: EVENT.payload, value: row.payload });
  try {
    return { recordId: String(rec.save()) };
  } catch (e) {
    if ((e as { name?: string }).name === 'DUP_RCRD') return 'duplicate';
    throw e;
  }
}

function findEvent(eventId: string): { recordId: string; status: EventStatus; attempts: number } | undefined {
  const r = search.create({ type: RECORD.event, filters: [[EVENT.id, 'is', eventId]], columns: [EVENT.status, EVENT.attempts] }).run().getRange({ start: 0, end: 1 })[0];
  return r ? { recordId: r.id, status: String(r.getValue(EVENT.status)) as EventStatus, attempts: Number(r.getValue(EVENT.attempts) || 0) } : undefined;
}

export function updateEvent(recordId: string, fields: Partial<EventRow>): void {
  const values: Record<string, unknown> = {};
  if (fields.status !== undefined) values[EVENT.status] = fields.status;
  if (fields.attempts !== undefined) values[EVENT.attempts] = fields.attempts;
  if (fields.error !== undefined) values[EVENT.error] = fields.error.slice(0, 4000);
  if (fields.customerId) values[EVENT.customer] = fields.customerId;
  if (fields.nextTryAt !== undefined) values[EVENT.nextTry] = fields.nextTryAt;
  record.submitFields({ type: RECORD.event, id: recordId, values: values as Record<string, string> });
}

// ---- where the default payment method is shown -----------------------------------------------

function customerTarget(customerId: string, v: Record<string, unknown>): PmTarget {
  return {
    kind: 'customer', recordId: customerId, customerId, stripeId: single(v[CUSTOMER.stripeId]),
    pmId: single(v[CUSTOMER.defaultPmId]), pmSummary: single(v[CUSTOMER.defaultPm]), pmAt: Number(single(v[CUSTOMER.defaultPmAt]) || 0),
  };
}

const CUSTOMER_COLUMNS = [CUSTOMER.stripeId, CUSTOMER.defaultPmId, CUSTOMER.defaultPm, CUSTOMER.defaultPmAt, 'subsidiary'];

export function findTarget(configId: string, stripeCustomerId: string, hintCustomerId?: string): PmTarget | undefined {
  // a customer's STRIPE CUSTOMER ID belongs to this config's Stripe account only when the config
  // serves its primary subsidiary: an event another account signed never touches it
  let serving: ReturnType<typeof configsBySubsidiary> | undefined;
  const ofThisAccount = (v: Record<string, unknown>) => (serving ||= configsBySubsidiary(loadConfigs()))(single(v.subsidiary))?.id === configId;
  if (hintCustomerId && /^\d+$/.test(hintCustomerId)) {
    try {
      const v = search.lookupFields({ type: 'customer', id: hintCustomerId, columns: CUSTOMER_COLUMNS });
      if (single(v[CUSTOMER.stripeId]) === stripeCustomerId && ofThisAccount(v)) return customerTarget(hintCustomerId, v);
    } catch {
      // the hinted customer is gone: search below
    }
  }
  const found = search.create({ type: 'customer', filters: [[CUSTOMER.stripeId, 'is', stripeCustomerId]], columns: CUSTOMER_COLUMNS }).run().getRange({ start: 0, end: 10 });
  for (const c of found) {
    const v = Object.fromEntries(CUSTOMER_COLUMNS.map((k) => [k, c.getValue(k)]));
    if (ofThisAccount(v)) return customerTarget(c.id, v);
  }
  const l = search.create({
    type: RECORD.customerLink,
    filters: [[LINK.stripeId, 'is', stripeCustomerId], 'AND', [LINK.config, 'anyof', configId]],
    columns: [LINK.customer, LINK.stripeId, LINK.defaultPmId, LINK.defaultPm, LINK.defaultPmAt],
  }).run().getRange({ start: 0, end: 1 })[0];
  if (!l) return undefined;
  return {
    kind: 'link', recordId: l.id, customerId: String(l.getValue(LINK.customer)), stripeId: String(l.getValue(LINK.stripeId)),
    pmId: String(l.getValue(LINK.defaultPmId) || ''), pmSummary: String(l.getValue(LINK.defaultPm) || ''), pmAt: Number(l.getValue(LINK.defaultPmAt) || 0),
  };
}

export function writeDefault(target: PmTarget, value: { pmId: string; summary: string; at: number }): void {
  if (target.kind === 'customer') {
    record.submitFields({ type: 'customer', id: target.recordId, values: { [CUSTOMER.defaultPm]: value.summary, [CUSTOMER.defaultPmId]: value.pmId, [CUSTOMER.defaultPmAt]: String(value.at) } });
  } else {
    record.submitFields({ type: RECORD.customerLink, id: target.recordId, values: { [LINK.defaultPm]: value.summary, [LINK.defaultPmId]: value.pmId, [LINK.defaultPmAt]: String(value.at) } });
  }
}

export function unlink(target: PmTarget, at: number): void {
  if (target.kind === 'customer') {
    record.submitFields({ type: 'customer', id: target.recordId, values: {
      // the portal link stays: it shows "not available" until a sync links a Stripe customer again, then works as before
      // the fingerprint stays: it is the version the next sync's idempotency keys move on from
      [CUSTOMER.stripeId]: '', [CUSTOMER.defaultPm]: '', [CUSTOMER.defaultPmId]: '', [CUSTOMER.defaultPmAt]: String(at),
    } });
  } else {
    record.submitFields({ type: RECORD.customerLink, id: target.recordId, values: {
      [LINK.stripeId]: '', [LINK.defaultPm]: '', [LINK.defaultPmId]: '', [LINK.defaultPmAt]: String(at),
    } });
  }
}

export function eventPorts(config: { id: string; secretId: string }): EventPorts {
  return {
    // no backoff waits in the Suitelet or the retry job: a failure waits for the retry job's Next Try
    stripe: stripeClient(config.secretId, { maxRetries: 0 }),
    configId: config.id,
    writePayment: (row, rowId) => writePayment(row, { rowId }),
    findPayment: (chargeId) => findPayment(config.id, chargeId),
    findPaymentOfIntent: (intentId) => findPaymentOfIntent(config.id, intentId),
    writeInvoices,
    writePayout: (row, contents) => { const w = writePayout(row, contents); return w.how === 'created' ? 'created' : 'updated'; },
    findTarget: (stripeId, hint) => findTarget(config.id, stripeId, hint),
    writeDefault,
    unlink,
  };
}

export const receiverPorts: ReceiverPorts = {
  endpointConfig,
  isKnownDone: (eventId) => cache.getCache(DONE_CACHE).get({ key: eventId }) === 'done',
  rememberDone: (eventId) => cache.getCache(DONE_CACHE).put({ key: eventId, value: 'done', ttl: DONE_TTL_SECONDS }),
  createEvent,
  findEvent,
  updateEvent,
  eventPorts,
  now: () => Date.now(),
  showTime,
};
