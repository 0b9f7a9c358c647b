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
import { CUSTOMER, SCRIPT } from '../core/ids';
import { escapeHtml } from '../core/text';
import type { OneSyncResult } from '../core/sync-flow';

/** NetSuite needs one client entry point on a client script record; the button needs none. */
export function pageInit(_context: EntryPoints.Client.pageInitContext): void {
  // nothing to prepare on page load
}

function show(type: message.Type, text: string): void {
  message.create({ title: 'PayPack Sync', message: escapeHtml(text), type }).show({ duration: 15000 });
}

/** The PayPack Sync button: ask the sync Suitelet, show its answer, show what it wrote. */
export function paypackSync(): void {
  const rec = currentRecord.get();
  if (!rec.id) {
    show(message.Type.WARNING, 'Save the customer first, then click PayPack Sync.');
    return;
  }
  let result: OneSyncResult;
  try {
    const target = url.resolveScript({ scriptId: SCRIPT.slSync.scriptId, deploymentId: SCRIPT.slSync.deploymentId, params: { customerId: rec.id } });
    const res = https.post({ url: target, body: { customerId: String(rec.id) } });
    result = JSON.parse(res.body) as OneSyncResult;
  } catch (e) {
    show(message.Type.ERROR, `PayPack Sync could not reach NetSuite: ${(e as Error).message || e}. Try again in a moment.`);
    return;
  }
  show(result.ok ? message.Type.CONFIRMATION : message.Type.ERROR, result.message);
  const written = Object.entries(result.written || {});
  if (written.length === 0) return;
  try {
    // edit mode: the form still holds the old values; put the written ones in, or saving the form would overwrite them
    for (const [fieldId, value] of written) {
      rec.setValue({ fieldId, value: DATE_FIELDS.has(fieldId) ? new Date(Number(value)) : (value as string), ignoreFieldChange: true });
    }
  } catch {
    // view mode: fields are read-only; reload the page once the banner has been read
    const page = globalThis as unknown as { window?: { location: { reload(): void } }; setTimeout?: (fn: () => void, ms: number) => unknown };
    if (page.window && page.setTimeout) page.setTimeout(() => page.window!.location.reload(), VIEW_RELOAD_DELAY_MS);
  }
}

/** Written fields that hold a date: the Suitelet sends them as epoch milliseconds. */
const DATE_FIELDS = new Set<string>([CUSTOMER.lastSync]);

/** How long the confirmation stays readable before a view-mode page reloads to show the new values. */
const VIEW_RELOAD_DELAY_MS = 4000;
