/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';

/** Sync one customer and answer JSON (customer sync issue). */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
  context.response.write({ output: JSON.stringify({ ok: false, message: 'PayPack Sync is not built yet.' }) });
}
