/**
 * The webhook Suitelet's work: verify, record once, apply, and keep anything that failed for the
 * retry job. A Suitelet cannot choose its HTTP status, so PayPack's own event log, not Stripe's
 * redelivery, is what makes sure no event is lost.
 */
import { Applied, applyEvent, EventPorts, isStripeEvent, ReceivedEvent } from './webhook-events';
import { verifyStripeSignature } from './webhook-signature';
import { describeFailure } from './sync';
import { nextTryAt, PENDING_GRACE_MS, retryNote } from './event-retry';

export type EventStatus = 'processed' | 'ignored' | 'failed' | 'pending';

export interface EventRow {
  eventId: string;
  type: string;
  configId: string;
  created: number;
  status: EventStatus;
  attempts: number;
  error: string;
  customerId?: string;
  payload: string;
  /** When the retry job may take the row (epoch ms); '' when it never needs to. */
  nextTryAt: number | '';
}

export interface EndpointConfig {
  id: string; name: string; signingSecret: string; secretId: string;
  /** The Stripe mode of the config's endpoint ('' for endpoints made before PayPack kept it). */
  mode: 'live' | 'test' | '';
}

export interface ReceiverPorts {
  endpointConfig(configId: string): EndpointConfig | undefined;
  /** A fast, best-effort memory of events already finished (the event log is the truth). */
  isKnownDone(eventId: string): boolean;
  rememberDone(eventId: string): void;
  /** Create the event's row; 'duplicate' when a row with this event id exists. */
  createEvent(row: EventRow): { recordId: string } | 'duplicate';
  findEvent(eventId: string): { recordId: string; status: EventStatus; attempts: number } | undefined;
  updateEvent(recordId: string, fields: Partial<EventRow>): void;
  eventPorts(config: EndpointConfig): EventPorts;
  /** The server's clock, epoch milliseconds. */
  now(): number;
  /** An instant as the admin reads it on the event row (their date format and time zone). */
  showTime(ms: number): string;
}

export type Receipt =
  | { accepted: false; reason: string }
  | { accepted: true; eventId: string; status: EventStatus | 'duplicate'; note: string };

/**
 * The largest body the Suitelet reads. The events PayPack subscribes to (customers and payment
 * methods) are a few kilobytes; 256 KiB is far above any of them, and refusing a larger body before
 * anything else keeps unauthenticated callers from making the Suitelet hash megabytes.
 */
export const MAX_EVENT_CHARS = 256 * 1024;
/** The config parameter is a record id: anything else is refused before it is looked up or logged. */
const CONFIG_ID = /^\d{1,10}$/;
/** Verified against when no config matches, so a refusal costs the same whatever the config. */
const NO_CONFIG_SECRET = 'whsec_paypack_no_such_config';

/**
 * Apply an event and record the outcome on its row. Never throws for a failure it can record.
 * `fromSignedDelivery`: the payload came signed from Stripe just now and may be trusted; the retry
 * job's stored payloads are not, so it re-reads the state from Stripe.
 */
export function processEvent(ports: ReceiverPorts, config: EndpointConfig, event: ReceivedEvent, recordId: string, attempts: number, fromSignedDelivery = true): { status: EventStatus; note: string } {
  let applied: Applied;
  try {
    applied = applyEvent(ports.eventPorts(config), event, { trustPayload: fromSignedDelivery });
  } catch (e) {
    const next = nextTryAt(attempts, ports.now());
    const note = `${describeFailure(e, config.secretId, '')} ${retryNote(attempts, next, ports.showTime)}`;
    ports.updateEvent(recordId, { status: 'failed', attempts, error: note, nextTryAt: next ?? '' });
    return { status: 'failed', note };
  }
  ports.updateEvent(recordId, { status: applied.status, attempts, error: applied.note, customerId: applied.customerId, nextTryAt: '' });
  ports.rememberDone(event.id);
  return { status: applied.status, note: applied.note };
}

export function receiveEvent(ports: ReceiverPorts, req: { configId: string; signature: string | undefined; body: string }): Receipt {
  if (!CONFIG_ID.test(req.configId)) return { accepted: false, reason: 'the config parameter is not a PayPack Config id' };
  const refuse = (why: string): Receipt => ({ accepted: false, reason: `config ${req.configId}: ${why}` });
  if (req.body.length > MAX_EVENT_CHARS) return refuse(`the body holds ${req.body.length} characters, more than the ${MAX_EVENT_CHARS} a Stripe event to this endpoint ever needs`);
  const config = ports.endpointConfig(req.configId);
  const now = ports.now();
  const check = verifyStripeSignature(req.signature, req.body, config?.signingSecret || NO_CONFIG_SECRET, Math.floor(now / 1000));
  if (!config) return refuse('no PayPack Config with this id has a webhook signing secret');
  if (!check.ok) return refuse(check.reason);
  let event: unknown;
  try {
    event = JSON.parse(req.body);
  } catch {
    return refuse('the body is not JSON');
  }
  if (!isStripeEvent(event)) return refuse('the body is not a Stripe event');
  // a live event on a test endpoint (or the reverse) means a secret pasted into the wrong config
  if (config.mode && (event.livemode ? 'live' : 'test') !== config.mode) return refuse(`a ${event.livemode ? 'live' : 'test'}-mode event for a ${config.mode}-mode endpoint`);

  if (ports.isKnownDone(event.id)) return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
  const row: EventRow = {
    eventId: event.id, type: event.type, configId: config.id, created: event.created, status: 'pending', attempts: 0, error: '', payload: req.body,
    // should this Suitelet die before the row says how it went, the retry job takes it after a grace period
    nextTryAt: now + PENDING_GRACE_MS,
  };
  const created = ports.createEvent(row);
  if (created === 'duplicate') {
    const existing = ports.findEvent(event.id);
    if (!existing) return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
    const done = existing.status === 'processed' || existing.status === 'ignored';
    if (done) ports.rememberDone(event.id);
    // a failed or pending row is the retry job's (at its Next Try): applying it here as well could apply it twice
    return { accepted: true, eventId: event.id, status: 'duplicate', note: done ? `already ${existing.status}` : `already recorded as ${existing.status}; the retry job applies it` };
  }
  const out = processEvent(ports, config, event, created.recordId, 1);
  return { accepted: true, eventId: event.id, status: out.status, note: out.note };
}
