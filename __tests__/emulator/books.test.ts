/**
 * The account double's books: the transactions PayPack posts save, apply and post their general
 * ledger lines as NetSuite does, and refuse what NetSuite refuses.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks } from '../../emulator/netsuite/books';

function world() {
  const w = createWorld();
  const b = setupBooks(w.account);
  const customer = w.account.addCustomer({ companyname: 'Ledger Co', currency: String(b.currencies.USD), currencies: [b.currencies.EUR] });
  return { ...w, b, customer, books: w.account.books };
}

/** A customer refund out of Undeposited Funds that takes `amount` of one open document (a payment or a credit memo). */
function refundFromUndepositedFunds(customer: number, undepositedFunds: number, doc: number, amount: number): number {
  const refund = record.create({ type: 'customerrefund' });
  refund.setValue({ fieldId: 'customer', value: String(customer) });
  refund.setValue({ fieldId: 'account', value: String(undepositedFunds) });
  const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(doc) });
  refund.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
  refund.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: amount });
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
  const pay = record.create({ type: 'customerpayment' });
  pay.setValue({ fieldId: 'customer', value: String(customer) });
  expect(pay.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
  pay.setValue({ fieldId: 'payment', value: 100 });
  pay.setValue({ fieldId: 'undepfunds', value: true });
  const line = pay.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(inv) });
  pay.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
  pay.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 80 });
  const payId = pay.save();
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
    const p = record.create({ type: 'customerpayment' });
    for (const [fieldId, value] of Object.entries({ customer: String(customer), undepfunds: true, payment: 10, ...values })) p.setValue({ fieldId, value });
    return p;
  };
  expect(() => payment({ currency: String(b.currencies.JPY) }).save()).toThrow(expect.objectContaining({ name: 'INVALID_FLD_VALUE' }));
  const over = payment({});
  const line = over.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(inv) });
  over.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
  over.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 11 });
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
