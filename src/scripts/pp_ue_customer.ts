/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { CLIENT_MODULE_PATH } from '../core/ids';

/** Adds the PayPack Sync button on view and edit. */
export function beforeLoad(context: EntryPoints.UserEvent.beforeLoadContext): void {
  if (context.type !== context.UserEventType.VIEW && context.type !== context.UserEventType.EDIT) return;
  context.form.clientScriptModulePath = CLIENT_MODULE_PATH;
  context.form.addButton({ id: 'custpage_pp_sync', label: 'PayPack Sync', functionName: 'paypackSync' });
}

/** Auto-sync on create (customer sync issue). */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  log.debug({ title: 'PayPack afterSubmit', details: `${context.type} customer ${context.newRecord.id}` });
}
