/**
 * The account double's books: the transactions PayPack posts save, apply and post their general
 * ledger lines as NetSuite does, and refuse what NetSuite refuses.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks } from '../../emulator/netsuite/books';
import { setLine, tickLine } from '../dynamic-lines';

function world() {
  const w = createWorld();
  const b = setupBooks(w.account);
  const customer = w.account.addCustomer({ companyname: 'Ledger Co', currency: String(b.currencies.USD), currencies: [b.currencies.EUR] });
  return { ...w, b, customer, books: w.account.books };
}

/** A customer refund out of Undeposited Funds that takes `amount` of one open document (a payment or a credit memo). */
function refundFromUndepositedFunds(customer: number, undepositedFunds: number, doc: number, amount: number): number {
  const refund = record.create({ type: 'customerrefund', isDynamic: true });
  refund.setValue({ fieldId: 'customer', value: String(customer) });
  refund.setValue({ fieldId: 'account', value: String(undepositedFunds) });
  tickLine(refund, 'apply', 'doc', String(doc), { apply: true, amount });
  return refund.save();
}

test('an invoice paid by a customer payment made from it: amount due 0, A/R 0, the money in Undeposited Funds', () => {
  const { account, b, customer, books } = world();
  const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 120 }] });
  expect([books.invoiceDue(inv), books.customerBalance(customer), books.balance(b.income)]).toEqual([120, 120, -120]);
  const pay = record.transform({ fromType: 'invoice', fromId: inv, toType: 'customerpayment' });
  expect(pay.getSublistValue({ sublistId: 'apply', fieldId: 'doc', line: pay.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(inv) }) })).toBe(String(inv));
  pay.setValue({ fieldId: 'undepfunds', value: true });
  pay.setValue({ fieldId: 'externalid', value: 'stripe_ch_1' });
  pay.save();
  expect([books.invoiceDue(inv), books.customerBalance(customer), books.balance(b.undepositedFunds)]).toEqual([0, 0, 120]);
  expect(account.get('invoice', inv).fields).toMatchObject({ amountremaining: 0, status: 'Paid In Full' });
});

test('a payment larger than the invoice leaves the rest unapplied as the customer\'s credit; a refund of that credit takes it out of Undeposited Funds', () => {
  const { b, customer, books } = world();
  const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 80 }] });
  const pay = record.create({ type: 'customerpayment', isDynamic: true });
  pay.setValue({ fieldId: 'customer', value: String(customer) });
  // dynamic mode: the customer sources the currency and lists the apply lines at once
  expect(pay.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
  pay.setValue({ fieldId: 'payment', value: 100 });
  pay.setValue({ fieldId: 'undepfunds', value: true });
  tickLine(pay, 'apply', 'doc', String(inv), { apply: true, amount: 80 });
  const payId = pay.save();
  expect(pay.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
  expect([books.invoiceDue(inv), books.customerBalance(customer), books.unapplied('customerpayment', payId)]).toEqual([0, -20, 20]);
  refundFromUndepositedFunds(customer, b.undepositedFunds, payId, 20);
  expect([books.customerBalance(customer), books.balance(b.undepositedFunds), books.unapplied('customerpayment', payId)]).toEqual([0, 80, 0]);
});

test('a refund of a paid invoice: a credit memo from the invoice (revenue down) applied by a customer refund; the invoice stays paid and A/R ends at 0', () => {
  const { b, customer, books } = world();
  const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 50 }] });
  const pay = record.transform({ fromType: 'invoice', fromId: inv, toType: 'customerpayment' });
  pay.setValue({ fieldId: 'undepfunds', value: true });
  pay.save();
  const cm = record.transform({ fromType: 'invoice', fromId: inv, toType: 'creditmemo' });
  cm.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 15 });
  const cmId = cm.save();
  refundFromUndepositedFunds(customer, b.undepositedFunds, cmId, 15);
  expect([books.invoiceDue(inv), books.customerBalance(customer), books.balance(b.income), books.balance(b.undepositedFunds)]).toEqual([0, 0, -35, 35]);
});

test('refused as NetSuite refuses: a currency the customer does not have, more than is open, a closed period, an external id any transaction has; an unmodelled transaction type fails loudly', () => {
  const { account, b, customer, books } = world();
  const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 10 }] });
  const payment = (values: Record<string, unknown>) => {
    const p = record.create({ type: 'customerpayment', isDynamic: true });
    for (const [fieldId, value] of Object.entries({ customer: String(customer), undepfunds: true, payment: 10, ...values })) p.setValue({ fieldId, value: value as record.FieldValue });
    return p;
  };
  expect(() => payment({ currency: String(b.currencies.JPY) }).save()).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
  const over = payment({});
  tickLine(over, 'apply', 'doc', String(inv), { apply: true, amount: 11 });
  expect(() => over.save()).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
  payment({ externalid: 'stripe_ch_dup' }).save();
  expect(() => {
    const cm = record.transform({ fromType: 'invoice', fromId: inv, toType: 'creditmemo' });
    cm.setValue({ fieldId: 'externalid', value: 'stripe_ch_dup' });
    cm.save();
  }).toThrow(expect.objectContaining({ name: 'DUP_RCRD' }));
  const now = account.now();
  account.write('accountingperiod', { periodname: 'This month', startdate: new Date(now.getTime() - 86400000), enddate: new Date(now.getTime() + 86400000), arlocked: true });
  expect(() => payment({ payment: 5 }).save()).toThrow(expect.objectContaining({ name: 'PERIOD_CLOSED' }));
  expect(() => record.create({ type: 'vendorbill' }).save()).toThrow(/does not model vendorbill transactions/);
  // a Transaction search finds a transaction again by its external id, whatever its type
  const found = search.create({ type: 'transaction', filters: [['externalidstring', 'is', 'stripe_ch_dup'], 'AND', ['mainline', 'is', 'T']], columns: ['type'] }).run().getRange({ start: 0, end: 10 });
  expect(found.map((r) => r.getValue('type'))).toEqual(['CustPymt']);
});

test('a deposit lists what waits in Undeposited Funds, posts its lines, and refuses what NetSuite refuses: a foreign item without its amount, an item deposited already, a negative total, too many lines; a journal entry must balance', () => {
  const { account, b, customer, books } = world();
  const pay = (amount: number, currency = b.currencies.USD) => {
    const p = record.create({ type: 'customerpayment', isDynamic: true });
    for (const [fieldId, value] of Object.entries({ customer: String(customer), currency: String(currency), undepfunds: true, payment: amount })) p.setValue({ fieldId, value });
    return p.save();
  };
  const usd = pay(100);
  const eur = pay(50, b.currencies.EUR);
  const refund = refundFromUndepositedFunds(customer, b.undepositedFunds, usd, 30);
  const deposit = () => {
    const d = record.create({ type: 'deposit', isDynamic: true });
    d.setValue({ fieldId: 'account', value: String(b.bank) });
    return d;
  };
  const lineOf = (d: record.Record, id: number) => d.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(id) });
  const tick = (d: record.Record, id: number, values: { [fieldId: string]: unknown } = {}) => setLine(d, 'payment', lineOf(d, id), { deposit: true, ...values });
  const d = deposit();
  // the form lists both currencies' payments and the refund (negative); dynamic mode takes the bank's currency at once
  expect(d.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
  expect([usd, eur, refund].map((id) => d.getSublistValue({ sublistId: 'payment', fieldId: 'transactionamount', line: lineOf(d, id) }))).toEqual([100, 50, -30]);
  expect([usd, eur, refund].map((id) => d.getSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', line: lineOf(d, id) }))).toEqual([100, '', -30]);
  expect(d.getSublistValue({ sublistId: 'payment', fieldId: 'type', line: lineOf(d, refund) })).toBe('CustRfnd');
  const stale = deposit(); // made before the first is saved: lists what the first will take
  for (const id of [usd, eur, refund]) tick(d, id);
  expect(() => d.save()).toThrow(/Payment Amount/); // the EUR payment: what it brings in USD must be said
  tick(d, eur, { paymentamount: 54 });
  setLine(d, 'cashback', 'new', { account: String(b.fees), amount: 4 });
  setLine(d, 'other', 'new', { account: String(b.clearing), amount: 10 });
  const id = d.save();
  expect(account.get('deposit', id).fields).toMatchObject({ total: 100 + 54 - 30 - 4 + 10, currency: String(b.currencies.USD) });
  expect([books.balance(b.bank, b.currencies.USD), books.balance(b.undepositedFunds, b.currencies.USD), books.balance(b.undepositedFunds, b.currencies.EUR)]).toEqual([130, 0, 0]);
  expect([books.balance(b.fees), books.balance(b.clearing), books.depositOf(eur)]).toEqual([4, -10, String(id)]);
  // deposited: no longer listed, and cannot be deposited again
  const again = deposit();
  expect(lineOf(again, usd)).toBe(-1);
  // the payment sublist lists what NetSuite finds: a script cannot add a line to it
  expect(() => again.selectNewLine({ sublistId: 'payment' })).toThrow(expect.objectContaining({ name: 'SSS_INVALID_SUBLIST_OPERATION' }));
  tick(stale, usd);
  expect(() => stale.save()).toThrow(/not in Undeposited Funds/);
  // a deposit whose total is negative
  const credit = pay(20);
  const r2 = refundFromUndepositedFunds(customer, b.undepositedFunds, credit, 20);
  const refundOnly = deposit();
  tick(refundOnly, r2);
  expect(() => refundOnly.save()).toThrow(/cannot be negative/);
  // past NetSuite's line limit (other deposits a script may add in standard mode too)
  const huge = record.create({ type: 'deposit' });
  huge.setValue({ fieldId: 'account', value: String(b.bank) });
  for (let i = 0; i < 10001; i++) {
    huge.setSublistValue({ sublistId: 'other', fieldId: 'account', line: i, value: String(b.clearing) });
    huge.setSublistValue({ sublistId: 'other', fieldId: 'amount', line: i, value: 1 });
  }
  expect(() => huge.save()).toThrow(/more than 10000 lines/);
  // a journal entry's lines must balance
  const je = record.create({ type: 'journalentry' });
  je.setValue({ fieldId: 'currency', value: String(b.currencies.USD) });
  [[b.clearing, 5, 0], [b.bank, 0, 4]].forEach(([account, debit, credit], line) => {
    for (const [fieldId, value] of Object.entries({ account: String(account), debit, credit })) je.setSublistValue({ sublistId: 'line', fieldId, line, value });
  });
  expect(() => je.save()).toThrow(expect.objectContaining({ name: 'UNBALANCED_JOURNAL' }));
  je.setSublistValue({ sublistId: 'line', fieldId: 'credit', line: 1, value: 5 });
  je.save();
  expect([books.balance(b.bank), books.balance(b.clearing)]).toEqual([125, -5]);
});

test('Auto Apply (customerpayment autoapply): off in a new account, so a payment applies what it ticks; checked, a new payment is applied to the oldest open invoices whatever it ticked', () => {
  const { account, b, customer, books } = world();
  const older = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 30 }], trandate: new Date(account.now().getTime() - 86400000) });
  const named = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 50 }] });
  const pay = (autoapply?: boolean) => {
    const p = record.transform({ fromType: 'invoice', fromId: named, toType: 'customerpayment' });
    if (autoapply !== undefined) p.setValue({ fieldId: 'autoapply', value: autoapply });
    p.setValue({ fieldId: 'payment', value: 50 });
    p.setValue({ fieldId: 'undepfunds', value: true });
    return p;
  };
  expect(pay().getValue({ fieldId: 'autoapply' })).toBe(false);
  pay().save();
  expect([books.invoiceDue(older), books.invoiceDue(named)]).toEqual([30, 0]);

  // an account whose payments start with Auto Apply checked
  books.autoApplyPayments = true;
  const third = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 50 }] });
  const p = record.transform({ fromType: 'invoice', fromId: third, toType: 'customerpayment' });
  expect(p.getValue({ fieldId: 'autoapply' })).toBe(true);
  p.setValue({ fieldId: 'payment', value: 50 });
  p.setValue({ fieldId: 'undepfunds', value: true });
  const id = p.save();
  // ticked for the newest invoice, applied to the oldest open ones: 30 to the older, 20 to the one named
  expect([books.invoiceDue(older), books.invoiceDue(third), books.unapplied('customerpayment', id)]).toEqual([0, 30, 0]);
  expect(account.get('customerpayment', id).sublists.apply.filter((l) => l.apply).map((l) => [l.doc, l.amount])).toEqual([[String(older), 30], [String(third), 20]]);

  // a payment meant as credit (nothing ticked) lands on the open invoice too; the box saved unchecked keeps it credit
  const credit = record.create({ type: 'customerpayment' });
  credit.setValue({ fieldId: 'customer', value: String(customer) });
  credit.setValue({ fieldId: 'payment', value: 10 });
  credit.setValue({ fieldId: 'undepfunds', value: true });
  credit.save();
  expect(books.invoiceDue(third)).toBe(20);
  const kept = record.transform({ fromType: 'invoice', fromId: third, toType: 'customerpayment' });
  kept.setValue({ fieldId: 'autoapply', value: false });
  kept.setValue({ fieldId: 'payment', value: 5 });
  kept.setValue({ fieldId: 'undepfunds', value: true });
  kept.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line: kept.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(third) }), value: 5 });
  const keptId = kept.save();
  expect([books.invoiceDue(third), books.unapplied('customerpayment', keptId)]).toEqual([15, 0]);
});
