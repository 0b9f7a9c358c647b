/**
 * The webhook Suitelet's work: verify, record once, apply, and keep anything that failed for the
 * retry job. A Suitelet cannot choose its HTTP status, so PayPack's own event log, not Stripe's
 * redelivery, is what makes sure no event is lost.
 */
import { Applied, applyEvent, EventPorts, isStripeEvent, StripeEvent } from './webhook-events';
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

export interface EndpointConfig { id: string; name: string; signingSecret: string; secretId: string }

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

/** Largest payload kept whole in the event row (the field holds 1,000,000 characters). */
export const PAYLOAD_MAX = 999000;

export function trimPayload(body: string): string {
  return body.length <= PAYLOAD_MAX ? body : `${body.slice(0, PAYLOAD_MAX)}\n[PayPack: payload cut at ${PAYLOAD_MAX} of ${body.length} characters]`;
}

/** Apply an event and record the outcome on its row. Never throws for a failure it can record. */
export function processEvent(ports: ReceiverPorts, config: EndpointConfig, event: StripeEvent, recordId: string, attempts: number): { status: EventStatus; note: string } {
  let applied: Applied;
  try {
    applied = applyEvent(ports.eventPorts(config), event);
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
  const config = req.configId ? ports.endpointConfig(req.configId) : undefined;
  if (!config) return { accepted: false, reason: `no PayPack Config ${req.configId || '(none given)'} with a webhook signing secret` };
  const now = ports.now();
  const check = verifyStripeSignature(req.signature, req.body, config.signingSecret, Math.floor(now / 1000));
  if (!check.ok) return { accepted: false, reason: check.reason };
  let event: unknown;
  try {
    event = JSON.parse(req.body);
  } catch {
    return { accepted: false, reason: 'the body is not JSON' };
  }
  if (!isStripeEvent(event)) return { accepted: false, reason: 'the body is not a Stripe event' };

  if (ports.isKnownDone(event.id)) return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
  const row: EventRow = {
    eventId: event.id, type: event.type, configId: config.id, created: event.created, status: 'pending', attempts: 0, error: '', payload: trimPayload(req.body),
    // should this Suitelet die before the row says how it went, the retry job takes it after a grace period
    nextTryAt: now + PENDING_GRACE_MS,
  };
  const created = ports.createEvent(row);
  let recordId: string;
  let attempts = 1;
  if (created === 'duplicate') {
    const existing = ports.findEvent(event.id);
    if (!existing) return { accepted: true, eventId: event.id, status: 'duplicate', note: 'already recorded' };
    if (existing.status === 'processed' || existing.status === 'ignored') {
      ports.rememberDone(event.id);
      return { accepted: true, eventId: event.id, status: 'duplicate', note: `already ${existing.status}` };
    }
    // Stripe redelivered an event that failed here: try it again now
    recordId = existing.recordId;
    attempts = existing.attempts + 1;
  } else {
    recordId = created.recordId;
  }
  const out = processEvent(ports, config, event, recordId, attempts);
  return { accepted: true, eventId: event.id, status: out.status, note: out.note };
}
