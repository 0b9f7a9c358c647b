/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { openPortal, PORTAL_TOKEN_PARAM, portalPage } from '../core/portal-link';
import { answerClick } from '../netsuite/link-click';
import { portalPorts } from '../netsuite/portal';

/**
 * The customer portal link, available without login: check the link's token, open a fresh Stripe
 * billing portal session for the customer and redirect the browser to it; otherwise a plain page
 * for the customer and a log entry for the admin. The token itself is never logged.
 */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  const answer = openPortal(portalPorts, String(context.request.parameters[PORTAL_TOKEN_PARAM] || ''));
  answerClick(context.response, answer, { source: 'portal', logTitle: 'PayPack portal link not opened', render: portalPage });
}
