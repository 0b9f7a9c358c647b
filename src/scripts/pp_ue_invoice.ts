/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as record from 'N/record';
import { RECORD_TYPE_INVOICE, payLinkWanted } from '../netsuite/pay-invoice';

/** Each invoice gets its durable Pay by card link once, when it is saved without one (no Stripe call); an inline edit or submitFields never replaces it. */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  if (context.type === context.UserEventType.DELETE) return;
  const link = payLinkWanted(context.newRecord, context.type === context.UserEventType.XEDIT);
  if (link) record.submitFields({ type: RECORD_TYPE_INVOICE, id: context.newRecord.id, values: link });
}
