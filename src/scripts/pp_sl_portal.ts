/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as redirect from 'N/redirect';
import { openPortal, PORTAL_TOKEN_PARAM, portalPage, redirectPage } from '../core/portal-link';
import { portalPorts } from '../netsuite/portal';
import { writeSyncLog } from '../netsuite/sync-records';

/**
 * The customer portal link, available without login: check the link's token, open a fresh Stripe
 * billing portal session for the customer and redirect the browser to it; otherwise a plain page
 * for the customer and a log entry for the admin. The token itself is never logged.
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const { request, response } = context;
  response.setHeader({ name: 'Content-Type', value: 'text/html; charset=utf-8' });
  response.setHeader({ name: 'Cache-Control', value: 'no-store' });
  const answer = openPortal(portalPorts, String(request.parameters[PORTAL_TOKEN_PARAM] || ''));
  if (answer.kind === 'redirect') {
    response.write({ output: redirectPage(answer.url) });
    redirect.redirect({ url: answer.url });
    return;
  }
  const { problem } = answer;
  if (problem.logged) {
    writeSyncLog({ customerId: problem.customerId, source: 'portal', configId: problem.configId, stripeId: problem.stripeId, outcome: 'failed', message: problem.message });
  }
  log.audit({ title: 'PayPack portal link not opened', details: problem.message });
  response.write({ output: portalPage(answer.page) });
}
