/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { openPayment, PAY_TOKEN_PARAM, payPage } from '../core/pay-link';
import { answerClick } from '../netsuite/link-click';
import { payPorts } from '../netsuite/pay';

/**
 * An invoice's Pay by card link, available without login: check the link's token, open a fresh
 * Stripe Checkout page for what the invoice still owes and redirect the browser to it; otherwise a
 * plain page for the customer and a log entry for the accountant. The token is never logged.
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const answer = openPayment(payPorts, String(context.request.parameters[PAY_TOKEN_PARAM] || ''));
  answerClick(context.response, answer, { source: 'pay', logTitle: 'PayPack payment page not opened', render: payPage, outcome: (page) => (page === 'paid' ? 'nothing due' : 'failed') });
}
