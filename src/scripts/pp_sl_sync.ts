/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as runtime from 'N/runtime';
import { syncPrimary } from '../core/sync-flow';
import { syncPorts } from '../netsuite/sync-ports';
import { userSeesCustomer } from '../netsuite/sync-records';

/** EDIT on Customers (Lists > Customers): the PayPack Sync button writes to the customer. */
const EDIT = 3;

/** PayPack Sync: sync one customer to its primary subsidiary's Stripe account, answer JSON. */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  context.response.setHeader({ name: 'Content-Type', value: 'application/json; charset=utf-8' });
  const customerId = String(context.request.parameters.customerId || '').trim();
  const answer = (body: object) => context.response.write({ output: JSON.stringify(body) });
  // a link on any page could make a browser GET this URL: only the button's POST may change anything
  if (context.request.method !== 'POST') {
    answer({ ok: false, message: 'PayPack Sync changes customers only when asked with a POST (the PayPack Sync button on the customer).' });
    return;
  }
  if (!/^\d+$/.test(customerId)) {
    answer({ ok: false, message: 'PayPack Sync needs the internal id of a saved customer (customerId).' });
    return;
  }
  if (runtime.getCurrentUser().getPermission({ name: 'LIST_CUSTJOB' }) < EDIT) {
    answer({ ok: false, message: `You may not edit customers, so PayPack Sync cannot change customer ${customerId}. Ask an administrator for Edit on Lists > Customers.` });
    return;
  }
  // the global permission is not enough: the role's restrictions may keep this customer from the user
  if (!userSeesCustomer(customerId)) {
    answer({ ok: false, message: `Customer ${customerId} is not one you can edit (the subsidiary or other restrictions of your role leave it out), so PayPack Sync did nothing. Ask someone who can edit it, or an administrator.` });
    return;
  }
  answer(syncPrimary(syncPorts, customerId, 'button'));
}
