/** What the browser gets when a PayPack link (customer portal, Pay by card) is clicked: the redirect, or a plain page and the logs. */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as random from 'N/crypto/random';
import * as redirect from 'N/redirect';
import * as url from 'N/url';
import { linkToken, redirectPage } from '../core/portal-link';
import { writeSyncLog } from './sync-records';
import { linkMeter } from './link-meter';

/** A new durable link: the Suitelet's external URL with a fresh token (128 random bits; no units). */
export function newLinkUrl(script: { scriptId: string; deploymentId: string }, param: string, recordId: string, configId: string): string {
  const hex = Array.from(random.generateBytes({ size: 16 }), (b) => b.toString(16).padStart(2, '0')).join('');
  return url.resolveScript({ scriptId: script.scriptId, deploymentId: script.deploymentId, returnExternalUrl: true, params: { [param]: linkToken(recordId, configId, hex, new Date()) } });
}

export interface ClickProblem { logged: boolean; customerId?: string; configId?: string; stripeId?: string; message: string; linkId?: string }
export type ClickAnswer<P extends string> = { kind: 'redirect'; url: string } | { kind: 'page'; page: P; problem: ClickProblem };

/**
 * Send the browser on, or show the plain page. A problem of a real link goes to the sync log; every
 * problem to the execution log. The token itself is never logged.
 */
export function answerClick<P extends string>(
  response: EntryPoints.Suitelet.onRequestContext['response'], answer: ClickAnswer<P>,
  how: { source: 'portal' | 'pay'; logTitle: string; render: (page: P) => string; outcome?: (page: P) => string },
): void {
  response.setHeader({ name: 'Content-Type', value: 'text/html; charset=utf-8' });
  response.setHeader({ name: 'Cache-Control', value: 'no-store' });
  if (answer.kind === 'redirect') {
    response.write({ output: redirectPage(answer.url) });
    redirect.redirect({ url: answer.url });
    return;
  }
  const { problem } = answer;
  // a real link's problems go to the sync log, a few an hour (whoever holds the link can click it all day)
  if (problem.logged && (!problem.linkId || linkMeter(how.source, problem.linkId).take('log'))) {
    writeSyncLog({ customerId: problem.customerId, source: how.source, configId: problem.configId, stripeId: problem.stripeId, outcome: how.outcome?.(answer.page) ?? 'failed', message: problem.message });
  }
  log.audit({ title: how.logTitle, details: problem.message });
  response.write({ output: how.render(answer.page) });
}
