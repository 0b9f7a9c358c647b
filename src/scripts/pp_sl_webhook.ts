/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';

/** Receive Stripe events (webhook issue). */
export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
  context.response.write({ output: JSON.stringify({ received: false }) });
}
