/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import { CLIENT_MODULE_PATH } from '../core/ids';
import { syncPrimary } from '../core/sync-flow';
import { syncPorts } from '../netsuite/sync-ports';

/** Adds the PayPack Sync button on view and edit. */
export function beforeLoad(context: EntryPoints.UserEvent.beforeLoadContext): void {
  if (context.type !== context.UserEventType.VIEW && context.type !== context.UserEventType.EDIT) return;
  context.form.clientScriptModulePath = CLIENT_MODULE_PATH;
  context.form.addButton({ id: 'custpage_pp_sync', label: 'PayPack Sync', functionName: 'paypackSync' });
}

/** Auto-sync a new customer. A Stripe failure never blocks the save: it is logged for the next mass sync. */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  if (context.type !== context.UserEventType.CREATE) return;
  const rec = context.newRecord;
  const customerId = String(rec.id);
  try {
    const subsidiary = { id: String(rec.getValue({ fieldId: 'subsidiary' }) || ''), name: String(rec.getText({ fieldId: 'subsidiary' }) || '') };
    const webStore = runtime.executionContext === runtime.ContextType.WEBSTORE;
    const result = syncPrimary(syncPorts, customerId, 'auto', subsidiary.id ? subsidiary : undefined, { webStore });
    log.audit({ title: `PayPack auto-sync ${result.outcome}`, details: result.message });
  } catch (e) {
    // e.g. a governance limit: the customer is saved all the same, and the mass sync picks it up
    log.error({ title: 'PayPack auto-sync failed', details: `customer ${customerId}: ${(e as Error).name}: ${(e as Error).message}` });
  }
}
