/** An invoice being saved: does it need its Pay by card link, and which config's. */
import * as record from 'N/record';
import type { Record } from 'N/record';
import * as search from 'N/search';
import { configsBySubsidiary, PayPackConfig } from '../core/config';
import { TRANSACTION } from '../core/ids';
import { isLinkFor } from '../core/portal-link';
import { loadConfigs } from './configs';
import { newPayLink } from './pay';
import { lookupText } from './field-values';

export const RECORD_TYPE_INVOICE = 'invoice';

/**
 * The link to write on a saved invoice, or undefined when it has PayPack's link already (the link
 * never changes on edit) or no PayPack Config serves its subsidiary.
 */
export function payLinkWanted(invoice: Record, inlineEdit = false): { [TRANSACTION.payUrl]: string } | undefined {
  // an inline edit or another script's submitFields hands over only the fields it changed: the link
  // and subsidiary on the invoice are read from the invoice itself (1 unit), and a link stays
  let stored: { [column: string]: unknown } | undefined;
  if (inlineEdit) {
    try {
      stored = search.lookupFields({ type: RECORD_TYPE_INVOICE, id: String(invoice.id), columns: [TRANSACTION.payUrl, 'subsidiary'] });
    } catch {
      // a role that may not search the link (the Accountant edits it but does not search it): leave it as it is
      return undefined;
    }
  }
  const current = stored ? lookupText(stored[TRANSACTION.payUrl]) : String(invoice.getValue({ fieldId: TRANSACTION.payUrl }) || '');
  if (inlineEdit && current) return undefined;
  const subsidiary = stored ? lookupText(stored.subsidiary) : String(invoice.getValue({ fieldId: 'subsidiary' }) || '');
  const config = configsBySubsidiary(loadConfigs())(subsidiary);
  if (!config || isLinkFor(current, String(invoice.id), config.id)) return undefined;
  return { [TRANSACTION.payUrl]: newPayLink(String(invoice.id), config.id) };
}

/**
 * Open invoices with no Pay by card link yet (made before PayPack was installed, or saved where user
 * events did not run), with the config serving each: the payments job gives them their link.
 */
export function invoicesWithoutLink(configs: PayPackConfig[]): Array<{ invoiceId: string; configId: string }> {
  const serving = configsBySubsidiary(configs);
  const out: Array<{ invoiceId: string; configId: string }> = [];
  const paged = search.create({
    type: RECORD_TYPE_INVOICE, filters: [['mainline', 'is', 'T'], 'AND', ['amountremaining', 'greaterthan', 0], 'AND', [TRANSACTION.payUrl, 'isempty', '']], columns: ['subsidiary'],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      const config = serving(String(r.getValue('subsidiary') || ''));
      if (config) out.push({ invoiceId: r.id, configId: config.id });
    }
  }
  return out;
}

/** An open invoice's first link (the payments job's backfill). */
export function writePayLink(invoiceId: string, configId: string): void {
  record.submitFields({ type: RECORD_TYPE_INVOICE, id: invoiceId, values: { [TRANSACTION.payUrl]: newPayLink(invoiceId, configId) } });
}
