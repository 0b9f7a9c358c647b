/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { payoutBreakdownText, renderMessage, renderPayoutDetail, renderPayoutList } from '../core/reconcile-page';
import { LIST_LIMIT, listPayouts, readPayoutDetail, reconcileUrl } from '../netsuite/reconcile';

/**
 * PayPack Reconciliation (login): Stripe payouts by arrival date with their deposits; with `payout`
 * (a PayPack Stripe Payout row's internal id), each line of its deposit and its tie-out to the bank
 * line; `format=text` answers the same breakdown as plain text. Reads only.
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const params = context.request.parameters;
  const payout = String(params.payout || '').trim();
  const text = String(params.format || '') === 'text';
  const answer = (body: string, type = 'text/html') => {
    context.response.setHeader({ name: 'Content-Type', value: `${type}; charset=utf-8` });
    context.response.write({ output: body });
  };
  if (!payout) {
    const list = listPayouts(reconcileUrl);
    answer(renderPayoutList(list.payouts, list.more ? `Showing the newest ${LIST_LIMIT} payouts.` : ''));
    return;
  }
  const detail = /^\d+$/.test(payout) ? readPayoutDetail(payout, reconcileUrl) : undefined;
  if (!detail) {
    const message = `There is no PayPack Stripe Payout with internal id ${payout}.`;
    if (text) answer(message, 'text/plain');
    else answer(renderMessage(message, reconcileUrl()));
    return;
  }
  if (text) answer(payoutBreakdownText(detail), 'text/plain');
  else answer(renderPayoutDetail(detail, reconcileUrl()));
}
