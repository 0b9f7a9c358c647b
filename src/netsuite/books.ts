/**
 * The books on N/*: customer payments (applied to the invoice a charge names), credit memos and
 * customer refunds, each found again by its external id before anything is created, and the ledger
 * row told what was posted or why not.
 */
import * as format from 'N/format';
import * as record from 'N/record';
import * as search from 'N/search';
import { BookRow, describePostingFailure, InvoiceTax, parsePosted, Posted, PostingError, postingSteps, refundCreditLines, refundSplit, Step } from '../core/books';
import { PayPackConfig } from '../core/config';
import { PAYMENT, RECORD, TRANSACTION } from '../core/ids';
import { parseMovements } from '../core/payments';
import { lookupText } from './field-values';
import { writeSyncLog } from './sync-records';

/** What posting needs of the account, read once per run and config (getInputData). */
export interface BooksContext {
  configId: string;
  postFromEpoch: number;
  paymentMethodId: string;
  undepositedFunds: string;
  /** Lower-case ISO code -> NetSuite currency internal id. */
  currencies: Record<string, string>;
  /** The item a refund's credit memo credits ('' when the config names none). */
  refundItem: string;
  /** The subsidiaries the config serves (empty: every one no other config names). */
  subsidiaries: string[];
}

function first(type: string, filters: unknown[], columns: string[] = ['internalid']): search.Result | undefined {
  return search.create({ type, filters, columns }).run().getRange({ start: 0, end: 1 })[0];
}

/** Undeposited Funds: NetSuite's own Other Current Asset account of that name. */
const UNDEPOSITED_FUNDS = 'Undeposited Funds';

/**
 * The config's books context, or what is missing in words for the admin (the config user event
 * refuses the same when the config is saved).
 */
export function booksContext(config: PayPackConfig): BooksContext | { problem: string } {
  const b = config.books;
  const where = `PayPack Config ${config.name}`;
  // a date that cannot be read stops posting: never read as "from the beginning of time"
  if (b.postFromUnreadable !== undefined) return { problem: `${where}: Post From "${b.postFromUnreadable}" cannot be read as a date, so nothing is posted for it. Enter Post From again on the config.` };
  if (b.postFrom === undefined) return { problem: `${where} has Post to NetSuite Transactions checked but no Post From date: set the day from which Stripe charges are posted.` };
  const method = b.paymentMethod ? first('paymentmethod', [['name', 'is', b.paymentMethod], 'AND', ['isinactive', 'is', 'F']]) : undefined;
  if (!method) return { problem: `${where}: NetSuite has no active payment method named "${b.paymentMethod}". Create it (Setup > Accounting > Accounting Lists > New > Payment Method) or name an existing one in Payment Method Name.` };
  const uf = first('account', [['name', 'is', UNDEPOSITED_FUNDS]]);
  if (!uf) return { problem: `${where}: NetSuite has no account named ${UNDEPOSITED_FUNDS}, where PayPack puts Stripe's customer payments until their payout's deposit. Check Setup > Accounting > Chart of Accounts.` };
  const currencies: Record<string, string> = {};
  search.create({ type: 'currency', filters: [], columns: ['symbol'] }).run().each((r) => { currencies[String(r.getValue('symbol')).toLowerCase()] = r.id; return true; });
  return { configId: config.id, subsidiaries: config.subsidiaries || [], postFromEpoch: b.postFrom, paymentMethodId: method.id, undepositedFunds: uf.id, currencies, refundItem: b.refundItem || '' };
}

/**
 * When a config is saved with Post to NetSuite Transactions checked: what posting needs must be
 * there, or the save is refused with what to set (the config record itself: its values as entered).
 */
export function booksSettingsProblem(config: Pick<PayPackConfig, 'name'> & { books: PayPackConfig['books'] }): string | undefined {
  if (!config.books.post) return undefined;
  const ctx = booksContext({ ...(config as PayPackConfig), id: '' });
  return 'problem' in ctx ? ctx.problem : undefined;
}

/** Item types a refund's credit memo may credit: no stock, an income account of its own (Item search `type`). */
const REFUND_ITEM_TYPES = new Set(['NonInvtPart', 'OthCharge']);

/** What is wrong with the Refund Item a config names, in words for the admin; undefined when none is named or it will do. */
export function refundItemProblem(configName: string, itemId: string): string | undefined {
  if (!itemId) return undefined;
  const found = search.lookupFields({ type: 'item', id: itemId, columns: ['type', 'itemid', 'isinactive'] });
  const type = lookupText(found.type);
  const name = String(found.itemid || itemId);
  if (!type) return `PayPack Config ${configName}: NetSuite has no item ${itemId} for Refund Item.`;
  if (!REFUND_ITEM_TYPES.has(type)) {
    return `PayPack Config ${configName}: Refund Item ${name} is ${Array.isArray(found.type) ? `an item of type ${String((found.type[0] as { text?: string }).text || type)}` : `a ${type} item`}. Choose a non-inventory or other-charge item for sale (Lists > Accounting > Items > New): a refund's credit memo credits it, so it must move no stock and post to an income account.`;
  }
  if (found.isinactive === true || found.isinactive === 'T') return `PayPack Config ${configName}: Refund Item ${name} is inactive. Choose an active non-inventory or other-charge item.`;
  return undefined;
}

const ROW_COLUMNS = [PAYMENT.chargeId, PAYMENT.customer, PAYMENT.amount, PAYMENT.currency, PAYMENT.status, PAYMENT.nsInvoice, PAYMENT.movements, PAYMENT.posted, PAYMENT.posting, PAYMENT.readAt];

/** `readAt`: when PayPack last wrote Stripe's state on the row, as getInputData read it. */
export interface RowToPost extends BookRow { postingNote: string; createdText: string; readAt: number }

/** The config's ledger rows whose Stripe state changed since the books last looked (one search page per 1,000). */
export function rowsToPost(configId: string): RowToPost[] {
  const out: RowToPost[] = [];
  const paged = search.create({ type: RECORD.payment, filters: [[PAYMENT.config, 'anyof', configId], 'AND', [PAYMENT.toPost, 'is', 'T']], columns: [...ROW_COLUMNS, PAYMENT.created] }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const r of paged.fetch({ index: range.index }).data) {
      const createdText = String(r.getValue(PAYMENT.created) || '');
      const created = createdText ? format.parse({ value: createdText, type: format.Type.DATETIMETZ }) : '';
      out.push({
        rowId: r.id, chargeId: String(r.getValue(PAYMENT.chargeId)), customerId: String(r.getValue(PAYMENT.customer)),
        amount: Number(r.getValue(PAYMENT.amount) || 0), currency: String(r.getValue(PAYMENT.currency) || ''),
        // NaN when unreadable: postCharge then posts nothing and says so (never "created at the epoch")
        created: created instanceof Date ? Math.floor(created.getTime() / 1000) : NaN, createdText,
        status: String(r.getValue(PAYMENT.status) || ''), nsInvoiceId: String(r.getValue(PAYMENT.nsInvoice) || ''),
        movements: parseMovements(r.getValue(PAYMENT.movements)) || { refunds: [] }, posted: parsePosted(r.getValue(PAYMENT.posted)),
        postingNote: String(r.getValue(PAYMENT.posting) || ''), readAt: Number(r.getValue(PAYMENT.readAt) || 0),
      });
    }
  }
  return out;
}

/** Transaction search `type` of what PayPack posts, by record type. */
const SEARCH_TYPE: Record<string, string> = { customerpayment: 'CustPymt', customerrefund: 'CustRfnd', creditmemo: 'CustCred', invoice: 'CustInvc', deposit: 'Deposit', journalentry: 'Journal' };

/**
 * A transaction PayPack posted, found by its external id (one search). It must be of the record type
 * PayPack would have made: another transaction holding that external id (a journal imported by hand,
 * say) is refused, never taken as the payment, refund or deposit.
 */
export function findPosted(externalId: string, recordType: keyof typeof SEARCH_TYPE): string | undefined {
  const found = first('transaction', [['externalidstring', 'is', externalId], 'AND', ['mainline', 'is', 'T']], ['type']);
  if (!found) return undefined;
  const type = String(found.getValue('type'));
  if (type !== SEARCH_TYPE[recordType]) {
    throw new PostingError(`NetSuite transaction ${found.id} (${String(found.getText('type') || type)}) has the external id ${externalId} that PayPack gives its ${recordType}; PayPack does not take it as its own. Change that transaction's external id (or delete it if it was imported by mistake); the next run posts.`);
  }
  return found.id;
}

/** Save a new transaction under its external id; one that a concurrent run saved first is taken instead. */
export function saveOnce(rec: record.Record, externalId: string): string {
  rec.setValue({ fieldId: 'externalid', value: externalId });
  try {
    return String(rec.save());
  } catch (e) {
    if ((e as { name?: string }).name !== 'DUP_RCRD') throw e;
    const id = findPosted(externalId, rec.type as keyof typeof SEARCH_TYPE);
    if (!id) throw e;
    return id;
  }
}

/** Does the customer payment apply to the invoice? */
function paidInvoice(paymentId: string, invoiceId: string): boolean {
  const pay = record.load({ type: 'customerpayment', id: Number(paymentId) });
  const line = pay.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: Number(invoiceId) });
  return line >= 0 && pay.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line }) === true;
}

interface Posting { ctx: BooksContext; row: BookRow; posted: Posted; notes: string[]; configName: string }

/**
 * A new payment or refund of the customer is NetSuite's in the customer's primary subsidiary; a
 * customer this config serves through another of its subsidiaries (a customer link) has its Stripe
 * money there: that subsidiary, so its payout's bank (of that subsidiary) can take it (one search).
 */
function inServedSubsidiary(rec: record.Record, ctx: BooksContext, customerId: string): void {
  const sourced = String(rec.getValue({ fieldId: 'subsidiary' }) || '');
  if (!ctx.subsidiaries.length || !sourced || ctx.subsidiaries.includes(sourced)) return;
  const served = first('customersubsidiaryrelationship', [['entity', 'anyof', customerId], 'AND', ['subsidiary', 'anyof', ...ctx.subsidiaries]], ['subsidiary']);
  if (served) rec.setValue({ fieldId: 'subsidiary', value: String(served.getValue('subsidiary')) });
}

/**
 * A new customer payment of the customer in the charge's currency, in the subsidiary this config
 * serves the customer in. Dynamic mode: the customer sources its subsidiary at once (standard mode
 * sources nothing until the save), which inServedSubsidiary reads.
 */
function newPayment(ctx: BooksContext, customerId: string, currency: string): record.Record {
  const rec = record.create({ type: 'customerpayment', isDynamic: true });
  rec.setValue({ fieldId: 'customer', value: customerId });
  inServedSubsidiary(rec, ctx, customerId);
  rec.setValue({ fieldId: 'currency', value: currency });
  return rec;
}

/** What every payment PayPack posts carries: the amount into Undeposited Funds, the config's payment method, the Stripe id. */
function fillPayment(rec: record.Record, ctx: BooksContext, amount: number, dated: Date, memo: string, stripeId: string): void {
  // applied as PayPack ticks it, never to the oldest invoices: Auto Apply's default is the account's, not PayPack's
  rec.setValue({ fieldId: 'autoapply', value: false });
  rec.setValue({ fieldId: 'payment', value: amount });
  rec.setValue({ fieldId: 'trandate', value: dated });
  rec.setValue({ fieldId: 'undepfunds', value: true });
  rec.setValue({ fieldId: 'paymentmethod', value: ctx.paymentMethodId });
  rec.setValue({ fieldId: 'memo', value: memo });
  rec.setValue({ fieldId: TRANSACTION.stripeId, value: stripeId });
}

/** A customer payment into Undeposited Funds: applied to the invoice the charge names when it can be. */
function postPayment(p: Posting, step: Extract<Step, { kind: 'payment' }>, currency: string, dated: Date): string {
  const { ctx, row } = p;
  let rec: record.Record | undefined;
  let applied = 0;
  const invoiceId = step.nsInvoiceId;
  if (invoiceId) {
    let inv: Record<string, unknown> | undefined;
    // the amount due in the invoice's own currency (`amountremaining` is in the base currency)
    try { inv = search.lookupFields({ type: 'invoice', id: invoiceId, columns: ['entity', 'currency', 'fxamountremaining', 'tranid'] }); } catch { inv = undefined; }
    const due = Number(inv?.fxamountremaining || 0);
    const name = inv ? String(inv.tranid || invoiceId) : invoiceId;
    if (!inv) p.notes.push(`NetSuite has no invoice ${invoiceId} (metadata netsuite_invoice_id): the payment stays unapplied as the customer's credit`);
    else if (lookupText(inv.entity) !== row.customerId) p.notes.push(`invoice ${name} belongs to another customer: the payment stays unapplied as the customer's credit`);
    else if (lookupText(inv.currency) !== currency) p.notes.push(`invoice ${name} is in another currency than the charge (${row.currency.toUpperCase()}): the payment stays unapplied as the customer's credit; apply it by hand`);
    else if (due <= 0) p.notes.push(`invoice ${name} was already paid: the payment stays unapplied as the customer's credit`);
    else {
      rec = record.transform({ fromType: 'invoice', fromId: Number(invoiceId), toType: 'customerpayment' });
      const line = rec.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: Number(invoiceId) });
      applied = Math.min(due, step.amount);
      rec.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
      rec.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: applied });
      p.posted.invoice = invoiceId;
      p.notes.push(`applied ${applied} to invoice ${name}${applied < step.amount ? `; ${Math.round((step.amount - applied) * 100) / 100} stays unapplied as the customer's credit` : ''}`);
    }
  }
  // what stays the customer's credit, kept for the reconciliation page and the unapplied-credit search
  const left = Math.round((step.amount - applied) * 1000) / 1000;
  if (left > 0) p.posted.unapplied = left;
  if (!rec) rec = newPayment(ctx, row.customerId, currency);
  fillPayment(rec, ctx, step.amount, dated, step.memo, step.stripeId);
  return saveOnce(rec, step.externalId);
}

/** How the invoice a credit memo was made from was taxed: its header tax rate (US) or each line's tax code, as the credit memo carries them. */
function invoiceTax(cm: record.Record): InvoiceTax {
  const percent = (v: unknown) => Number(String(v ?? '').replace('%', '')) / 100 || 0;
  const header = cm.getValue({ fieldId: 'taxitem' }) ? percent(cm.getValue({ fieldId: 'taxrate' })) : undefined;
  const lines: InvoiceTax['lines'] = [];
  for (let line = 0; line < cm.getLineCount({ sublistId: 'item' }); line++) {
    const value = (fieldId: string) => cm.getSublistValue({ sublistId: 'item', fieldId, line });
    // group, end-of-group, subtotal and description lines bill nothing of their own
    if (['Group', 'EndGroup', 'Subtotal', 'Description'].includes(String(value('itemtype')))) continue;
    const taxable = value('istaxable') === true || value('istaxable') === 'T';
    lines.push({ amount: Number(value('amount')) || 0, tax: Number(value('tax1amt')) || 0, taxcode: String(value('taxcode') || ''), taxable, rate: percent(value('taxrate1')) });
  }
  // the totals NetSuite shows on the credit memo as made from the invoice, in the invoice's currency
  const total = (fieldId: string) => { const v = cm.getValue({ fieldId }); return v === '' || v === null || v === undefined ? undefined : Number(v); };
  const known = Object.fromEntries(['subtotal', 'discounttotal', 'shippingcost', 'taxtotal'].map((f) => [f, total(f)]).filter(([, v]) => v !== undefined && Number.isFinite(v)));
  const shippingtaxcode = String(cm.getValue({ fieldId: 'shippingtaxcode' }) || '');
  return { ...(header !== undefined ? { headerRate: header } : {}), lines, ...known, ...(shippingtaxcode ? { shippingtaxcode } : {}) };
}

/**
 * A credit memo from the paid invoice for `amount`: the invoice's lines give way to the config's
 * refund item, taxed as the invoice was (net and tax add up to the refund), with no header discount,
 * shipping or stock movement; left open for the refund to take.
 */
function postCreditMemo(p: Posting, step: Extract<Step, { kind: 'refund' }>, amount: number, dated: Date): string {
  const { ctx, posted } = p;
  const cm = record.transform({ fromType: 'invoice', fromId: Number(posted.invoice), toType: 'creditmemo' });
  const plan = refundCreditLines(amount, invoiceTax(cm));
  for (let i = cm.getLineCount({ sublistId: 'item' }) - 1; i >= 0; i--) cm.removeLine({ sublistId: 'item', line: i });
  plan.lines.forEach((l, line) => {
    cm.insertLine({ sublistId: 'item', line });
    const set = (fieldId: string, value: string | number | boolean) => cm.setSublistValue({ sublistId: 'item', fieldId, line, value });
    set('item', ctx.refundItem);
    set('quantity', 1);
    set('rate', l.amount);
    set('amount', l.amount);
    if (l.taxcode) set('taxcode', l.taxcode);
    if (l.taxable !== undefined) set('istaxable', l.taxable);
  });
  for (const fieldId of ['discountitem', 'discountrate', 'shipmethod', 'shippingcost', 'shippingtaxcode']) cm.setValue({ fieldId, value: '' });
  for (let i = 0; i < cm.getLineCount({ sublistId: 'apply' }); i++) cm.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line: i, value: false });
  cm.setValue({ fieldId: 'trandate', value: dated });
  cm.setValue({ fieldId: 'memo', value: step.memo });
  cm.setValue({ fieldId: TRANSACTION.stripeId, value: step.stripeId });
  return saveOnce(cm, step.creditMemoExternalId);
}

/**
 * A customer refund out of Undeposited Funds: from what the payment left unapplied, and for the
 * rest a credit memo made from the invoice the payment paid (revenue, tax and the invoice stay right).
 */
function postRefund(p: Posting, step: Extract<Step, { kind: 'refund' }>, currency: string, dated: Date): string {
  const { ctx, row, posted } = p;
  const paymentId = posted.done[row.chargeId];
  if (!paymentId) throw new PostingError(`${step.memo} was not posted: the charge's customer payment is not posted yet.`);
  // what the payment has left unapplied: a body field of the payment (the Transaction search has no such column)
  const unapplied = Number(record.load({ type: 'customerpayment', id: paymentId }).getValue({ fieldId: 'unapplied' }) || 0);
  const split = refundSplit(step.amount, unapplied);
  let creditMemo = '';
  if (split.fromCreditMemo > 0) {
    if (!posted.invoice) throw new PostingError(`${step.memo} (${step.amount} ${row.currency.toUpperCase()}) was not posted: its payment has only ${unapplied} left to refund and paid no invoice PayPack could credit. Refund the rest by hand.`);
    if (!ctx.refundItem) throw new PostingError(`${step.memo} (${step.amount} ${row.currency.toUpperCase()}) was not posted: PayPack Config ${p.configName} has no Refund Item, the item the credit memo for a paid invoice credits. Choose a non-inventory or other-charge item in Refund Item on the config; the next run of PayPack Payments Import posts it.`);
    creditMemo = postCreditMemo(p, step, split.fromCreditMemo, dated);
  }
  // dynamic mode: the customer lists the open payments and credit memos to refund at once (standard mode lists nothing until the save)
  const refund = record.create({ type: 'customerrefund', isDynamic: true });
  refund.setValue({ fieldId: 'customer', value: row.customerId });
  inServedSubsidiary(refund, ctx, row.customerId);
  refund.setValue({ fieldId: 'currency', value: currency });
  refund.setValue({ fieldId: 'account', value: ctx.undepositedFunds });
  refund.setValue({ fieldId: 'paymentmethod', value: ctx.paymentMethodId });
  refund.setValue({ fieldId: 'trandate', value: dated });
  refund.setValue({ fieldId: 'memo', value: step.memo });
  refund.setValue({ fieldId: TRANSACTION.stripeId, value: step.stripeId });
  const apply = (doc: string, amount: number) => {
    const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: Number(doc) });
    if (line < 0) throw new PostingError(`${step.memo} was not posted: NetSuite lists nothing open on transaction ${doc} to refund.`);
    refund.selectLine({ sublistId: 'apply', line });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'amount', value: amount });
    refund.commitLine({ sublistId: 'apply' });
  };
  if (split.fromPayment > 0) apply(paymentId, split.fromPayment);
  if (creditMemo) apply(creditMemo, split.fromCreditMemo);
  const id = saveOnce(refund, step.externalId);
  return creditMemo ? `${id},${creditMemo}` : id;
}

/**
 * A refund Stripe could not pay after it was posted, or a dispute's withdrawn funds Stripe reinstated
 * (won): the money is back in Stripe's balance, so what the refund (or withdrawal) posted is reversed.
 * A customer payment of the amount into Undeposited Funds (the payout carrying Stripe's
 * `refund_failure` or dispute reversal finds it) is applied to an invoice with the lines of the
 * refund's credit memo, which gives back the revenue and tax the credit memo took; what the refund took
 * from the payment's credit is the customer's credit again. The customer owes what they owed before the
 * refund, and the invoice the charge paid stays as it was (still due whatever the charge left due).
 */
function postReversal(p: Posting, step: Extract<Step, { kind: 'refund failure' | 'reinstatement' }>, currency: string, dated: Date): string {
  const { ctx, row } = p;
  const creditMemo = String(p.posted.done[step.refundId] || '').split(',')[1] || '';
  let invoice = '';
  let restored = 0;
  if (creditMemo) {
    const cm = record.load({ type: 'creditmemo', id: creditMemo });
    restored = Number(cm.getValue({ fieldId: 'total' }) || 0);
    invoice = findPosted(step.invoiceExternalId, 'invoice') || '';
    if (!invoice) {
      const inv = record.create({ type: 'invoice' });
      inv.setValue({ fieldId: 'entity', value: row.customerId });
      // in the subsidiary of the credit memo it reverses (the paid invoice's), as the payment applied to it must be
      if (cm.getValue({ fieldId: 'subsidiary' })) inv.setValue({ fieldId: 'subsidiary', value: String(cm.getValue({ fieldId: 'subsidiary' })) });
      inv.setValue({ fieldId: 'currency', value: currency });
      inv.setValue({ fieldId: 'trandate', value: dated });
      inv.setValue({ fieldId: 'memo', value: step.memo });
      inv.setValue({ fieldId: TRANSACTION.stripeId, value: step.refundId });
      // taxed as the credit memo was: its header tax item (US sales tax) and each line's tax code
      if (cm.getValue({ fieldId: 'taxitem' })) inv.setValue({ fieldId: 'taxitem', value: cm.getValue({ fieldId: 'taxitem' }) as string });
      for (let i = 0; i < cm.getLineCount({ sublistId: 'item' }); i++) {
        const value = (fieldId: string) => cm.getSublistValue({ sublistId: 'item', fieldId, line: i });
        const set = (fieldId: string, v: string | number | boolean) => inv.setSublistValue({ sublistId: 'item', fieldId, line: i, value: v });
        set('item', String(value('item')));
        set('quantity', Number(value('quantity')) || 1);
        set('rate', Number(value('rate') ?? value('amount')) || 0);
        set('amount', Number(value('amount')) || 0);
        if (value('taxcode')) set('taxcode', String(value('taxcode')));
        if (value('istaxable') !== undefined && value('istaxable') !== '') set('istaxable', value('istaxable') === true || value('istaxable') === 'T');
      }
      invoice = saveOnce(inv, step.invoiceExternalId);
    }
  }
  let pay: record.Record;
  if (invoice) {
    pay = record.transform({ fromType: 'invoice', fromId: Number(invoice), toType: 'customerpayment' });
    const line = pay.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: Number(invoice) });
    pay.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
    pay.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: Math.min(restored, step.amount) });
  } else {
    pay = newPayment(ctx, row.customerId, currency);
  }
  fillPayment(pay, ctx, step.amount, dated, step.memo, step.refundId);
  const id = saveOnce(pay, step.externalId);
  return invoice ? `${id},${invoice}` : id;
}

/** A refusal NetSuite states about the transaction (not a governance stop): said on the row, tried again by the next run. */
export function isRefusal(e: unknown): boolean {
  const err = e as { name?: string; type?: string };
  return e instanceof PostingError || (err?.type === 'error.SuiteScriptError' && err.name !== 'SSS_USAGE_LIMIT_EXCEEDED');
}

export type PostOutcome = 'posted' | 'nothing to post' | 'not posted';

/**
 * Post what the charge still lacks, in order, and tell its ledger row (one write). A step NetSuite
 * refuses stops the rest; the row keeps what was posted, says why and what to do, and stays marked
 * so the next run tries again (the sync log hears of each new reason once).
 */
export function postCharge(ctx: BooksContext, row: RowToPost, configName: string): PostOutcome {
  // a row whose Stripe time cannot be read is not compared with Post From at all: it waits, and says why
  const unreadable = !Number.isFinite(row.created);
  const steps = unreadable ? [] : postingSteps(row, ctx.postFromEpoch);
  const p: Posting = { ctx, row, posted: { done: { ...row.posted.done }, ...(row.posted.invoice ? { invoice: row.posted.invoice } : {}), ...(row.posted.unapplied ? { unapplied: row.posted.unapplied } : {}) }, notes: [], configName };
  let failure = unreadable ? `Stripe charge ${row.chargeId} was not posted: its Stripe time ("${row.createdText}") cannot be read, so PayPack cannot tell whether it is on or after Post From. Sync the charge again (its PayPack Stripe Payment row is rewritten from Stripe) or post it by hand.` : '';
  const currency = ctx.currencies[row.currency];
  for (const step of steps) {
    // when Stripe moved the money (a refund failure: the run's day, as Stripe gives no time for it)
    const dated = new Date((step.dated ?? Date.now() / 1000) * 1000);
    try {
      if (!currency) throw new PostingError(`${step.memo} was not posted: NetSuite has no currency ${row.currency.toUpperCase()}. Add it (Lists > Accounting > Currencies); the next run of PayPack Payments Import posts it.`);
      // found again by its external id before anything is made: a run that died after saving never posts twice
      const found = findPosted(step.externalId, step.kind === 'refund' ? 'customerrefund' : 'customerpayment');
      if (found) {
        p.posted.done[step.stripeId] = found;
        // the invoice is the payment's only if the payment found again was applied to it (10 units, only on this path)
        if (step.kind === 'payment' && step.nsInvoiceId && paidInvoice(found, step.nsInvoiceId)) p.posted.invoice = step.nsInvoiceId;
        continue;
      }
      p.posted.done[step.stripeId] = step.kind === 'refund' ? postRefund(p, step, currency, dated)
        : step.kind === 'payment' ? postPayment(p, step, currency, dated) : postReversal(p, step, currency, dated);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      const day = format.format({ value: dated, type: format.Type.DATE });
      failure = describePostingFailure(e, step.memo, row.customerId, row.currency, day);
      break;
    }
  }
  const transaction = p.posted.done[row.chargeId] || '';
  const summary = Object.keys(p.posted.done).length ? `Posted: ${Object.entries(p.posted.done).map(([k, v]) => `${k} as transaction ${v}`).join('; ')}.` : '';
  const note = [failure, summary, ...p.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`)].filter(Boolean).join(' ').slice(0, 3900);
  // a refund or dispute written on the row after getInputData read it (a webhook delivery while the job
  // runs) was not in this run's steps: the row stays marked, so the next run posts it (1 unit)
  const changedSince = Number(search.lookupFields({ type: RECORD.payment, id: row.rowId, columns: [PAYMENT.readAt] })[PAYMENT.readAt] || 0) > row.readAt;
  record.submitFields({
    type: RECORD.payment, id: row.rowId,
    values: { [PAYMENT.posted]: JSON.stringify(p.posted), [PAYMENT.transaction]: transaction, [PAYMENT.posting]: note, [PAYMENT.toPost]: !!failure || changedSince },
  });
  if (failure && failure !== row.postingNote.split(' Posted:')[0]) {
    writeSyncLog({ source: 'payments', configId: ctx.configId, customerId: row.customerId, stripeId: row.chargeId, outcome: 'failed', message: `${failure} (PayPack Config ${configName})` });
  }
  if (failure) return 'not posted';
  return steps.length ? 'posted' : 'nothing to post';
}
