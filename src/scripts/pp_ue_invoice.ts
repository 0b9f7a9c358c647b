/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import { INVOICE_CLIENT_MODULE_PATH } from '../core/ids';
import { chargeButtonWanted } from '../netsuite/charge-button';
import { RECORD_TYPE_INVOICE, payLinkWanted } from '../netsuite/pay-invoice';

/** EDIT on Transactions > Invoice: who may not change the invoice is not offered to charge it. */
const EDIT = 3;

/** In view mode, an open invoice of a linked customer with a known default payment method shows Charge Card. */
export function beforeLoad(context: EntryPoints.UserEvent.beforeLoadContext): void {
  if (context.type !== context.UserEventType.VIEW) return;
  if (runtime.getCurrentUser().getPermission({ name: 'TRAN_CUSTINVC' }) < EDIT || !chargeButtonWanted(context.newRecord)) return;
  context.form.clientScriptModulePath = INVOICE_CLIENT_MODULE_PATH;
  context.form.addButton({ id: 'custpage_pp_charge', label: 'Charge Card', functionName: 'paypackCharge' });
}

/** Each invoice gets its durable Pay by card link once, when it is saved without one (no Stripe call); an inline edit or submitFields never replaces it. */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  if (context.type === context.UserEventType.DELETE) return;
  const link = payLinkWanted(context.newRecord, context.type === context.UserEventType.XEDIT);
  if (link) record.submitFields({ type: RECORD_TYPE_INVOICE, id: context.newRecord.id, values: link });
}
