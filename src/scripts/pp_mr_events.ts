/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as search from 'N/search';
import { EVENT, RECORD } from '../core/ids';
import { MAX_EVENT_ATTEMPTS } from '../core/event-retry';
import { isStripeEvent } from '../core/webhook-events';
import { processEvent } from '../core/webhook-receiver';
import { receiverPorts, retryConfig, updateEvent } from '../netsuite/webhook-store';

interface Due { recordId: string; configId: string; attempts: number; payload: string }

/**
 * Failed and pending events whose next try is due: the search itself picks them by the Next Try
 * time the bundle wrote (a row without one, from an admin who reset it, is due at once).
 */
export function getInputData(): Due[] {
  const due: Due[] = [];
  const paged = search.create({
    type: RECORD.event,
    filters: [
      [[EVENT.status, 'is', 'failed'], 'OR', [EVENT.status, 'is', 'pending']],
      'AND', [EVENT.attempts, 'lessthan', MAX_EVENT_ATTEMPTS],
      'AND', [[EVENT.nextTry, 'lessthanorequalto', Date.now()], 'OR', [EVENT.nextTry, 'isempty', '']],
    ],
    columns: [EVENT.attempts, EVENT.config, EVENT.payload],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      due.push({ recordId: r.id, configId: String(r.getValue(EVENT.config)), attempts: Number(r.getValue(EVENT.attempts) || 0), payload: String(r.getValue(EVENT.payload) || '') });
    }
  }
  return due;
}

export function map(context: EntryPoints.MapReduce.mapContext): void {
  const due = JSON.parse(context.value) as Due;
  const config = retryConfig(due.configId);
  let event: unknown;
  try { event = JSON.parse(due.payload); } catch { event = undefined; }
  if (!config || !isStripeEvent(event)) {
    updateEvent(due.recordId, { status: 'failed', attempts: MAX_EVENT_ATTEMPTS, nextTryAt: '', error: !config ? `PayPack Config ${due.configId} is inactive or gone; the event cannot be applied. Reactivate the config, then set Attempts to 0 and clear Next Try to apply it.` : 'The stored payload is not a whole Stripe event (cut or damaged); it cannot be applied.' });
    context.write({ key: 'failed', value: due.recordId });
    return;
  }
  // a stored payload is not trusted: the state is read from Stripe
  const out = processEvent(receiverPorts, config, event, due.recordId, due.attempts + 1, false);
  context.write({ key: out.status, value: due.recordId });
}

export function summarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  const counts: Record<string, number> = {};
  summary.output.iterator().each((key) => { counts[key] = (counts[key] || 0) + 1; return true; });
  summary.mapSummary.errors.iterator().each((key, err) => { log.error({ title: `PayPack event retry ${key} stopped`, details: err }); return true; });
  log.audit({ title: 'PayPack event retry', details: Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing due' });
}
