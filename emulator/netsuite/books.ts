/**
 * The account's books, as NetSuite keeps them for the transactions PayPack posts: invoices, customer
 * payments, credit memos, customer refunds, bank deposits and journal entries. Each save checks what NetSuite checks (the customer's
 * currencies, a closed period, apply amounts against what is open), computes what NetSuite computes
 * (totals, amount due, unapplied amounts, status) and posts the transaction's general ledger lines,
 * so a test reads what an accountant reads: account balances, each customer's A/R, each invoice's
 * amount due. A transaction's own fields are in its currency; its general ledger lines are in its
 * subsidiary's base currency (at its exchange rate), with the amount in the transaction's currency beside
 * them, and what two rates leave apart (a payment applied to an invoice at another rate, a deposit
 * bringing in another amount than its payments were booked at) goes to Realized Gain/Loss, as NetSuite
 * books it (Oracle help: "Currency Exchange Rates", "Realized and Unrealized Gains and Losses", "Making
 * Deposits"). In a OneWorld account every transaction names a subsidiary: a customer's one of that
 * customer's, a deposit or journal entry one its bank account belongs to (Oracle help: "OneWorld", "Subsidiaries").
 */
import { Currencies } from './currencies';
import { BOOK_TYPES, RecordStore, StoredRecord, Values } from './store';

export { BOOK_TYPES, TRANSACTION_SEARCH_TYPE } from './store';
import { nsError } from './errors';
import { findItem, Items, SalePosting } from './items';


/** Past about this many lines NetSuite cannot save a transaction. */
export const MAX_TRANSACTION_LINES = 10000;


/**
 * A general ledger line: `debit` and `credit` in the base currency of the transaction's subsidiary;
 * `fxamount` (debit positive) in `currency`, the currency the line's money moved in (the
 * transaction's; a deposit's line taking a foreign-currency payment off Undeposited Funds: the
 * payment's). A realized gain or loss line has no foreign amount.
 */
export interface GlLine {
  account: string; debit: number; credit: number; fxamount: number; currency: string; entity?: string; memo?: string;
  /** On an inventory asset line: the item, and the quantity it moves into stock (negative: out). */
  item?: string; quantity?: number;
}

/** NetSuite's system account for exchange differences realized by payments and deposits. */
export const REALIZED_GAIN_LOSS = 'Realized Gain/Loss';

/** A general ledger line of `fx` (debit positive) in `currency`, at `rate` to the base currency. */
function glLine(account: string, fx: number, currency: string, rate: number, extra: { entity?: string; memo?: string; base?: number } = {}): GlLine {
  const base = extra.base ?? round(fx * rate);
  const { entity, memo } = extra;
  return { account, debit: base > 0 ? base : 0, credit: base < 0 ? -base : 0, fxamount: round(fx), currency, ...(entity ? { entity } : {}), ...(memo !== undefined ? { memo } : {}) };
}

/** Money in the smallest unit the books keep (2 decimals; 0 for zero-decimal currencies). */
function round(x: number): number { return Math.round(x * 100) / 100 + 0; } // + 0: no -0
function num(v: unknown): number { const n = Number(v); return Number.isFinite(n) ? n : 0; }
function truthy(v: unknown): boolean { return v === true || v === 'T'; }

/** Accounts and settings the books need (made by `setupBooks`). */
export interface BooksSetup { receivables: number; undepositedFunds: number; gainLoss: number }

export class Books {
  readonly currencies: Currencies;
  constructor(private readonly acct: RecordStore) { this.currencies = new Currencies(acct); }
  private made?: BooksSetup;
  /**
   * What a new customer payment's Auto Apply box (`autoapply`) starts as: off in a new account; a test
   * turns it on for an account whose users keep it checked (Records Browser, customerpayment
   * `autoapply`: the box keeps the setting it was last saved with). Saved checked, a new payment is
   * applied to the customer's oldest open invoices, whatever lines were ticked.
   */
  autoApplyPayments = false;

  /** The A/R and Undeposited Funds accounts: as setupBooks made them, or found again in a restored account. */
  get setup(): BooksSetup | undefined {
    if (this.made) return this.made;
    const accounts = this.acct.all('account');
    const receivables = accounts.find((a) => a.fields.accttype === 'AcctRec');
    const undeposited = accounts.find((a) => a.fields.acctname === 'Undeposited Funds');
    const gainLoss = accounts.find((a) => a.fields.acctname === REALIZED_GAIN_LOSS);
    return receivables && undeposited && gainLoss ? (this.made = { receivables: receivables.id, undepositedFunds: undeposited.id, gainLoss: gainLoss.id }) : undefined;
  }

  set setup(value: BooksSetup | undefined) { this.made = value; }

  private transactions(type?: string): StoredRecord[] {
    return type ? this.acct.all(type) : [...BOOK_TYPES].flatMap((t) => this.acct.all(t));
  }

  /** What is applied to a document (an invoice, a credit memo, a payment) by the other transactions. */
  private appliedTo(docId: string, by: string[]): number {
    let sum = 0;
    for (const t of by) {
      for (const tx of this.acct.all(t)) {
        for (const line of tx.sublists.apply || []) if (truthy(line.apply) && String(line.doc) === docId) sum += num(line.amount);
      }
    }
    return round(sum);
  }

  /** An invoice's amount due: its total less the payments and credit memos applied to it. */
  invoiceDue(invoiceId: string | number): number {
    const inv = this.acct.get('invoice', invoiceId);
    return round(num(inv.fields.total) - this.appliedTo(String(inv.id), ['customerpayment', 'creditmemo']));
  }

  /** What is left of a credit memo or a customer payment to apply or refund. */
  unapplied(type: 'creditmemo' | 'customerpayment', id: string | number): number {
    const tx = this.acct.get(type, id);
    const own = (tx.sublists.apply || []).filter((l) => truthy(l.apply)).reduce((s, l) => s + num(l.amount), 0);
    const total = type === 'creditmemo' ? num(tx.fields.total) : num(tx.fields.payment);
    return round(total - own - this.appliedTo(String(tx.id), ['customerrefund']));
  }

  /**
   * The balance of a general ledger account (debits less credits): in the base currency, or, given a
   * currency, the foreign amounts of its lines in that currency (what moved in it).
   */
  balance(accountId: string | number, currency?: string | number): number {
    let sum = 0;
    for (const tx of this.transactions()) {
      for (const l of (tx.sublists.gl || []) as unknown as GlLine[]) {
        if (String(l.account) !== String(accountId)) continue;
        if (currency === undefined) sum += l.debit - l.credit;
        else if (String(l.currency) === String(currency)) sum += l.fxamount;
      }
    }
    return round(sum);
  }

  /** A transaction's amount in its own currency, as a Transaction search's `fxamount` gives it. */
  private fxAmount(tx: StoredRecord): number {
    if (tx.type === 'customerpayment') return num(tx.fields.payment);
    if (tx.type === 'journalentry') return round(((tx.sublists.gl || []) as unknown as GlLine[]).reduce((s, l) => s + Math.max(l.fxamount, 0), 0));
    return num(tx.fields.total);
  }

  /**
   * The money columns of a Transaction search (and `search.lookupFields`) on a transaction:
   * `amount`, `total`, `amountremaining` in the base currency (at the transaction's exchange rate),
   * `fxamount`, `fxamountremaining` in the transaction's own; undefined for any other column.
   */
  searchColumn(tx: StoredRecord, column: string): number | undefined {
    if (!BOOK_TYPES.has(tx.type)) return undefined;
    const rate = num(tx.fields.exchangerate) || 1;
    const remaining = tx.type === 'invoice' ? num(tx.fields.amountremaining) : undefined;
    switch (column) {
      case 'fxamount': return this.fxAmount(tx);
      case 'amount': case 'total': return round(this.fxAmount(tx) * rate);
      case 'fxamountremaining': return remaining;
      case 'amountremaining': return remaining === undefined ? undefined : round(remaining * rate);
      default: return undefined;
    }
  }

  /** The deposit that took a payment or refund off Undeposited Funds ('' while it waits there). */
  depositOf(transactionId: string | number): string {
    for (const d of this.acct.all('deposit')) {
      if ((d.sublists.payment || []).some((l) => truthy(l.deposit) && String(l.id) === String(transactionId))) return String(d.id);
    }
    return '';
  }

  /**
   * What a deposit's `payment` sublist lists: every customer payment and customer refund in
   * Undeposited Funds that no deposit took yet (but `ownDeposit`, on an edit), with the fields NetSuite
   * gives a line (Records Browser, deposit › payment): `transactionamount` signed as it moves the
   * deposit (a refund is negative), `paymentamount` filled when it is in the deposit's currency.
   */
  depositLines(currency: string, ownDeposit?: number): Values[] {
    const uf = String(this.setup?.undepositedFunds);
    const taken = new Set<string>();
    for (const d of this.acct.all('deposit')) {
      if (d.id === ownDeposit) continue;
      for (const l of d.sublists.payment || []) if (truthy(l.deposit)) taken.add(String(l.id));
    }
    const lines: Values[] = [];
    for (const [type, label, sign, amountField] of [['customerpayment', 'CustPymt', 1, 'payment'], ['customerrefund', 'CustRfnd', -1, 'total']] as const) {
      for (const tx of this.acct.all(type)) {
        if (String(tx.fields.account) !== uf || taken.has(String(tx.id))) continue;
        const amount = round(sign * num(tx.fields[amountField]));
        lines.push({
          id: String(tx.id), type: label, entity: tx.fields.customer, currency: tx.fields.currency, docdate: tx.fields.trandate, docnumber: tx.fields.tranid ?? '', memo: tx.fields.memo ?? '',
          refnum: tx.fields.checknum ?? '', paymentmethod: tx.fields.paymentmethod ?? '',
          transactionamount: amount, paymentamount: String(tx.fields.currency) === currency ? amount : '', deposit: false,
        });
      }
    }
    return lines;
  }

  /** An account's currency (a bank account has one; '' when the account double gave it none). */
  accountCurrency(accountId: unknown): string {
    return String(this.acct.find('account', String(accountId))?.fields.currency ?? '');
  }

  /** What the customer owes (A/R debits less credits of its lines, in the base currency, or in `currency`'s own amounts); negative when it has credit. */
  customerBalance(customerId: string | number, currency?: string | number): number {
    let sum = 0;
    const ar = String(this.setup?.receivables);
    for (const tx of this.transactions()) {
      for (const l of (tx.sublists.gl || []) as unknown as GlLine[]) {
        if (String(l.account) !== ar || String(l.entity) !== String(customerId)) continue;
        if (currency === undefined) sum += l.debit - l.credit;
        else if (String(l.currency) === String(currency)) sum += l.fxamount;
      }
    }
    return round(sum);
  }

  /** The open documents a payment (invoices) or a refund (credit memos, payments) of this customer and currency lists on its apply sublist. */
  applyLines(type: string, customerId: string, currency: string): Values[] {
    const mine = (t: string) => this.acct.all(t).filter((r) => String(r.fields.entity ?? r.fields.customer) === customerId && String(r.fields.currency) === currency);
    if (type === 'customerpayment') {
      return mine('invoice').map((inv) => ({ doc: String(inv.id), trantype: 'CustInvc', refnum: inv.fields.tranid, total: num(inv.fields.total), due: this.invoiceDue(inv.id), apply: false, amount: 0 }))
        .filter((l) => l.due > 0);
    }
    if (type === 'customerrefund') {
      return [
        ...mine('creditmemo').map((cm) => ({ doc: String(cm.id), trantype: 'CustCred', refnum: cm.fields.tranid, total: num(cm.fields.total), due: this.unapplied('creditmemo', cm.id), apply: false, amount: 0 })),
        ...mine('customerpayment').map((p) => ({ doc: String(p.id), trantype: 'CustPymt', refnum: p.fields.tranid, total: num(p.fields.payment), due: this.unapplied('customerpayment', p.id), apply: false, amount: 0 })),
      ].filter((l) => l.due > 0);
    }
    return [];
  }

  /**
   * A payment with Auto Apply checked (Records Browser, customerpayment `autoapply`: "automatically
   * apply payments to the oldest open receivable"): the customer's open invoices of its currency and
   * subsidiary, oldest first (by date, then as entered), each taking what is due until the payment is used up.
   */
  private autoApplied(customerId: string, currency: string, subsidiary: string, payment: number): Values[] {
    const open = this.acct.all('invoice')
      .filter((inv) => String(inv.fields.entity) === customerId && String(inv.fields.currency) === currency && (!subsidiary || String(inv.fields.subsidiary ?? '') === subsidiary))
      .sort((a, b) => (a.fields.trandate as Date).getTime() - (b.fields.trandate as Date).getTime() || a.id - b.id);
    let left = round(payment);
    const lines: Values[] = [];
    for (const inv of open) {
      const due = this.invoiceDue(inv.id);
      if (due <= 0) continue;
      const amount = round(Math.min(due, left));
      left = round(left - amount);
      lines.push({ doc: String(inv.id), trantype: 'CustInvc', refnum: inv.fields.tranid, total: num(inv.fields.total), due, apply: amount > 0, amount });
    }
    return lines;
  }

  /** A transaction made from another, as `record.transform` makes it. */
  transform(fromType: string, fromId: string | number, toType: string): { fields: Values; sublists: Record<string, Values[]> } {
    const src = this.acct.get(fromType, fromId);
    if (fromType === 'invoice' && toType === 'customerpayment') {
      const due = this.invoiceDue(src.id);
      const lines = this.applyLines('customerpayment', String(src.fields.entity), String(src.fields.currency))
        .map((l) => (l.doc === String(src.id) ? { ...l, apply: true, amount: due } : l));
      return { fields: { customer: src.fields.entity, currency: src.fields.currency, subsidiary: src.fields.subsidiary, payment: due, trandate: this.acct.now() }, sublists: { apply: lines } };
    }
    if (fromType === 'invoice' && toType === 'creditmemo') {
      // Creating Credit Memos: the invoice's lines (groups as expanded, quantities, rates, tax codes), its
      // header discount, shipping and tax item come along; the credit memo is applied to the invoice
      const due = this.invoiceDue(src.id);
      const carried = ['item', 'itemtype', 'quantity', 'rate', 'amount', 'taxcode', 'taxrate1', 'tax1amt', 'istaxable', 'description', 'ingroup'];
      const items = (src.sublists.item || []).map((l) => Object.fromEntries(carried.filter((f) => l[f] !== undefined).map((f) => [f, l[f]])));
      // and the totals NetSuite computes for those lines and header (recomputed when the credit memo is saved)
      const header = Object.fromEntries(['discountitem', 'discountrate', 'shipmethod', 'shippingcost', 'shippingtaxcode', 'taxitem', 'taxrate', 'subtotal', 'discounttotal', 'taxtotal', 'total']
        .filter((f) => src.fields[f] !== undefined && src.fields[f] !== '').map((f) => [f, src.fields[f]]));
      const total = num(src.fields.total);
      return {
        fields: { entity: src.fields.entity, currency: src.fields.currency, subsidiary: src.fields.subsidiary, createdfrom: String(src.id), trandate: this.acct.now(), ...header },
        sublists: { item: items, apply: [{ doc: String(src.id), trantype: 'CustInvc', total, due, apply: due > 0, amount: Math.min(due, total) }] },
      };
    }
    throw nsError('INVALID_RCRD_TRANSFORM', `You cannot transform a ${fromType} into a ${toType} in this account.`);
  }

  private customerCurrencies(customerId: string): string[] {
    const c = this.acct.find('customer', customerId);
    if (!c) throw nsError('INVALID_KEY_OR_REF', `Invalid entity reference key ${customerId}.`);
    return [String(c.fields.currency ?? ''), ...(c.sublists.currency || []).map((l) => String(l.currency))].filter(Boolean);
  }

  /** A period closed (or, for A/R transactions, locked for A/R) refuses transactions dated in it. */
  private checkPeriod(trandate: unknown, receivable = true): void {
    const d = trandate instanceof Date ? trandate : this.acct.now();
    for (const p of this.acct.all('accountingperiod')) {
      const start = p.fields.startdate as Date; const end = p.fields.enddate as Date;
      if (start <= d && d < new Date(end.getTime() + 86400000) && ((receivable && truthy(p.fields.arlocked)) || truthy(p.fields.closed))) {
        throw nsError('PERIOD_CLOSED', `The accounting period ${String(p.fields.periodname)} is closed${receivable ? ' to Accounts Receivable' : ''}: a transaction dated in it cannot be saved.`);
      }
    }
  }

  /** An active account; in OneWorld, one the transaction's subsidiary may post to (an account of one subsidiary, a bank account, belongs to it alone). */
  private checkAccount(accountId: unknown, what: string, subsidiary = ''): string {
    const id = String(accountId ?? '');
    if (!id) throw nsError('USER_ERROR', `Please enter value(s) for: ${what}`);
    const a = this.acct.find('account', id);
    if (!a || truthy(a.fields.isinactive)) throw nsError('INVALID_KEY_OR_REF', `Invalid account reference key ${id}.`);
    const own = ([] as unknown[]).concat(a.fields.subsidiary ?? []).map(String).filter(Boolean);
    if (subsidiary && own.length && !own.includes(subsidiary)) throw nsError('INVALID_KEY_OR_REF', `Invalid account reference key ${id} for subsidiary ${subsidiary}.`);
    return id;
  }

  /** The subsidiaries a customer belongs to (its primary one first). */
  private customerSubsidiaries(customerId: string): string[] {
    const primary = String(this.acct.find('customer', customerId)?.fields.subsidiary ?? '');
    const more = this.acct.all('customersubsidiaryrelationship').filter((r) => String(r.fields.entity) === customerId).map((r) => String(r.fields.subsidiary));
    return [...new Set([primary, ...more].filter(Boolean))];
  }

  /**
   * The transaction's subsidiary: for a customer's, the one set (it must be one of the customer's) or
   * the customer's primary one, as NetSuite sources it when the customer is set; in OneWorld it is mandatory.
   */
  private subsidiaryOf(fields: Values, customerId?: string): string {
    let sub = String(fields.subsidiary ?? '');
    if (customerId) {
      const mine = this.customerSubsidiaries(customerId);
      if (!sub) sub = mine[0] ?? '';
      else if (this.currencies.oneWorld && !mine.includes(sub)) {
        throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${sub} for the following field: subsidiary (customer ${customerId} does not belong to it).`);
      }
    }
    if (this.currencies.oneWorld && !sub) throw nsError('USER_ERROR', 'Please enter value(s) for: Subsidiary');
    if (sub && !this.acct.find('subsidiary', sub)) throw nsError('INVALID_KEY_OR_REF', `Invalid subsidiary reference key ${sub}.`);
    return sub;
  }

  /** The transaction's exchange rate to its subsidiary's base currency: the one set on it, or the table's for its date. */
  private rateOf(fields: Values, currency: string, subsidiary: string): number {
    const set = num(fields.exchangerate);
    if (set > 0) return set;
    const date = fields.trandate instanceof Date ? fields.trandate : this.acct.now();
    return this.currencies.rate(this.currencies.baseOf(subsidiary), currency, date);
  }

  /** What the base amounts of the lines leave apart, to Realized Gain/Loss (a credit is a gain), so the entry balances in the base currency. */
  private realize(gl: GlLine[], currency: string, memo: string): GlLine[] {
    const apart = round(gl.reduce((s, l) => s + l.debit - l.credit, 0));
    if (apart) gl.push(glLine(String(this.setup!.gainLoss), 0, currency, 0, { base: -apart, memo }));
    return gl;
  }

  /**
   * A bank deposit: the ticked payment lines come off Undeposited Funds (in their own currency;
   * `paymentamount` is what they bring in the deposit's currency), `other` lines put money in from
   * their account, `cashback` lines take it out to theirs; the bank gets the total.
   */
  private prepareDeposit(fields: Values, sublists: Record<string, Values[]>, id?: number): { fields: Values; sublists: Record<string, Values[]> } {
    const subsidiary = this.subsidiaryOf(fields);
    const bank = this.checkAccount(fields.account, 'Account', subsidiary);
    const currency = this.accountCurrency(bank) || String(fields.currency ?? '');
    if (!currency) throw nsError('USER_ERROR', 'Please enter value(s) for: Currency');
    this.checkPeriod(fields.trandate, false);
    const rate = this.rateOf(fields, currency, subsidiary);
    const open = new Map(this.depositLines(currency, id).map((l) => [String(l.id), l]));
    const ticked = (sublists.payment || []).filter((l) => truthy(l.deposit));
    const others = sublists.other || [];
    const cashback = sublists.cashback || [];
    const lineCount = ticked.length + others.length + cashback.length;
    if (lineCount > MAX_TRANSACTION_LINES) throw nsError('USER_ERROR', `A transaction cannot have more than ${MAX_TRANSACTION_LINES} lines; this deposit has ${lineCount}.`);
    if (!lineCount) throw nsError('USER_ERROR', 'You must enter at least one line item for this transaction.');
    const gl: GlLine[] = [];
    let total = 0;
    const kept: Values[] = [];
    for (const l of ticked) {
      const item = open.get(String(l.id));
      if (!item) throw nsError('INVALID_FLD_VALUE', `Transaction ${String(l.id)} is not in Undeposited Funds waiting for a deposit: it was deposited already, or never went there.`);
      const paid = this.acct.find(item.type === 'CustPymt' ? 'customerpayment' : 'customerrefund', String(l.id))!;
      if (subsidiary && String(paid.fields.subsidiary ?? '') !== subsidiary) {
        throw nsError('INVALID_FLD_VALUE', `Transaction ${String(l.id)} belongs to subsidiary ${String(paid.fields.subsidiary ?? '')}: a deposit of subsidiary ${subsidiary} cannot take it.`);
      }
      const foreign = String(item.currency) !== currency;
      const raw = l.paymentamount;
      if (foreign && (raw === '' || raw === undefined || raw === null)) throw nsError('USER_ERROR', `Please enter value(s) for: Payment Amount (transaction ${String(l.id)} is in another currency than the deposit)`);
      const brings = foreign ? round(num(raw)) : num(item.transactionamount);
      if (foreign && Math.sign(brings) !== Math.sign(num(item.transactionamount))) throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(raw)} for the following field: paymentamount`);
      if (!foreign && raw !== '' && raw !== undefined && round(num(raw)) !== brings) throw nsError('INVALID_FLD_VALUE', `The payment amount of transaction ${String(l.id)} in the deposit's currency is its amount, ${brings}.`);
      total += brings;
      // off Undeposited Funds at what the payment (or refund) was booked at in the base currency
      const moved = num(item.transactionamount);
      gl.push(glLine(String(this.setup!.undepositedFunds), -moved, String(item.currency), num(paid.fields.exchangerate) || 1, { memo: String(item.memo ?? '') }));
      kept.push({ ...item, paymentamount: brings, deposit: true });
    }
    for (const l of others) {
      const account = this.checkAccount(l.account, 'Account (Other Deposits)', subsidiary);
      const amount = round(num(l.amount));
      if (!amount) throw nsError('USER_ERROR', 'Please enter value(s) for: Amount (Other Deposits)');
      total += amount;
      gl.push(glLine(account, -amount, currency, rate, { ...(l.entity ? { entity: String(l.entity) } : {}), memo: String(l.memo ?? '') }));
    }
    for (const l of cashback) {
      const account = this.checkAccount(l.account, 'Account (Cash Back)', subsidiary);
      const amount = round(num(l.amount));
      if (amount <= 0) throw nsError('INVALID_FLD_VALUE', `A cash back amount must be positive (${amount}).`);
      total -= amount;
      gl.push(glLine(account, amount, currency, rate, { memo: String(l.memo ?? '') }));
    }
    total = round(total);
    if (total < 0) throw nsError('USER_ERROR', `The total of a deposit cannot be negative (${total}).`);
    gl.unshift(glLine(bank, total, currency, rate));
    // the bank's money at the deposit's rate against the payments' money at theirs: the exchange difference is realized here
    this.realize(gl, currency, 'Realized exchange difference of the deposit');
    return { fields: { ...fields, account: bank, currency, total, exchangerate: rate, ...(subsidiary ? { subsidiary } : {}) }, sublists: { ...sublists, payment: kept, gl: gl as unknown as Values[] } };
  }

  /** A journal entry: its lines are its general ledger, and must balance. */
  private prepareJournal(fields: Values, sublists: Record<string, Values[]>): { fields: Values; sublists: Record<string, Values[]> } {
    if (!fields.currency) throw nsError('USER_ERROR', 'Please enter value(s) for: Currency');
    const subsidiary = this.subsidiaryOf(fields);
    this.checkPeriod(fields.trandate, false);
    const currency = String(fields.currency);
    const rate = this.rateOf(fields, currency, subsidiary);
    const lines = sublists.line || [];
    if (lines.length < 2) throw nsError('USER_ERROR', 'A journal entry needs at least two lines.');
    const debits = round(lines.reduce((s, l) => s + round(num(l.debit)), 0));
    const credits = round(lines.reduce((s, l) => s + round(num(l.credit)), 0));
    if (debits !== credits) throw nsError('UNBALANCED_JOURNAL', `This journal entry does not balance: debits ${debits}, credits ${credits}.`);
    const gl: GlLine[] = lines.map((l) => glLine(this.checkAccount(l.account, 'Account', subsidiary), round(num(l.debit)) - round(num(l.credit)), currency, rate, { memo: String(l.memo ?? ''), ...(l.entity ? { entity: String(l.entity) } : {}) }));
    this.realize(gl, currency, 'Rounding of the base-currency amounts');
    return { fields: { ...fields, exchangerate: rate, ...(subsidiary ? { subsidiary } : {}) }, sublists: { ...sublists, gl: gl as unknown as Values[] } };
  }

  /** A document a transaction applies to: an invoice, a credit memo or a customer payment (one id sequence). */
  private findDocument(id: string): StoredRecord | undefined {
    for (const t of ['invoice', 'creditmemo', 'customerpayment']) { const r = this.acct.find(t, id); if (r) return r; }
    return undefined;
  }

  private readonly items = new Items(this.acct);
  /** The stock a sale being saved moves (applied by refresh once it is written). */
  private pendingStock?: { type: string; moves: Map<string, number> };

  /** What a sale (an invoice, or a credit memo the other way round) posts, and the stock it moves against what its saved version moved. */
  private postSale(type: 'invoice' | 'creditmemo', out: Values, sublists: Record<string, Values[]>, id: number | undefined, currency: string, rate: number): { sale: SalePosting; gl: GlLine[] } {
    const sale = this.items.sale(out, sublists.item || []);
    Object.assign(out, sale.totals);
    const sign = type === 'invoice' ? 1 : -1;
    const gl: GlLine[] = [];
    for (const [account, credit] of sale.credits) {
      const c = round(sign * credit);
      if (c) gl.push(glLine(account, -c, currency, rate));
    }
    const moves = new Map<string, number>();
    for (const s of sale.stock) {
      // sold: cost of goods sold out of the asset account; credited: back into stock at the item's average
      // cost, which is in the base currency (the foreign amount beside it is that cost at the rate)
      const c = round(sign * s.cost);
      const fx = rate ? round(c / rate) : c;
      gl.push(glLine(s.cogsAccount, fx, currency, rate, { base: c, memo: `item ${s.item}` }));
      gl.push({ ...glLine(s.assetAccount, -fx, currency, rate, { base: -c, memo: `item ${s.item}` }), item: s.item, quantity: -sign * s.quantity });
      moves.set(s.item, (moves.get(s.item) ?? 0) - sign * s.quantity);
    }
    const before = id !== undefined ? this.acct.find(type, id) : undefined;
    // an edit moves only the difference from what the saved version moved
    for (const l of (before?.sublists.gl || []) as unknown as GlLine[]) if (l.item) moves.set(l.item, (moves.get(l.item) ?? 0) - num(l.quantity));
    this.pendingStock = { type, moves };
    sublists.item = sale.lines;
    return { sale, gl };
  }

  /**
   * Check a transaction about to be saved and compute what NetSuite computes: its total, what it
   * applies, and its general ledger lines (sublist `gl`). Throws as NetSuite refuses.
   */
  prepare(type: string, fields: Values, sublists: Record<string, Values[]>, id?: number): { fields: Values; sublists: Record<string, Values[]> } {
    if (!BOOK_TYPES.has(type)) return { fields, sublists };
    if (!this.setup) throw new Error('The account double has no books: call setupBooks() first.');
    if (type === 'deposit') return this.prepareDeposit(fields, sublists, id);
    if (type === 'journalentry') return this.prepareJournal(fields, sublists);
    const entity = String(type === 'customerpayment' || type === 'customerrefund' ? fields.customer ?? '' : fields.entity ?? '');
    if (!entity) throw nsError('USER_ERROR', 'Please enter value(s) for: Customer');
    const currency = String(fields.currency ?? '');
    if (!this.customerCurrencies(entity).includes(currency)) {
      throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${currency} for the following field: currency (customer ${entity} has no such currency).`);
    }
    const subsidiary = this.subsidiaryOf(fields, entity);
    this.checkPeriod(fields.trandate);
    const rate = this.rateOf(fields, currency, subsidiary);
    const ar = String(this.setup.receivables);
    // Auto Apply checked on a new payment: NetSuite applies it to the oldest open receivables itself
    if (type === 'customerpayment' && id === undefined && truthy(fields.autoapply)) sublists = { ...sublists, apply: this.autoApplied(entity, currency, subsidiary, num(fields.payment)) };
    const applied = (sublists.apply || []).filter((l) => truthy(l.apply));
    const appliedSum = round(applied.reduce((s, l) => s + num(l.amount), 0));
    const out: Values = { ...fields, exchangerate: rate, ...(subsidiary ? { subsidiary } : {}) };
    let gl: GlLine[];
    /** A/R lines (debit positive) for what the transaction applies, each at the rate of the document it applies to, and the rest at its own. */
    const arLines = (fx: number, sign: 1 | -1): GlLine[] => {
      const lines = applied.map((l) => {
        const doc = this.findDocument(String(l.doc));
        return glLine(ar, sign * num(l.amount), currency, num(doc?.fields.exchangerate) || rate, { entity });
      });
      const rest = round(fx - appliedSum);
      return rest ? [...lines, glLine(ar, sign * rest, currency, rate, { entity })] : lines;
    };
    const dueOf = (l: Values): number => {
      const t = String(l.trantype || '');
      if (type === 'customerrefund') return t === 'CustPymt' ? this.unapplied('customerpayment', String(l.doc)) : this.unapplied('creditmemo', String(l.doc));
      return this.invoiceDue(String(l.doc));
    };
    for (const l of applied) {
      // OneWorld: the apply sublist lists only documents of the transaction's subsidiary
      const docSub = String(this.findDocument(String(l.doc))?.fields.subsidiary ?? '');
      if (subsidiary && docSub && docSub !== subsidiary) {
        throw nsError('INVALID_FLD_VALUE', `You cannot apply document ${String(l.doc)} of subsidiary ${docSub} on a transaction of subsidiary ${subsidiary}.`);
      }
      // an edit of an already-saved transaction: its own application is not counted against itself
      const own = id !== undefined ? num(((this.acct.find(type, id)?.sublists.apply || []).find((x) => truthy(x.apply) && String(x.doc) === String(l.doc)) || {}).amount) : 0;
      if (num(l.amount) <= 0 || round(num(l.amount)) > round(dueOf(l) + own)) {
        throw nsError('INVALID_FLD_VALUE', `You cannot apply ${num(l.amount)} to document ${String(l.doc)}: ${round(dueOf(l) + own)} is open on it.`);
      }
    }
    switch (type) {
      case 'invoice': {
        const { gl: lines } = this.postSale('invoice', out, sublists, id, currency, rate);
        // A/R takes the sum of the lines' base amounts, so the entry balances to the cent
        gl = [glLine(ar, num(out.total), currency, rate, { entity, base: -round(lines.reduce((s, l) => s + l.debit - l.credit, 0)) }), ...lines];
        break;
      }
      case 'creditmemo': {
        const { gl: lines } = this.postSale('creditmemo', out, sublists, id, currency, rate);
        const total = num(out.total);
        if (appliedSum > total) throw nsError('INVALID_FLD_VALUE', `A credit memo of ${total} cannot apply ${appliedSum}.`);
        gl = this.realize([...lines, ...arLines(total, -1)], currency, 'Realized exchange difference');
        break;
      }
      case 'customerpayment': {
        const payment = round(num(fields.payment));
        if (payment <= 0) throw nsError('USER_ERROR', 'Please enter value(s) for: Payment Amount');
        if (appliedSum > payment) throw nsError('INVALID_FLD_VALUE', `A payment of ${payment} cannot apply ${appliedSum}.`);
        const into = truthy(fields.undepfunds) ? String(this.setup.undepositedFunds) : String(fields.account ?? '');
        if (!into) throw nsError('USER_ERROR', 'Please enter value(s) for: Account');
        out.payment = payment;
        out.account = into;
        gl = this.realize([glLine(into, payment, currency, rate), ...arLines(payment, -1)], currency, 'Realized exchange difference');
        break;
      }
      case 'customerrefund': {
        const total = appliedSum;
        if (total <= 0) throw nsError('USER_ERROR', 'A customer refund must apply to a credit memo or a payment.');
        const from = String(fields.account ?? '');
        if (!from) throw nsError('USER_ERROR', 'Please enter value(s) for: Account');
        out.total = total;
        gl = this.realize([...arLines(total, 1), glLine(from, -total, currency, rate)], currency, 'Realized exchange difference');
        break;
      }
      default:
        throw new Error(`unreachable: ${type}`);
    }
    return { fields: out, sublists: { ...sublists, gl: gl as unknown as Values[] } };
  }

  /**
   * A user enters an invoice (no script): checked, totalled and posted as a save would. Lines take an
   * item and an amount, or a quantity and rate; `header` takes what the invoice form has above its
   * lines (discountitem, discountrate, shipmethod, shippingcost, shippingtaxcode, taxitem, taxrate).
   */
  addInvoice(values: {
    entity: number | string; currency: number | string; lines: Array<{ item: number | string; amount?: number; quantity?: number; rate?: number | string; taxcode?: number | string; istaxable?: boolean }>;
    trandate?: Date; tranid?: string; subsidiary?: number | string; header?: Values;
  }): number {
    const tranid = values.tranid ?? `INV${this.acct.all('invoice').length + 1001}`;
    // an invoice is in its customer's subsidiary unless told
    const subsidiary = String(values.subsidiary ?? this.acct.find('customer', values.entity)?.fields.subsidiary ?? '');
    const lines = values.lines.map((l) => Object.fromEntries(Object.entries({ ...l, item: String(l.item), ...(l.taxcode !== undefined ? { taxcode: String(l.taxcode) } : {}) }).filter(([, v]) => v !== undefined)));
    const made = this.prepare('invoice', { entity: String(values.entity), currency: String(values.currency), trandate: values.trandate ?? this.acct.now(), tranid, subsidiary, ...(values.header || {}) }, { item: lines });
    const saved = this.acct.write('invoice', made.fields, { sublists: made.sublists });
    this.refresh(saved);
    return saved.id;
  }

  /** After a save: the stored amount due, unapplied amount and status of the saved transaction and what it applies to (what a lookup reads). */
  refresh(saved: StoredRecord): void {
    if (this.pendingStock?.type === saved.type) {
      for (const [itemId, qty] of this.pendingStock.moves) {
        const item = findItem(this.acct, itemId);
        if (item && qty) item.fields.quantityonhand = round(num(item.fields.quantityonhand) + qty);
      }
    }
    this.pendingStock = undefined;
    const touched: Array<[string, string]> = [[saved.type, String(saved.id)]];
    for (const l of saved.sublists.apply || []) {
      const doc = String(l.doc);
      for (const t of ['invoice', 'creditmemo', 'customerpayment']) if (this.acct.find(t, doc)) touched.push([t, doc]);
    }
    for (const [type, id] of touched) {
      const tx = this.acct.find(type, id);
      if (!tx) continue;
      if (type === 'invoice') {
        const due = this.invoiceDue(tx.id);
        tx.fields.amountremaining = due;
        tx.fields.status = due <= 0 ? 'Paid In Full' : 'Open';
      } else if (type === 'creditmemo' || type === 'customerpayment') {
        tx.fields.unapplied = this.unapplied(type, tx.id);
      }
    }
  }
}

/**
 * The accounts and lists a books test needs: A/R, Undeposited Funds, Realized Gain/Loss, a USD and a
 * EUR bank (of `subsidiary`, or the account's first), fee, clearing and income accounts, a payment
 * method, USD/EUR/JPY/XAU with USD the company's base currency and a rate for each other currency from
 * 2000 on (EUR 1.08, JPY 0.0067, as the Stripe double converts; a test sets others with `currencies.setRate`),
 * a service item and a refund item.
 */
export function setupBooks(acct: RecordStore & { books: Books }, options: { subsidiary?: number | string } = {}): {
  receivables: number; undepositedFunds: number; bank: number; euroBank: number; fees: number; clearing: number; income: number;
  gainLoss: number; stripeMethod: number; currencies: Record<string, number>; item: number; refundItem: number;
} {
  const account = (acctname: string, accttype: string) => acct.write('account', { acctname, accttype, isinactive: false }).id;
  const receivables = account('Accounts Receivable', 'AcctRec');
  const undepositedFunds = account('Undeposited Funds', 'OthCurrAsset');
  const currencies: Record<string, number> = {};
  for (const [symbol, name] of [['USD', 'US Dollar'], ['EUR', 'Euro'], ['JPY', 'Japanese Yen'], ['XAU', 'Gold (troy ounce)']]) currencies[symbol] = acct.write('currency', { symbol, name, isinactive: false }).id;
  acct.books.currencies.companyBase = String(currencies.USD);
  const since = new Date('2000-01-01T00:00:00Z');
  for (const [symbol, rate] of [['EUR', 1.08], ['JPY', 0.0067], ['XAU', 2650]] as const) acct.books.currencies.setRate(currencies.USD, currencies[symbol], rate, since);
  const gainLoss = account(REALIZED_GAIN_LOSS, 'OthIncome');
  // a bank account belongs to one subsidiary
  const subsidiary = String(options.subsidiary ?? acct.all('subsidiary')[0]?.id ?? '');
  const of = subsidiary ? { subsidiary } : {};
  const bank = acct.write('account', { acctname: 'Operating Bank', accttype: 'Bank', currency: String(currencies.USD), isinactive: false, ...of }).id;
  const euroBank = acct.write('account', { acctname: 'Euro Bank', accttype: 'Bank', currency: String(currencies.EUR), isinactive: false, ...of }).id;
  const fees = account('Stripe Fees', 'Expense');
  const clearing = account('Stripe Clearing', 'OthCurrAsset');
  const income = account('Sales', 'Income');
  const stripeMethod = acct.write('paymentmethod', { name: 'Stripe', isinactive: false }).id;
  const item = acct.write('serviceitem', { itemid: 'Services', incomeaccount: String(income), isinactive: false }).id;
  // the item a refund's credit memo credits (chosen on a config): a non-inventory item for sale, posting to Sales
  const refundItem = acct.write('noninventoryitem', { itemid: 'Stripe Refund', subtype: 'Sale', incomeaccount: String(income), isinactive: false }).id;
  acct.books.setup = { receivables, undepositedFunds, gainLoss };
  return { receivables, undepositedFunds, bank, euroBank, fees, clearing, income, gainLoss, stripeMethod, currencies, item, refundItem };
}

/**
 * The items and tax codes a sales test needs, on top of setupBooks (whose service item and refund
 * item it keeps): an inventory item (in stock, with its COGS and asset accounts), a non-inventory
 * item, an other-charge item, a percent
 * and an amount discount, a subtotal and a description item, an item group (the inventory item and
 * the other charge), a shipping item, a 20% VAT code and an 8.25% US sales tax item.
 */
export function setupSales(acct: RecordStore & { books: Books }): {
  income: number; discounts: number; shippingIncome: number; taxPayable: number; inventoryAsset: number; cogs: number;
  inventory: number; nonInventory: number; otherCharge: number; percentOff: number; amountOff: number;
  subtotal: number; description: number; group: number; shipping: number; vat: number; salesTax: number;
} {
  if (!acct.books.setup) throw new Error('setupSales needs the books: call setupBooks() first.');
  const income = acct.all('account').find((a) => a.fields.acctname === 'Sales')?.id;
  if (!income) throw new Error('setupSales needs the Sales account setupBooks makes.');
  const account = (acctname: string, accttype: string) => acct.write('account', { acctname, accttype, isinactive: false }).id;
  const discounts = account('Sales Discounts', 'Income');
  const shippingIncome = account('Shipping Income', 'Income');
  const taxPayable = account('Sales Tax Payable', 'OthCurrLiab');
  const inventoryAsset = account('Inventory Asset', 'OthCurrAsset');
  const cogs = account('Cost of Goods Sold', 'COGS');
  const item = (type: string, values: Values) => acct.write(type, { isinactive: false, ...values }).id;
  const inventory = item('inventoryitem', { itemid: 'Widget', rate: 40, incomeaccount: String(income), cogsaccount: String(cogs), assetaccount: String(inventoryAsset), averagecost: 15, quantityonhand: 100 });
  const nonInventory = item('noninventoryitem', { itemid: 'Manual', subtype: 'Sale', rate: 12, incomeaccount: String(income) });
  const otherCharge = item('otherchargeitem', { itemid: 'Setup Fee', subtype: 'Sale', rate: 25, incomeaccount: String(income) });
  const percentOff = item('discountitem', { itemid: 'Loyalty 10%', rate: '-10%', account: String(discounts) });
  const amountOff = item('discountitem', { itemid: 'Promo 5', rate: '-5.00', account: String(discounts), ispretax: true });
  const subtotal = item('subtotalitem', { itemid: 'Subtotal' });
  const description = item('descriptionitem', { itemid: 'Note', description: 'Thank you for your order' });
  const group = acct.write('itemgroup', { itemid: 'Starter Kit', isinactive: false }, { sublists: { member: [{ item: String(inventory), quantity: 1 }, { item: String(otherCharge), quantity: 1 }] } }).id;
  const shipping = acct.write('shipitem', { itemid: 'Courier', account: String(shippingIncome), istaxable: true, isinactive: false }).id;
  const vat = item('salestaxitem', { itemid: 'VAT 20%', rate: '20%', taxaccount: String(taxPayable) });
  const salesTax = item('salestaxitem', { itemid: 'CA 8.25%', rate: '8.25%', taxaccount: String(taxPayable) });
  return { income, discounts, shippingIncome, taxPayable, inventoryAsset, cogs, inventory, nonInventory, otherCharge, percentOff, amountOff, subtotal, description, group, shipping, vat, salesTax };
}
