/**
 * What the PayPack Reconciliation page reads, on N/*: payout rows and their deposits' clearing lines
 * (a search page each, and one for the configs' clearing accounts), and for one
 * payout its deposit(s) (one load each), the transactions on them and their ledger rows (a search
 * page per 1,000 each, one for the invoices they paid and one for the accounts' names). Never a load or lookup per line, so a deposit of thousands of lines stays
 * within a Suitelet's 1,000 units.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import * as url from 'N/url';
import { CONFIG, PAYMENT, PAYOUT, RECORD, TRANSACTION } from '../core/ids';
import { chargeInMemo, ClearingLineRead, DepositRead, ledgerRead, LedgerRead, PayoutDetail, payoutDetail, PayoutRowValues, PayoutSummary, payoutSummary, TransactionRead, withClearing } from '../core/reconcile';
import { lookupText } from './field-values';
import { eachResult } from './search-pages';

/** Payouts shown on the list: the newest, one search page. */
export const LIST_LIMIT = 1000;
/** Deposits read for one payout (a payout of 3,000 Stripe transactions a deposit: 60,000 transactions). */
const DEPOSIT_LIMIT = 20;
/** Charge ids per ledger search (terms of one filter expression). */
const CHARGES_PER_SEARCH = 200;

const ROW_COLUMNS = [PAYOUT.id, PAYOUT.amount, PAYOUT.currency, PAYOUT.arrival, PAYOUT.status, PAYOUT.deposit, PAYOUT.posting, PAYOUT.posted];

const depositUrl = (id: string) => url.resolveRecord({ recordType: 'deposit', recordId: id });
const rowUrl = (id: string) => url.resolveRecord({ recordType: RECORD.payout, recordId: id });

/** The newest payouts by arrival date with their deposits' clearing lines (30 units), and whether there are more than the page shows. */
export function listPayouts(pageUrl: (rowId: string) => string): { payouts: PayoutSummary[]; more: boolean } {
  const paged = search.create({
    type: RECORD.payout,
    columns: [search.createColumn({ name: PAYOUT.arrival, sort: search.Sort.DESC }), search.createColumn({ name: 'internalid', sort: search.Sort.DESC }), ...ROW_COLUMNS.filter((c) => c !== PAYOUT.arrival)],
  }).runPaged({ pageSize: LIST_LIMIT });
  const payouts: PayoutSummary[] = [];
  if (paged.pageRanges.length) {
    for (const r of paged.fetch({ index: 0 }).data) {
      const v = (c: string) => String(r.getValue(c) ?? '');
      payouts.push(summaryOf({ rowId: r.id, payoutId: v(PAYOUT.id), amount: v(PAYOUT.amount), currency: v(PAYOUT.currency), arrival: v(PAYOUT.arrival), status: v(PAYOUT.status), depositIds: v(PAYOUT.deposit), posting: v(PAYOUT.posting), posted: v(PAYOUT.posted) }, pageUrl));
    }
  }
  return { payouts: withClearing(payouts, clearingLines(payouts.flatMap((p) => p.deposits.map((d) => d.id)))), more: paged.count > LIST_LIMIT };
}

/** The lines of these deposits to any config's clearing account (a search page for the configs, one per 1,000 lines). */
function clearingLines(depositIds: string[]): ClearingLineRead[] {
  if (!depositIds.length) return [];
  const accounts = new Set<string>();
  eachResult(search.create({ type: RECORD.config, filters: [[CONFIG.clearingAccount, 'noneof', '@NONE@']], columns: [CONFIG.clearingAccount] }), (r) => { accounts.add(String(r.getValue(CONFIG.clearingAccount))); });
  if (!accounts.size) return [];
  const out: ClearingLineRead[] = [];
  eachResult(search.create({
    type: 'transaction',
    filters: [['mainline', 'is', 'F'], 'AND', ['type', 'anyof', 'Deposit'], 'AND', ['internalid', 'anyof', ...depositIds], 'AND', ['account', 'anyof', ...accounts]],
    columns: ['memo', 'debitamount', 'creditamount'],
  }), (r) => { out.push({ depositId: r.id, debit: Number(r.getValue('debitamount') || 0), credit: Number(r.getValue('creditamount') || 0), memo: String(r.getValue('memo') ?? '') }); });
  return out;
}

function summaryOf(v: PayoutRowValues, pageUrl: (rowId: string) => string): PayoutSummary {
  return payoutSummary(v, { deposit: depositUrl, row: rowUrl(v.rowId), page: pageUrl(v.rowId) });
}

/** A deposit's ticked payment lines and its cash-back and other lines (10 units). */
function readDeposit(id: string): DepositRead {
  const dep = record.load({ type: 'deposit', id });
  const get = (sublistId: string, fieldId: string, line: number) => dep.getSublistValue({ sublistId, fieldId, line });
  const payments: DepositRead['payments'] = [];
  for (let line = 0; line < dep.getLineCount({ sublistId: 'payment' }); line++) {
    const ticked = get('payment', 'deposit', line);
    if (ticked !== true && ticked !== 'T') continue;
    const brings = get('payment', 'paymentamount', line);
    payments.push({
      transactionId: String(get('payment', 'id', line)), type: String(get('payment', 'type', line) ?? ''), entity: String(get('payment', 'entity', line) ?? ''),
      amount: Number(brings === '' || brings === null || brings === undefined ? get('payment', 'amount', line) : brings),
    });
  }
  const money: DepositRead['money'] = [];
  for (const [sublistId, sign] of [['other', 1], ['cashback', -1]] as const) {
    for (let line = 0; line < dep.getLineCount({ sublistId }); line++) {
      money.push({ account: String(get(sublistId, 'account', line)), amount: sign * Number(get(sublistId, 'amount', line) || 0), memo: String(get(sublistId, 'memo', line) ?? '') });
    }
  }
  return { id, url: depositUrl(id), total: Number(dep.getValue({ fieldId: 'total' }) || 0), currency: String(dep.getValue({ fieldId: 'currency' }) ?? ''), payments, money };
}

/** The Stripe id and memo of each transaction on the deposits (a search page per 1,000). */
function readTransactions(ids: string[]): Map<string, TransactionRead> {
  const out = new Map<string, TransactionRead>();
  if (!ids.length) return out;
  eachResult(search.create({
    type: 'transaction',
    filters: [['mainline', 'is', 'T'], 'AND', ['internalid', 'anyof', ...ids]],
    columns: [TRANSACTION.stripeId, 'memo', 'recordtype'],
  }), (r) => {
    out.set(r.id, { id: r.id, stripeId: String(r.getValue(TRANSACTION.stripeId) ?? ''), memo: String(r.getValue('memo') ?? ''), url: url.resolveRecord({ recordType: String(r.getValue('recordtype') || r.recordType), recordId: r.id }) });
  });
  return out;
}

/** The ledger rows of these charges (a search per CHARGES_PER_SEARCH charges). */
function readLedger(chargeIds: string[]): Map<string, LedgerRead> {
  const out = new Map<string, LedgerRead>();
  for (let i = 0; i < chargeIds.length; i += CHARGES_PER_SEARCH) {
    const terms: unknown[] = [];
    for (const id of chargeIds.slice(i, i + CHARGES_PER_SEARCH)) terms.push(...(terms.length ? ['OR'] : []), [PAYMENT.chargeId, 'is', id]);
    eachResult(search.create({ type: RECORD.payment, filters: terms, columns: [PAYMENT.chargeId, PAYMENT.customer, PAYMENT.posted, PAYMENT.posting] }), (r) => {
      const chargeId = String(r.getValue(PAYMENT.chargeId) ?? '');
      out.set(chargeId, ledgerRead({ chargeId, customer: r.getText(PAYMENT.customer) || String(r.getValue(PAYMENT.customer) ?? ''), invoice: '', posted: String(r.getValue(PAYMENT.posted) ?? ''), posting: String(r.getValue(PAYMENT.posting) ?? '') }));
    });
  }
  // the invoices the payments paid, by their numbers (one search page per 1,000)
  const invoices = [...new Set([...out.values()].map((l) => l.posted.invoice || '').filter(Boolean))];
  if (invoices.length) {
    const numbers = new Map<string, string>();
    eachResult(search.create({ type: 'transaction', filters: [['mainline', 'is', 'T'], 'AND', ['internalid', 'anyof', ...invoices]], columns: ['tranid'] }), (r) => { numbers.set(r.id, String(r.getValue('tranid') ?? '')); });
    for (const l of out.values()) if (l.posted.invoice) l.invoice = numbers.get(l.posted.invoice) || l.posted.invoice;
  }
  return out;
}

/** The names of the accounts the deposits' money lines go to (one search page). */
function accountNames(ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (ids.length) eachResult(search.create({ type: 'account', filters: [['internalid', 'anyof', ...ids]], columns: ['name'] }), (r) => { out.set(r.id, String(r.getValue('name') ?? '')); });
  return out;
}

/** One payout's deposits, line by line, and its tie-out; undefined when there is no such payout row. */
export function readPayoutDetail(rowId: string, pageUrl: (rowId: string) => string): PayoutDetail | undefined {
  const row: Record<string, unknown> = search.lookupFields({ type: RECORD.payout, id: rowId, columns: [...ROW_COLUMNS, PAYOUT.config] });
  if (!Object.keys(row).length) return undefined;
  const t = (c: string) => lookupText(row[c]);
  const payout = summaryOf({ rowId, payoutId: t(PAYOUT.id), amount: t(PAYOUT.amount), currency: t(PAYOUT.currency), arrival: t(PAYOUT.arrival), status: t(PAYOUT.status), depositIds: t(PAYOUT.deposit), posting: t(PAYOUT.posting), posted: t(PAYOUT.posted) }, pageUrl);
  const configId = t(PAYOUT.config);
  const fee = configId ? lookupText((search.lookupFields({ type: RECORD.config, id: configId, columns: [CONFIG.feeAccount] }) as Record<string, unknown>)[CONFIG.feeAccount]) : '';
  const deposits = payout.deposits.slice(0, DEPOSIT_LIMIT).map((d) => readDeposit(d.id));
  const names = accountNames([...new Set(deposits.flatMap((d) => d.money.map((m) => m.account)))]);
  const transactions = readTransactions([...new Set(deposits.flatMap((d) => d.payments.map((l) => l.transactionId)))]);
  const charges = new Set<string>();
  for (const tx of transactions.values()) {
    const charge = /^(ch|py)_/.test(tx.stripeId) ? tx.stripeId : chargeInMemo(tx.memo);
    if (charge) charges.add(charge);
  }
  const ledger = readLedger([...charges]);
  return payoutDetail(payout, deposits, transactions, (id) => ledger.get(id), { fee, names: (id) => names.get(id) || `account ${id}` }, (entity) => (entity ? `customer ${entity}` : ''));
}

/** The Suitelet's own ids (its links point back to it). */
export const RECONCILE_SCRIPT = { scriptId: 'customscript_pp_sl_reconcile', deploymentId: 'customdeploy_pp_sl_reconcile' } as const;

/** This page's URL, for one payout or (no id) the list. */
export function reconcileUrl(rowId?: string): string {
  return url.resolveScript({ ...RECONCILE_SCRIPT, ...(rowId ? { params: { payout: rowId } } : {}) });
}
