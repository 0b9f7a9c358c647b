/** Autopay's work list: open invoices of customers with PayPack Autopay, and invoices with a bank debit still processing. */
import * as search from 'N/search';
import { UnpostedCharge } from '../core/charge';
import { configsBySubsidiary, PayPackConfig } from '../core/config';
import { CUSTOMER, PAYMENT, RECORD, TRANSACTION } from '../core/ids';
import { dayNumber, unpostedFilters } from './charge';
import { eachResult } from './search-pages';

export interface AutopayWork {
  invoiceId: string;
  /** The due date as a day number of the account's calendar; null for an invoice read only for its processing debit. */
  dueDay: number | null;
  /** The config serving the invoice's subsidiary, read once for the run. */
  config: PayPackConfig;
  /** A Stripe charge toward the invoice recorded but not posted yet: nothing is charged while it is on its way. */
  unposted?: UnpostedCharge;
}

/** One search of the Autopay customers, then their open invoices due by today (a thousand customers a search). */
export function autopayWork(todayDay: number, configs: PayPackConfig[]): AutopayWork[] {
  const serving = configsBySubsidiary(configs);
  const customers: string[] = [];
  eachResult(search.create({ type: 'customer', filters: [[CUSTOMER.autopay, 'is', 'T'], 'AND', ['isinactive', 'is', 'F']], columns: ['internalid'] }), (r) => { customers.push(r.id); });
  const work = new Map<string, AutopayWork>();
  for (let i = 0; i < customers.length; i += 1000) {
    const filters = [['mainline', 'is', 'T'], 'AND', ['amountremaining', 'greaterthan', 0], 'AND', ['entity', 'anyof', ...customers.slice(i, i + 1000)]];
    eachResult(search.create({ type: 'invoice', filters, columns: ['duedate', 'trandate', 'subsidiary'] }), (r) => {
      // an invoice without terms is due on its date
      const due = dayNumber(String(r.getValue('duedate') || r.getValue('trandate') || ''));
      const config = serving(String(r.getValue('subsidiary') || ''));
      if (config && due !== undefined && due <= todayDay) work.set(r.id, { invoiceId: r.id, dueDay: due, config });
    });
  }
  eachResult(search.create({ type: 'invoice', filters: [['mainline', 'is', 'T'], 'AND', [TRANSACTION.autopayState, 'contains', '"kind":"processing"']], columns: ['subsidiary'] }), (r) => {
    const config = serving(String(r.getValue('subsidiary') || ''));
    if (config && !work.has(r.id)) work.set(r.id, { invoiceId: r.id, dueDay: null, config });
  });
  const unposted = unpostedCharges();
  return [...work.values()].map((w) => (unposted.has(w.invoiceId) ? { ...w, unposted: unposted.get(w.invoiceId) } : w));
}

/**
 * Stripe charges naming a NetSuite invoice that PayPack recorded (webhook or job) but has not posted
 * yet, by invoice: one search for the whole run, so a Pay by card payment the books have not applied
 * is not charged again by Autopay.
 */
function unpostedCharges(): Map<string, UnpostedCharge> {
  const out = new Map<string, UnpostedCharge>();
  eachResult(search.create({ type: RECORD.payment, filters: unpostedFilters(), columns: [PAYMENT.nsInvoice, PAYMENT.chargeId, PAYMENT.status] }), (r) => {
    out.set(String(r.getValue(PAYMENT.nsInvoice)), { chargeId: String(r.getValue(PAYMENT.chargeId) || ''), status: String(r.getValue(PAYMENT.status) || '') });
  });
  return out;
}
