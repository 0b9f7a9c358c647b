/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as redirect from 'N/redirect';
import { openPayment, PAY_TOKEN_PARAM, payPage } from '../core/pay-link';
import { redirectPage } from '../core/portal-link';
import { payPorts } from '../netsuite/pay';
import { writeSyncLog } from '../netsuite/sync-records';

/**
 * An invoice's Pay by card link, available without login: check the link's token, open a fresh
 * Stripe Checkout page for what the invoice still owes and redirect the browser to it; otherwise a
 * plain page for the customer and a log entry for the accountant. The token is never logged.
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const { request, response } = context;
  response.setHeader({ name: 'Content-Type', value: 'text/html; charset=utf-8' });
  response.setHeader({ name: 'Cache-Control', value: 'no-store' });
  const answer = openPayment(payPorts, String(request.parameters[PAY_TOKEN_PARAM] || ''));
  if (answer.kind === 'redirect') {
    response.write({ output: redirectPage(answer.url) });
    redirect.redirect({ url: answer.url });
    return;
  }
  const { problem } = answer;
  if (problem.logged) {
    writeSyncLog({ customerId: problem.customerId, source: 'pay', configId: problem.configId, stripeId: problem.stripeId, outcome: answer.page === 'paid' ? 'nothing due' : 'failed', message: problem.message });
  }
  log.audit({ title: 'PayPack payment page not opened', details: problem.message });
  response.write({ output: payPage(answer.page) });
}
