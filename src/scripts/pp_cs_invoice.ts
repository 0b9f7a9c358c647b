/**
 * @NApiVersion 2.1
 * @NScriptType ClientScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as currentRecord from 'N/currentRecord';
import * as https from 'N/https';
import * as message from 'N/ui/message';
import * as url from 'N/url';
import { SCRIPT } from '../core/ids';
import { escapeHtml } from '../core/text';

/** NetSuite needs one client entry point on a client script record; the button needs none. */
export function pageInit(_context: EntryPoints.Client.pageInitContext): void {
  // nothing to prepare on page load
}

function show(type: message.Type, text: string): void {
  message.create({ title: 'Charge Card', message: escapeHtml(text), type }).show({ duration: 20000 });
}

/** The Charge Card button: ask the charge Suitelet, show its answer, then show the invoice's new status. */
export function paypackCharge(): void {
  const rec = currentRecord.get();
  let result: { ok: boolean; outcome: string; message: string };
  try {
    const target = url.resolveScript({ scriptId: SCRIPT.slCharge.scriptId, deploymentId: SCRIPT.slCharge.deploymentId, params: { invoiceId: String(rec.id) } });
    const res = https.post({ url: target, body: { invoiceId: String(rec.id) } });
    result = JSON.parse(res.body) as typeof result;
  } catch (e) {
    show(message.Type.ERROR, `Charge Card could not reach NetSuite: ${(e as Error).message || e}. Nothing is known to be charged; try again in a moment (the same attempt cannot charge twice).`);
    return;
  }
  show(result.ok ? message.Type.CONFIRMATION : result.outcome === 'refused' || result.outcome === 'try later' ? message.Type.WARNING : message.Type.ERROR, result.message);
  // the status field changed: reload once the banner has been read
  const page = globalThis as unknown as { window?: { location: { reload(): void } }; setTimeout?: (fn: () => void, ms: number) => unknown };
  if (result.outcome !== 'refused' && page.window && page.setTimeout) page.setTimeout(() => page.window!.location.reload(), RELOAD_DELAY_MS);
}

/** How long the banner stays readable before the page reloads to show the invoice's new status. */
const RELOAD_DELAY_MS = 5000;
