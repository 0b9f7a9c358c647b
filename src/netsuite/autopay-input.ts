/** Autopay's work list: open invoices of customers with PayPack Autopay, and invoices with a bank debit still processing. */
import * as search from 'N/search';
import { CUSTOMER, TRANSACTION } from '../core/ids';
import { dayNumber } from './charge';

export interface AutopayWork {
  invoiceId: string;
  /** The due date as a day number of the account's calendar; null for an invoice read only for its processing debit. */
  dueDay: number | null;
}

function eachRow(s: search.Search, fn: (r: search.Result) => void): void {
  const paged = s.runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) for (const r of paged.fetch({ index: range.index }).data) fn(r);
}

/** One search of the Autopay customers, then their open invoices due by today (a thousand customers a search). */
export function autopayWork(todayDay: number): AutopayWork[] {
  const customers: string[] = [];
  eachRow(search.create({ type: 'customer', filters: [[CUSTOMER.autopay, 'is', 'T'], 'AND', ['isinactive', 'is', 'F']], columns: ['internalid'] }), (r) => { customers.push(r.id); });
  const work = new Map<string, AutopayWork>();
  for (let i = 0; i < customers.length; i += 1000) {
    const filters = [['mainline', 'is', 'T'], 'AND', ['amountremaining', 'greaterthan', 0], 'AND', ['entity', 'anyof', ...customers.slice(i, i + 1000)]];
    eachRow(search.create({ type: 'invoice', filters, columns: ['duedate', 'trandate'] }), (r) => {
      // an invoice without terms is due on its date
      const due = dayNumber(String(r.getValue('duedate') || r.getValue('trandate') || ''));
      if (due !== undefined && due <= todayDay) work.set(r.id, { invoiceId: r.id, dueDay: due });
    });
  }
  eachRow(search.create({ type: 'invoice', filters: [['mainline', 'is', 'T'], 'AND', [TRANSACTION.autopayState, 'contains', '"kind":"processing"']], columns: ['internalid'] }), (r) => {
    if (!work.has(r.id)) work.set(r.id, { invoiceId: r.id, dueDay: null });
  });
  return [...work.values()];
}
