/**
 * The account double's currencies and subsidiaries, as NetSuite keeps them with Multiple Currencies
 * and OneWorld. Sources (Oracle NetSuite help): "Currency Exchange Rates" (a rate per base and foreign
 * currency, effective from a date; a transaction takes its date's rate), "Realized and Unrealized
 * Gains and Losses" (a payment applied at another rate than its invoice, a deposit bringing in another
 * amount than its payments were booked at: the difference posts to Realized Gain/Loss), "Making
 * Deposits" (foreign-currency payments: Payment Amount in the bank's currency), the Transaction search
 * columns (Amount, Amount Remaining in the base currency; Amount (Foreign Currency), Amount Remaining
 * (Foreign Currency) in the transaction's), "OneWorld" and "Subsidiaries" (every transaction names a
 * subsidiary with its own base currency; a bank account belongs to one subsidiary).
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks } from '../../emulator/netsuite/books';
import { tickLine } from '../dynamic-lines';

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));

function world() {
  const w = createWorld();
  const us = w.account.addSubsidiary('US Inc');
  const b = setupBooks(w.account);
  const c = b.currencies;
  // the yen was at 0.0065 in early November, at 0.0067 from the 10th
  w.account.books.currencies.setRate(c.USD, c.JPY, 0.0065, day(1));
  w.account.books.currencies.setRate(c.USD, c.JPY, 0.0067, day(10));
  const customer = w.account.addCustomer({ companyname: 'Tokyo KK', subsidiary: String(us), currency: String(c.JPY) });
  return { ...w, b, c, us, customer, books: w.account.books };
}

function payment(customer: number, values: Record<string, unknown>, apply?: { doc: number; amount: number }): number {
  const p = record.create({ type: 'customerpayment', isDynamic: true });
  p.setValue({ fieldId: 'customer', value: String(customer) });
  for (const [fieldId, value] of Object.entries({ undepfunds: true, ...values })) p.setValue({ fieldId, value: value as record.FieldValue });
  if (apply) tickLine(p, 'apply', 'doc', String(apply.doc), { apply: true, amount: apply.amount });
  return p.save();
}

test('Currency Exchange Rates: a transaction takes the rate of its date to its subsidiary\'s base currency (or the one set on it); its ledger is in the base currency with the foreign amount beside; no rate fails loudly', () => {
  const { account, b, c, customer, books } = world();
  const early = books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 10000 }], trandate: day(5) });
  const late = books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 10000 }], trandate: day(12) });
  expect([account.get('invoice', early).fields.exchangerate, account.get('invoice', late).fields.exchangerate]).toEqual([0.0065, 0.0067]);
  // record.getValue: the invoice's own currency
  const inv = record.load({ type: 'invoice', id: early });
  expect([inv.getValue({ fieldId: 'total' }), inv.getValue({ fieldId: 'amountremaining' })]).toEqual([10000, 10000]);
  // the ledger: base amounts, the yen beside them
  expect(account.get('invoice', early).sublists.gl).toEqual(expect.arrayContaining([
    expect.objectContaining({ account: String(b.receivables), debit: 65, credit: 0, fxamount: 10000, currency: String(c.JPY) }),
    expect.objectContaining({ account: String(b.income), debit: 0, credit: 65, fxamount: -10000, currency: String(c.JPY) }),
  ]));
  expect([books.balance(b.income), books.balance(b.income, c.JPY), books.customerBalance(customer), books.customerBalance(customer, c.JPY)]).toEqual([-132, -20000, 132, 20000]);
  // a rate set on the transaction is kept
  const set = payment(customer, { currency: String(c.JPY), payment: 1000, trandate: day(12), exchangerate: 0.007 });
  expect(books.balance(b.undepositedFunds)).toBe(7);
  expect(account.get('customerpayment', set).fields.exchangerate).toBe(0.007);
  // before any rate of the yen: the test set none, and the double says so
  expect(() => books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 1 }], trandate: new Date('1999-06-01T00:00:00Z') })).toThrow(/no exchange rate from currency/);
});

test('Transaction search columns: amount, total and amountremaining in the base currency, fxamount and fxamountremaining in the transaction\'s own, in searches, filters and lookupFields', () => {
  const { c, b, customer, books } = world();
  const inv = books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 10000 }], trandate: day(12) });
  expect(search.lookupFields({ type: 'invoice', id: inv, columns: ['amount', 'total', 'amountremaining', 'fxamount', 'fxamountremaining'] }))
    .toEqual({ amount: 67, total: 67, amountremaining: 67, fxamount: 10000, fxamountremaining: 10000 });
  payment(customer, { currency: String(c.JPY), payment: 4000, trandate: day(12) }, { doc: inv, amount: 4000 });
  expect(search.lookupFields({ type: 'invoice', id: inv, columns: ['amountremaining', 'fxamountremaining'] })).toEqual({ amountremaining: 40.2, fxamountremaining: 6000 });
  // a filter compares the base amount
  const found = (n: number) => search.create({ type: 'invoice', filters: [['amountremaining', 'greaterthan', n]], columns: ['fxamountremaining'] }).run().getRange({ start: 0, end: 10 }).map((r) => r.getValue('fxamountremaining'));
  expect([found(40), found(1000)]).toEqual([[6000], []]);
});

test('Realized gain or loss: a yen payment applied to an invoice booked at another rate, and a yen payment deposited into a dollar bank at the amount the bank got', () => {
  const { account, c, b, customer, books } = world();
  // invoiced at 0.0065 (65.00), paid at 0.0067 (67.00): the invoice's A/R goes at 65.00, 2.00 is a gain
  const inv = books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 10000 }], trandate: day(5) });
  const pay = payment(customer, { currency: String(c.JPY), payment: 10000, trandate: day(12) }, { doc: inv, amount: 10000 });
  expect([books.invoiceDue(inv), books.customerBalance(customer), books.customerBalance(customer, c.JPY), books.balance(b.undepositedFunds)]).toEqual([0, 0, 0, 67]);
  expect(books.balance(b.gainLoss)).toBe(-2);
  expect(account.get('customerpayment', pay).sublists.gl).toContainEqual(expect.objectContaining({ account: String(b.gainLoss), debit: 0, credit: 2, fxamount: 0 }));
  // deposited into the dollar bank as 66.80 (what the yen brought): 0.20 is a loss; the yen are off Undeposited Funds at 67.00
  const d = record.create({ type: 'deposit', isDynamic: true });
  d.setValue({ fieldId: 'subsidiary', value: String(account.get('account', b.bank).fields.subsidiary) });
  d.setValue({ fieldId: 'account', value: String(b.bank) });
  d.setValue({ fieldId: 'trandate', value: day(14) });
  tickLine(d, 'payment', 'id', String(pay), { deposit: true, paymentamount: 66.8 });
  d.save();
  expect([books.balance(b.bank), books.balance(b.undepositedFunds), books.balance(b.undepositedFunds, c.JPY), books.balance(b.gainLoss)]).toEqual([66.8, 0, 0, -1.8]);
  // every transaction balances in the base currency
  for (const t of ['invoice', 'customerpayment', 'deposit']) {
    for (const tx of account.all(t)) expect(Math.round((tx.sublists.gl as unknown as Array<{ debit: number; credit: number }>).reduce((s, l) => s + l.debit - l.credit, 0) * 100) + 0).toBe(0);
  }
});

test('OneWorld: transactions need a subsidiary, a customer\'s are of its subsidiaries, a bank account and what a deposit takes belong to one subsidiary; each subsidiary books in its own base currency', () => {
  const { account, c, b, us, customer, books } = world();
  const eu = account.addSubsidiary('EU GmbH', { currency: String(c.EUR) });
  books.currencies.setRate(c.EUR, c.USD, 0.93, day(1));
  const hans = account.addCustomer({ companyname: 'Hans AG', subsidiary: String(eu), currency: String(c.EUR), currencies: [c.USD] });
  const euBank = account.write('account', { acctname: 'EU Bank', accttype: 'Bank', currency: String(c.EUR), subsidiary: String(eu), isinactive: false }).id;
  // sourced from the customer, refused when another
  const inv = books.addInvoice({ entity: hans, currency: c.USD, lines: [{ item: b.item, amount: 100 }], trandate: day(12) });
  expect(account.get('invoice', inv).fields).toMatchObject({ subsidiary: String(eu), exchangerate: 0.93 });
  expect(books.balance(b.receivables)).toBe(93); // EUR, the EU subsidiary's base (the ledger here mixes bases: each subsidiary keeps its own)
  expect(() => books.addInvoice({ entity: hans, currency: c.EUR, lines: [{ item: b.item, amount: 1 }], subsidiary: us })).toThrow(/does not belong to it/);
  // a payment applies only documents of its own subsidiary (the customer belonging to both)
  books.currencies.setRate(c.EUR, c.JPY, 0.0062, day(1));
  const usInv = books.addInvoice({ entity: customer, currency: c.JPY, lines: [{ item: b.item, amount: 500 }], trandate: day(12) });
  account.write('customersubsidiaryrelationship', { entity: String(customer), subsidiary: String(eu), isprimarysub: false });
  expect(() => payment(customer, { currency: String(c.JPY), payment: 500, trandate: day(12), subsidiary: String(eu) }, { doc: usInv, amount: 500 }))
    .toThrow(new RegExp(`You cannot apply document ${usInv} of subsidiary ${us} on a transaction of subsidiary ${eu}`));
  const euroPay = payment(hans, { currency: String(c.EUR), payment: 50, trandate: day(12) });
  const yenPay = payment(customer, { currency: String(c.JPY), payment: 1000, trandate: day(12) });
  // a deposit names its subsidiary; its bank must be of it; it takes only that subsidiary's payments
  const deposit = (subsidiary: number | '', bank: number, pay: number, paymentamount?: number) => {
    const d = record.create({ type: 'deposit', isDynamic: true });
    if (subsidiary) d.setValue({ fieldId: 'subsidiary', value: String(subsidiary) });
    d.setValue({ fieldId: 'account', value: String(bank) });
    tickLine(d, 'payment', 'id', String(pay), { deposit: true, ...(paymentamount !== undefined ? { paymentamount } : {}) });
    return () => d.save();
  };
  expect(deposit('', euBank, euroPay)).toThrow(/Please enter value\(s\) for: Subsidiary/);
  expect(deposit(us, euBank, euroPay)).toThrow(new RegExp(`Invalid account reference key ${euBank} for subsidiary ${us}`));
  expect(deposit(us, b.bank, euroPay, 54)).toThrow(new RegExp(`belongs to subsidiary ${eu}: a deposit of subsidiary ${us} cannot take it`));
  deposit(eu, euBank, euroPay)();
  deposit(us, b.bank, yenPay, 6.7)();
  expect([books.balance(euBank), books.balance(b.bank), books.depositOf(euroPay), books.depositOf(yenPay)].map(String)).toEqual(['50', '6.7', expect.any(String), expect.any(String)]);
  // a journal entry too: its subsidiary, and accounts it may post to
  const je = (subsidiary: number | '') => {
    const j = record.create({ type: 'journalentry' });
    if (subsidiary) j.setValue({ fieldId: 'subsidiary', value: String(subsidiary) });
    j.setValue({ fieldId: 'currency', value: String(c.EUR) });
    [[b.clearing, 5, 0], [euBank, 0, 5]].forEach(([acct, debit, credit], line) => {
      for (const [fieldId, value] of Object.entries({ account: String(acct), debit, credit })) j.setSublistValue({ sublistId: 'line', fieldId, line, value });
    });
    return () => j.save();
  };
  expect(je('')).toThrow(/Please enter value\(s\) for: Subsidiary/);
  expect(je(us)).toThrow(new RegExp(`Invalid account reference key ${euBank} for subsidiary ${us}`));
  je(eu)();
  expect(books.balance(euBank)).toBe(45);
});
