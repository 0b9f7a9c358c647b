/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as error from 'N/error';
import * as log from 'N/log';
import { receiveEvent } from '../core/webhook-receiver';
import { receiverPorts } from '../netsuite/webhook-store';

/**
 * Stripe webhook events, available without login. A request that is not a correctly signed
 * Stripe event for a PayPack config is refused with NetSuite's error page and nothing written;
 * the reason goes to the execution log only. (A Suitelet cannot choose its status: an uncaught
 * error is the only way to answer anything but success.)
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const { request, response } = context;
  if (request.method !== 'POST') {
    response.write({ output: 'PayPack Stripe webhook endpoint.' });
    return;
  }
  const configId = String(request.parameters.config || '');
  const receipt = receiveEvent(receiverPorts, { configId, signature: request.headers['stripe-signature'], body: request.body || '' });
  if (!receipt.accepted) {
    // the reason names the config only once it is known to be a plain id
    log.audit({ title: 'PayPack webhook request refused', details: receipt.reason });
    throw error.create({ name: 'PAYPACK_WEBHOOK_REFUSED', message: 'Request refused.', notifyOff: true });
  }
  // Stripe shows this answer with each delivery in the Dashboard, to whoever reads it there: only the
  // outcome; what PayPack did (NetSuite ids, amounts, errors) stays on the event row
  response.setHeader({ name: 'Content-Type', value: 'application/json' });
  const answer = { received: true, id: receipt.eventId, status: receipt.status, ...(receipt.status === 'duplicate' ? { note: receipt.note } : {}) };
  response.write({ output: JSON.stringify(answer) });
}
