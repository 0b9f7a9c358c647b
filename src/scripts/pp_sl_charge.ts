/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import { chargeInvoice } from '../core/charge';
import { chargePorts, today } from '../netsuite/charge';

/** EDIT on Transactions > Invoice: only who may change the invoice may charge it. */
const EDIT = 3;

/** Charge Card: charge the invoice's customer for what it owes now, with the user's own permissions; answer JSON. */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  context.response.setHeader({ name: 'Content-Type', value: 'application/json; charset=utf-8' });
  const answer = (ok: boolean, message: string, outcome: string) => context.response.write({ output: JSON.stringify({ ok, outcome, message }) });
  // a link on any page could make a browser GET this URL: only the button's POST may charge
  if (context.request.method !== 'POST') {
    answer(false, 'Charge Card charges only when asked with a POST (the Charge Card button on the invoice): nothing was charged.', 'refused');
    return;
  }
  const invoiceId = String(context.request.parameters.invoiceId || '').trim();
  if (!/^\d+$/.test(invoiceId)) {
    answer(false, 'Charge Card needs the internal id of a saved invoice (invoiceId): nothing was charged.', 'refused');
    return;
  }
  if (runtime.getCurrentUser().getPermission({ name: 'TRAN_CUSTINVC' }) < EDIT) {
    answer(false, `You may not edit invoices, so you cannot charge invoice ${invoiceId}: nothing was charged. Ask an administrator for Edit on Transactions > Invoice.`, 'refused');
    return;
  }
  const result = chargeInvoice(chargePorts({ maxRetries: 0 }), invoiceId, 'button', today());
  log.audit({ title: `PayPack Charge Card ${result.outcome}`, details: `invoice ${invoiceId}: ${result.message}` });
  answer(result.outcome === 'charged' || result.outcome === 'processing' || result.outcome === 'settled', result.message, result.outcome);
}
