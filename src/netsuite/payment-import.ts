/** The NetSuite side of the payments job: what a config's account already has, and where its history import stands. */
import * as format from 'N/format';
import * as record from 'N/record';
import * as search from 'N/search';
import { configsBySubsidiary, PayPackConfig } from '../core/config';
import { CONFIG, CUSTOMER, LINK, PAYMENT, RECORD } from '../core/ids';
import { KnownPayment, paymentState } from '../core/payment-import';
import { parseMovements } from '../core/payments';
import { HistoryState } from '../core/payments-job';

function paged(type: string, filters: unknown[], columns: string[], each: (id: string, v: Record<string, unknown>) => void): void {
  const data = search.create({ type, filters, columns }).runPaged({ pageSize: 1000 });
  for (const range of data.pageRanges) {
    for (const r of data.fetch({ index: range.index }).data) each(r.id, Object.fromEntries(columns.map((c) => [c, r.getValue(c)])));
  }
}

const STATE_COLUMNS = {
  amount: PAYMENT.amount, currency: PAYMENT.currency, refunded: PAYMENT.refunded, fee: PAYMENT.fee, net: PAYMENT.net, settleCurrency: PAYMENT.settleCurrency, status: PAYMENT.status,
  failure: PAYMENT.failure, method: PAYMENT.method, intentId: PAYMENT.intentId, invoiceId: PAYMENT.invoiceId, nsInvoiceId: PAYMENT.nsInvoice, movements: PAYMENT.movements,
} as const;

/** The config's payment rows by charge id (one search page per 1,000 rows). */
export function knownPayments(configId: string): Map<string, KnownPayment> {
  const out = new Map<string, KnownPayment>();
  paged(RECORD.payment, [[PAYMENT.config, 'anyof', configId]], [PAYMENT.chargeId, PAYMENT.payout, ...Object.values(STATE_COLUMNS)], (rowId, v) => {
    const state = paymentState(Object.fromEntries(Object.entries(STATE_COLUMNS).map(([k, col]) => [k, v[col]])) as Parameters<typeof paymentState>[0]);
    out.set(String(v[PAYMENT.chargeId]), {
      rowId, payoutRowId: String(v[PAYMENT.payout] || ''), state, status: String(v[PAYMENT.status] || ''),
      invoiceId: String(v[PAYMENT.invoiceId] || ''), nsInvoiceId: String(v[PAYMENT.nsInvoice] || ''), movements: parseMovements(v[PAYMENT.movements]),
    });
  });
  return out;
}

/**
 * Stripe customer id -> NetSuite customer id in the config's Stripe account: customers whose primary
 * subsidiary the config serves, and the config's customer links.
 */
export function linkedCustomers(config: PayPackConfig, configs: PayPackConfig[]): Map<string, string> {
  const out = new Map<string, string>();
  const serving = configsBySubsidiary(configs);
  const subsidiaryFilter = config.subsidiaries.length ? ['subsidiary', 'anyof', ...config.subsidiaries] : ['internalid', 'noneof', '@NONE@'];
  paged('customer', [[CUSTOMER.stripeId, 'isnotempty', ''], 'AND', subsidiaryFilter], [CUSTOMER.stripeId, 'subsidiary'], (id, v) => {
    if (serving(String(v.subsidiary ?? ''))?.id === config.id) out.set(String(v[CUSTOMER.stripeId]), id);
  });
  paged(RECORD.customerLink, [[LINK.config, 'anyof', config.id], 'AND', [LINK.stripeId, 'isnotempty', '']], [LINK.customer, LINK.stripeId], (_id, v) => {
    out.set(String(v[LINK.stripeId]), String(v[LINK.customer]));
  });
  return out;
}

export function historyState(configId: string): HistoryState {
  const v = search.lookupFields({ type: RECORD.config, id: configId, columns: [CONFIG.historyFrom, CONFIG.historyDone, CONFIG.historyBefore] });
  const fromText = String(v[CONFIG.historyFrom] || '');
  // the date comes as text in the user's format: N/format reads it (new Date() would misread most formats)
  const from = fromText ? format.parse({ value: fromText, type: format.Type.DATE }) : '';
  const before = String(v[CONFIG.historyBefore] || '');
  return {
    fromText, fromEpoch: from instanceof Date ? Math.floor(from.getTime() / 1000) : 0,
    doneText: String(v[CONFIG.historyDone] || ''), before: /^\d+$/.test(before) ? Number(before) : '',
  };
}

/** Where the import stands: finished for a date, or to resume before a time. */
export function setHistoryState(configId: string, values: { doneText?: string; before?: number | '' }): void {
  const out: Record<string, string | number> = {};
  if (values.doneText !== undefined) out[CONFIG.historyDone] = values.doneText;
  if (values.before !== undefined) out[CONFIG.historyBefore] = values.before;
  record.submitFields({ type: RECORD.config, id: configId, values: out });
}
