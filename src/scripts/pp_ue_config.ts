/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';

/** Enable Webhook (webhook issue). */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  log.debug({ title: 'PayPack config saved', details: String(context.newRecord.id) });
}
