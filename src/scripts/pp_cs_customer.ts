/**
 * @NApiVersion 2.1
 * @NScriptType ClientScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';

/** NetSuite needs one client entry point on a client script record; the button needs none. */
export function pageInit(_context: EntryPoints.Client.pageInitContext): void {
  // nothing to prepare on page load
}

/** The PayPack Sync button (customer sync issue). */
export function paypackSync(): void {
  // filled in by the customer sync issue
}
