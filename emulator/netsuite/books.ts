/**
 * The account's books, as NetSuite keeps them for the transactions PayPack posts: invoices, customer
 * payments, credit memos, customer refunds, bank deposits and journal entries. Each save checks what NetSuite checks (the customer's
 * currencies, a closed period, apply amounts against what is open), computes what NetSuite computes
 * (totals, amount due, unapplied amounts, status) and posts the transaction's general ledger lines,
 * so a test reads what an accountant reads: account balances, each customer's A/R, each invoice's
 * amount due. Amounts are in the transaction's currency; balances are kept per account and currency.
 */
import { BOOK_TYPES, RecordStore, StoredRecord, Values } from './store';

export { BOOK_TYPES, TRANSACTION_SEARCH_TYPE } from './store';
import { nsError } from './errors';
import { findItem, Items, SalePosting } from './items';


/** Past about this many lines NetSuite cannot save a transaction. */
export const MAX_TRANSACTION_LINES = 10000;


/**
 * A general ledger line. `currency`: a line in another currency than its transaction's (a deposit's
 * line taking a foreign-currency payment off Undeposited Funds); the books keep no base currency, so
 * such a line counts in its own currency and the exchange difference is not modelled.
 */
export interface GlLine {
  account: string; debit: number; credit: number; entity?: string; memo?: string; currency?: string;
  /** On an inventory asset line: the item, and the quantity it moves into stock (negative: out). */
  item?: string; quantity?: number;
}

/** Money in the smallest unit the books keep (2 decimals; 0 for zero-decimal currencies). */
function round(x: number): number { return Math.round(x * 100) / 100; }
function num(v: unknown): number { const n = Number(v); return Number.isFinite(n) ? n : 0; }
function truthy(v: unknown): boolean { return v === true || v === 'T'; }

/** Accounts and settings the books need (made by `setupBooks`). */
export interface BooksSetup { receivables: number; undepositedFunds: number }

export class Books {
  constructor(private readonly acct: RecordStore) {}
  private made?: BooksSetup;

  /** The A/R and Undeposited Funds accounts: as setupBooks made them, or found again in a restored account. */
  get setup(): BooksSetup | undefined {
    if (this.made) return this.made;
    const accounts = this.acct.all('account');
    const receivables = accounts.find((a) => a.fields.accttype === 'AcctRec');
    const undeposited = accounts.find((a) => a.fields.name === 'Undeposited Funds');
    return receivables && undeposited ? (this.made = { receivables: receivables.id, undepositedFunds: undeposited.id }) : undefined;
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

  /** The balance of a general ledger account (debits less credits), in one currency's transactions. */
  balance(accountId: string | number, currency?: string | number): number {
    let sum = 0;
    for (const tx of this.transactions()) {
      for (const l of (tx.sublists.gl || []) as unknown as GlLine[]) {
        if (String(l.account) !== String(accountId)) continue;
        if (currency !== undefined && String(l.currency ?? tx.fields.currency) !== String(currency)) continue;
        sum += l.debit - l.credit;
      }
    }
    return round(sum);
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
   * Undeposited Funds that no deposit took yet (but `ownDeposit`, on an edit), each signed as it moves
   * the deposit (a refund is negative), with `paymentamount` filled when it is in the deposit's currency.
   */
  depositLines(currency: string, ownDeposit?: number): Values[] {
    const uf = String(this.setup?.undepositedFunds);
    const taken = new Set<string>();
    for (const d of this.acct.all('deposit')) {
      if (d.id === ownDeposit) continue;
      for (const l of d.sublists.payment || []) if (truthy(l.deposit)) taken.add(String(l.id));
    }
    const lines: Values[] = [];
    for (const [type, label, sign, amountField] of [['customerpayment', 'Payment', 1, 'payment'], ['customerrefund', 'Customer Refund', -1, 'total']] as const) {
      for (const tx of this.acct.all(type)) {
        if (String(tx.fields.account) !== uf || taken.has(String(tx.id))) continue;
        const amount = round(sign * num(tx.fields[amountField]));
        lines.push({
          id: String(tx.id), type: label, entity: tx.fields.customer, currency: tx.fields.currency, trandate: tx.fields.trandate, memo: tx.fields.memo, refnum: tx.fields.tranid,
          amount, paymentamount: String(tx.fields.currency) === currency ? amount : '', deposit: false,
        });
      }
    }
    return lines;
  }

  /** An account's currency (a bank account has one; '' when the account double gave it none). */
  accountCurrency(accountId: unknown): string {
    return String(this.acct.find('account', String(accountId))?.fields.currency ?? '');
  }

  /** What the customer owes (A/R debits less credits of its lines); negative when it has credit. */
  customerBalance(customerId: string | number, currency?: string | number): number {
    let sum = 0;
    const ar = String(this.setup?.receivables);
    for (const tx of this.transactions()) {
      if (currency !== undefined && String(tx.fields.currency) !== String(currency)) continue;
      for (const l of (tx.sublists.gl || []) as unknown as GlLine[]) if (String(l.account) === ar && String(l.entity) === String(customerId)) sum += l.debit - l.credit;
    }
    return round(sum);
  }

  /** The open documents a payment (invoices) or a refund (credit memos, payments) of this customer and currency lists on its apply sublist. */
  applyLines(type: string, customerId: string, currency: string): Values[] {
    const mine = (t: string) => this.acct.all(t).filter((r) => String(r.fields.entity ?? r.fields.customer) === customerId && String(r.fields.currency) === currency);
    if (type === 'customerpayment') {
      return mine('invoice').map((inv) => ({ doc: String(inv.id), type: 'Invoice', refnum: inv.fields.tranid, total: num(inv.fields.total), due: this.invoiceDue(inv.id), apply: false, amount: 0 }))
        .filter((l) => l.due > 0);
    }
    if (type === 'customerrefund') {
      return [
        ...mine('creditmemo').map((cm) => ({ doc: String(cm.id), type: 'Credit Memo', refnum: cm.fields.tranid, total: num(cm.fields.total), due: this.unapplied('creditmemo', cm.id), apply: false, amount: 0 })),
        ...mine('customerpayment').map((p) => ({ doc: String(p.id), type: 'Payment', refnum: p.fields.tranid, total: num(p.fields.payment), due: this.unapplied('customerpayment', p.id), apply: false, amount: 0 })),
      ].filter((l) => l.due > 0);
    }
    return [];
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
      const header = Object.fromEntries(['discountitem', 'discountrate', 'shipmethod', 'shippingcost', 'shippingtaxcode', 'taxitem', 'taxrate'].filter((f) => src.fields[f] !== undefined && src.fields[f] !== '').map((f) => [f, src.fields[f]]));
      const total = num(src.fields.total);
      return {
        fields: { entity: src.fields.entity, currency: src.fields.currency, subsidiary: src.fields.subsidiary, createdfrom: String(src.id), trandate: this.acct.now(), ...header },
        sublists: { item: items, apply: [{ doc: String(src.id), type: 'Invoice', total, due, apply: due > 0, amount: Math.min(due, total) }] },
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

  private checkAccount(accountId: unknown, what: string): string {
    const id = String(accountId ?? '');
    if (!id) throw nsError('USER_ERROR', `Please enter value(s) for: ${what}`);
    const a = this.acct.find('account', id);
    if (!a || truthy(a.fields.isinactive)) throw nsError('INVALID_KEY_OR_REF', `Invalid account reference key ${id}.`);
    return id;
  }

  /**
   * A bank deposit: the ticked payment lines come off Undeposited Funds (in their own currency;
   * `paymentamount` is what they bring in the deposit's currency), `other` lines put money in from
   * their account, `cashback` lines take it out to theirs; the bank gets the total.
   */
  private prepareDeposit(fields: Values, sublists: Record<string, Values[]>, id?: number): { fields: Values; sublists: Record<string, Values[]> } {
    const bank = this.checkAccount(fields.account, 'Account');
    const currency = this.accountCurrency(bank) || String(fields.currency ?? '');
    if (!currency) throw nsError('USER_ERROR', 'Please enter value(s) for: Currency');
    this.checkPeriod(fields.trandate, false);
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
      const foreign = String(item.currency) !== currency;
      const raw = l.paymentamount;
      if (foreign && (raw === '' || raw === undefined || raw === null)) throw nsError('USER_ERROR', `Please enter value(s) for: Payment Amount (transaction ${String(l.id)} is in another currency than the deposit)`);
      const brings = foreign ? round(num(raw)) : num(item.amount);
      if (foreign && Math.sign(brings) !== Math.sign(num(item.amount))) throw nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${String(raw)} for the following field: paymentamount`);
      if (!foreign && raw !== '' && raw !== undefined && round(num(raw)) !== brings) throw nsError('INVALID_FLD_VALUE', `The payment amount of transaction ${String(l.id)} in the deposit's currency is its amount, ${brings}.`);
      total += brings;
      const moved = num(item.amount);
      gl.push({ account: String(this.setup!.undepositedFunds), debit: moved < 0 ? -moved : 0, credit: moved > 0 ? moved : 0, ...(foreign ? { currency: String(item.currency) } : {}), memo: String(item.memo ?? '') });
      kept.push({ ...item, paymentamount: brings, deposit: true });
    }
    for (const l of others) {
      const account = this.checkAccount(l.account, 'Account (Other Deposits)');
      const amount = round(num(l.amount));
      if (!amount) throw nsError('USER_ERROR', 'Please enter value(s) for: Amount (Other Deposits)');
      total += amount;
      gl.push({ account, debit: amount < 0 ? -amount : 0, credit: amount > 0 ? amount : 0, ...(l.entity ? { entity: String(l.entity) } : {}), memo: String(l.memo ?? '') });
    }
    for (const l of cashback) {
      const account = this.checkAccount(l.account, 'Account (Cash Back)');
      const amount = round(num(l.amount));
      if (amount <= 0) throw nsError('INVALID_FLD_VALUE', `A cash back amount must be positive (${amount}).`);
      total -= amount;
      gl.push({ account, debit: amount, credit: 0, memo: String(l.memo ?? '') });
    }
    total = round(total);
    if (total < 0) throw nsError('USER_ERROR', `The total of a deposit cannot be negative (${total}).`);
    gl.unshift({ account: bank, debit: total, credit: 0 });
    return { fields: { ...fields, account: bank, currency, total }, sublists: { ...sublists, payment: kept, gl: gl as unknown as Values[] } };
  }

  /** A journal entry: its lines are its general ledger, and must balance. */
  private prepareJournal(fields: Values, sublists: Record<string, Values[]>): { fields: Values; sublists: Record<string, Values[]> } {
    if (!fields.currency) throw nsError('USER_ERROR', 'Please enter value(s) for: Currency');
    this.checkPeriod(fields.trandate, false);
    const lines = sublists.line || [];
    if (lines.length < 2) throw nsError('USER_ERROR', 'A journal entry needs at least two lines.');
    const gl: GlLine[] = lines.map((l) => ({ account: this.checkAccount(l.account, 'Account'), debit: round(num(l.debit)), credit: round(num(l.credit)), memo: String(l.memo ?? ''), ...(l.entity ? { entity: String(l.entity) } : {}) }));
    const debits = round(gl.reduce((s, l) => s + l.debit, 0));
    const credits = round(gl.reduce((s, l) => s + l.credit, 0));
    if (debits !== credits) throw nsError('UNBALANCED_JOURNAL', `This journal entry does not balance: debits ${debits}, credits ${credits}.`);
    return { fields, sublists: { ...sublists, gl: gl as unknown as Values[] } };
  }

  private readonly items = new Items(this.acct);
  /** The stock a sale being saved moves (applied by refresh once it is written). */
  private pendingStock?: { type: string; moves: Map<string, number> };

  /** What a sale (an invoice, or a credit memo the other way round) posts, and the stock it moves against what its saved version moved. */
  private postSale(type: 'invoice' | 'creditmemo', out: Values, sublists: Record<string, Values[]>, id?: number): { sale: SalePosting; gl: GlLine[] } {
    const sale = this.items.sale(out, sublists.item || []);
    Object.assign(out, sale.totals);
    const sign = type === 'invoice' ? 1 : -1;
    const gl: GlLine[] = [];
    for (const [account, credit] of sale.credits) {
      const c = round(sign * credit);
      if (c) gl.push({ account, debit: c < 0 ? -c : 0, credit: c > 0 ? c : 0 });
    }
    const moves = new Map<string, number>();
    for (const s of sale.stock) {
      // sold: cost of goods sold out of the asset account; credited: back into stock at the item's average cost
      const c = round(sign * s.cost);
      gl.push({ account: s.cogsAccount, debit: c > 0 ? c : 0, credit: c < 0 ? -c : 0, memo: `item ${s.item}` });
      gl.push({ account: s.assetAccount, debit: c < 0 ? -c : 0, credit: c > 0 ? c : 0, memo: `item ${s.item}`, item: s.item, quantity: -sign * s.quantity });
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
    this.checkPeriod(fields.trandate);
    const ar = String(this.setup.receivables);
    const applied = (sublists.apply || []).filter((l) => truthy(l.apply));
    const appliedSum = round(applied.reduce((s, l) => s + num(l.amount), 0));
    const out: Values = { ...fields };
    let gl: GlLine[];
    const dueOf = (l: Values): number => {
      const t = String(l.type || '');
      if (type === 'customerrefund') return t === 'Payment' ? this.unapplied('customerpayment', String(l.doc)) : this.unapplied('creditmemo', String(l.doc));
      return this.invoiceDue(String(l.doc));
    };
    for (const l of applied) {
      // an edit of an already-saved transaction: its own application is not counted against itself
      const own = id !== undefined ? num(((this.acct.find(type, id)?.sublists.apply || []).find((x) => truthy(x.apply) && String(x.doc) === String(l.doc)) || {}).amount) : 0;
      if (num(l.amount) <= 0 || round(num(l.amount)) > round(dueOf(l) + own)) {
        throw nsError('INVALID_FLD_VALUE', `You cannot apply ${num(l.amount)} to document ${String(l.doc)}: ${round(dueOf(l) + own)} is open on it.`);
      }
    }
    switch (type) {
      case 'invoice': {
        const { gl: lines } = this.postSale('invoice', out, sublists, id);
        gl = [{ account: ar, debit: num(out.total), credit: 0, entity }, ...lines];
        break;
      }
      case 'creditmemo': {
        const { gl: lines } = this.postSale('creditmemo', out, sublists, id);
        const total = num(out.total);
        if (appliedSum > total) throw nsError('INVALID_FLD_VALUE', `A credit memo of ${total} cannot apply ${appliedSum}.`);
        gl = [...lines, { account: ar, debit: 0, credit: total, entity }];
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
        gl = [{ account: into, debit: payment, credit: 0 }, { account: ar, debit: 0, credit: payment, entity }];
        break;
      }
      case 'customerrefund': {
        const total = appliedSum;
        if (total <= 0) throw nsError('USER_ERROR', 'A customer refund must apply to a credit memo or a payment.');
        const from = String(fields.account ?? '');
        if (!from) throw nsError('USER_ERROR', 'Please enter value(s) for: Account');
        out.total = total;
        gl = [{ account: ar, debit: total, credit: 0, entity }, { account: from, debit: 0, credit: total }];
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

/** The accounts and lists a books test needs: A/R, Undeposited Funds, a USD and a EUR bank, fee, clearing and income accounts, a payment method, USD/EUR/JPY, a service item and a refund item. */
export function setupBooks(acct: RecordStore & { books: Books }): {
  receivables: number; undepositedFunds: number; bank: number; euroBank: number; fees: number; clearing: number; income: number;
  stripeMethod: number; currencies: Record<string, number>; item: number; refundItem: number;
} {
  const account = (acctname: string, accttype: string) => acct.write('account', { acctname, name: acctname, accttype, isinactive: false }).id;
  const receivables = account('Accounts Receivable', 'AcctRec');
  const undepositedFunds = account('Undeposited Funds', 'OthCurrAsset');
  const currencies: Record<string, number> = {};
  for (const [symbol, name] of [['USD', 'US Dollar'], ['EUR', 'Euro'], ['JPY', 'Japanese Yen'], ['XAU', 'Gold (troy ounce)']]) currencies[symbol] = acct.write('currency', { symbol, name, isinactive: false }).id;
  const bank = acct.write('account', { acctname: 'Operating Bank', name: 'Operating Bank', accttype: 'Bank', currency: String(currencies.USD), isinactive: false }).id;
  const euroBank = acct.write('account', { acctname: 'Euro Bank', name: 'Euro Bank', accttype: 'Bank', currency: String(currencies.EUR), isinactive: false }).id;
  const fees = account('Stripe Fees', 'Expense');
  const clearing = account('Stripe Clearing', 'OthCurrAsset');
  const income = account('Sales', 'Income');
  const stripeMethod = acct.write('paymentmethod', { name: 'Stripe', isinactive: false }).id;
  const item = acct.write('serviceitem', { itemid: 'Services', incomeaccount: String(income), isinactive: false }).id;
  // the item a refund's credit memo credits (chosen on a config): a non-inventory item for sale, posting to Sales
  const refundItem = acct.write('noninventoryitem', { itemid: 'Stripe Refund', subtype: 'Sale', incomeaccount: String(income), isinactive: false }).id;
  acct.books.setup = { receivables, undepositedFunds };
  return { receivables, undepositedFunds, bank, euroBank, fees, clearing, income, stripeMethod, currencies, item, refundItem };
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
  const income = acct.all('account').find((a) => a.fields.name === 'Sales')?.id;
  if (!income) throw new Error('setupSales needs the Sales account setupBooks makes.');
  const account = (acctname: string, accttype: string) => acct.write('account', { acctname, name: acctname, accttype, isinactive: false }).id;
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
