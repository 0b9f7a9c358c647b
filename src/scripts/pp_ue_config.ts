/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as message from 'N/ui/message';
import { CONFIG } from '../core/ids';
import { CUSTOMER_URL_FIELDS, customerUrlProblem, secretIdProblem } from '../core/config';
import { escapeHtml } from '../core/text';
import { forgetConfigs } from '../netsuite/configs';
import { applyEnableWebhook, logConfigChanges, takeRolledSecret } from '../netsuite/webhook-endpoint';
import * as error from 'N/error';
import { booksSettingsProblem, refundItemProblem } from '../netsuite/books';

/** Show what the last Enable Webhook change did, or why Stripe refused it. */
export function beforeLoad(context: EntryPoints.UserEvent.beforeLoadContext): void {
  if (context.type !== context.UserEventType.VIEW && context.type !== context.UserEventType.EDIT) return;
  const status = String(context.newRecord.getValue({ fieldId: CONFIG.webhookStatus }) || '');
  if (!status) return;
  context.form.addPageInitMessage({ type: status.startsWith('Failed') ? message.Type.ERROR : message.Type.INFORMATION, title: 'PayPack webhook', message: escapeHtml(status) });
}

/** A pasted rolled signing secret goes into the hidden field before the record is saved. */
export function beforeSubmit(context: EntryPoints.UserEvent.beforeSubmitContext): void {
  takeRolledSecret(context.newRecord);
  const rec = context.newRecord;
  // a secret id that is not one (a typed-in Stripe key above all) is refused, so no record holds it;
  // an inline edit carries only the fields it changed
  const secretGiven = context.type !== context.UserEventType.XEDIT || rec.getFields().includes(CONFIG.secret);
  const secretProblem = secretGiven && secretIdProblem({ id: String(rec.id || ''), name: String(rec.getValue({ fieldId: 'name' }) || 'PayPack Config'), secretId: String(rec.getValue({ fieldId: CONFIG.secret }) ?? '').trim() });
  if (secretProblem) throw error.create({ name: 'PAYPACK_CONFIG_SECRET', message: secretProblem, notifyOff: true });
  // where Stripe sends the customer: https only (an inline edit checks what it changed)
  for (const [fieldId, label] of CUSTOMER_URL_FIELDS) {
    if (context.type === context.UserEventType.XEDIT && !rec.getFields().includes(fieldId)) continue;
    const urlProblem = customerUrlProblem(label, String(rec.getValue({ fieldId }) ?? ''));
    if (urlProblem) throw error.create({ name: 'PAYPACK_CONFIG_URL', message: urlProblem, notifyOff: true });
  }
  // Post to NetSuite Transactions: refuse the save while what posting needs is missing, and say what
  const text = (fieldId: string) => {
    const v = rec.getValue({ fieldId });
    return v instanceof Date ? String(rec.getText({ fieldId })) : String(v ?? '').trim();
  };
  const problem = booksSettingsProblem({
    name: text('name') || 'PayPack Config',
    books: { post: rec.getValue({ fieldId: CONFIG.post }) === true || rec.getValue({ fieldId: CONFIG.post }) === 'T', ...postFromOf(rec.getValue({ fieldId: CONFIG.postFrom })), paymentMethod: text(CONFIG.paymentMethod), bankAccount: text(CONFIG.bankAccount), feeAccount: text(CONFIG.feeAccount), clearingAccount: text(CONFIG.clearingAccount), refundItem: text(CONFIG.refundItem) },
  });
  if (problem) throw error.create({ name: 'PAYPACK_CONFIG_INCOMPLETE', message: problem, notifyOff: true });
  // the refund item: only a non-inventory or other-charge item (no stock, its own income account)
  const itemGiven = context.type !== context.UserEventType.XEDIT || rec.getFields().includes(CONFIG.refundItem);
  const itemProblem = itemGiven && refundItemProblem(text('name') || 'PayPack Config', text(CONFIG.refundItem));
  if (itemProblem) throw error.create({ name: 'PAYPACK_CONFIG_REFUND_ITEM', message: itemProblem, notifyOff: true });
}

/** The record hands a date field over as a Date: kept as an instant, as the config cache keeps it. */
function postFromOf(value: unknown): { postFrom?: number } {
  return value instanceof Date && Number.isFinite(value.getTime()) ? { postFrom: Math.floor(value.getTime() / 1000) } : {};
}

/** Enable Webhook: create, enable or disable the Stripe endpoint and log it; the saved config always stands. */
export function afterSubmit(context: EntryPoints.UserEvent.afterSubmitContext): void {
  forgetConfigs();
  if (context.type === context.UserEventType.DELETE) return;
  logConfigChanges(context.newRecord, context.oldRecord, context.type === context.UserEventType.XEDIT);
  applyEnableWebhook(context.newRecord, context.oldRecord);
}
