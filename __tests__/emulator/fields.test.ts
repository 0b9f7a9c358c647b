/**
 * The account double's standard fields and record modes: a record type has the body fields, sublists
 * and search columns NetSuite defines for it (emulator/netsuite/standard-fields.ts, from the Records
 * Browser), nothing else; a payment's, refund's and deposit's lines are sourced as Oracle's
 * "SuiteScript 2.x Standard and Dynamic Modes" says, and each mode has its own line editing API.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks } from '../../emulator/netsuite/books';
import { INTERNAL_KEYS } from '../../emulator/netsuite/account';
import { STANDARD_TYPES } from '../../emulator/netsuite/standard-fields';
import { setLine, tickLine } from '../dynamic-lines';

function world() {
  const w = createWorld();
  const b = setupBooks(w.account);
  const customer = w.account.addCustomer({ companyname: 'Fields Co', currency: String(b.currencies.USD), currencies: [b.currencies.EUR] });
  return { ...w, b, customer, books: w.account.books };
}

/** A payment into Undeposited Funds, applied to nothing: standard mode will do. */
function payment(customer: number, amount: number, currency?: number) {
  const p = record.create({ type: 'customerpayment' });
  p.setValue({ fieldId: 'customer', value: String(customer) });
  if (currency) p.setValue({ fieldId: 'currency', value: String(currency) });
  p.setValue({ fieldId: 'payment', value: amount });
  p.setValue({ fieldId: 'undepfunds', value: true });
  return p.save();
}

const named = (name: string) => expect.objectContaining({ name });

describe('standard fields (Records Browser)', () => {
  test('a body field the record type does not have fails loudly, to read, set or submit; custom fields from Objects/ and real fields pass', () => {
    const { customer, b } = world();
    const pay = record.create({ type: 'customerpayment' });
    expect(() => pay.setValue({ fieldId: 'amount', value: 5 })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    expect(() => pay.getValue({ fieldId: 'entity' })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    expect(() => pay.getText({ fieldId: 'amountremaining' })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    pay.setValue({ fieldId: 'customer', value: String(customer) });
    pay.setValue({ fieldId: 'custbody_pp_stripe_id', value: 'ch_1' });
    expect(pay.getValue({ fieldId: 'unapplied' })).toBe('');
    expect(() => record.submitFields({ type: 'customer', id: customer, values: { balanceowed: 1 } })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    record.submitFields({ type: 'customer', id: customer, values: { phone: '555-0100' } });
    // a deposit has no customer; a journal entry has no payment
    expect(() => record.create({ type: 'deposit' }).setValue({ fieldId: 'customer', value: String(customer) })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    expect(() => record.create({ type: 'journalentry' }).setValue({ fieldId: 'payment', value: 1 })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
    void b;
  });

  test('a deposit\'s payment lines carry NetSuite\'s fields (transactionamount, docnumber, docdate, type, ...), never amount; an unknown sublist or sublist field fails with SSS_INVALID_SUBLIST_OPERATION', () => {
    const { customer, b, account } = world();
    const payId = payment(customer, 40);
    const dep = record.create({ type: 'deposit', isDynamic: true });
    dep.setValue({ fieldId: 'account', value: String(b.bank) });
    const line = dep.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(payId) });
    const get = (fieldId: string) => dep.getSublistValue({ sublistId: 'payment', fieldId, line });
    expect([get('transactionamount'), get('paymentamount'), get('type'), get('entity'), get('currency'), get('docnumber')])
      .toEqual([40, 40, 'CustPymt', String(customer), String(b.currencies.USD), account.get('customerpayment', payId).fields.tranid ?? '']);
    expect(get('docdate')).toEqual(account.get('customerpayment', payId).fields.trandate);
    expect(get('docdate')).not.toBe('');
    expect(() => get('amount')).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    dep.selectLine({ sublistId: 'payment', line });
    expect(() => dep.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'amount', value: 40 })).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    expect(() => dep.getLineCount({ sublistId: 'apply' })).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    // an apply line names its document's type the way a search does
    const refund = record.create({ type: 'customerrefund', isDynamic: true });
    refund.setValue({ fieldId: 'customer', value: String(customer) });
    const l = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(payId) });
    expect([refund.getSublistValue({ sublistId: 'apply', fieldId: 'trantype', line: l }), refund.getSublistValue({ sublistId: 'apply', fieldId: 'due', line: l })]).toEqual(['CustPymt', 40]);
  });

  test('no record holds a field NetSuite would not give: the double refuses to store one, and a whole books flow stores only catalogued fields', () => {
    const { customer, b, account, books } = world();
    expect(() => account.write('customerpayment', { customer: String(customer), amount: 5 })).toThrow(/store field amount on a customerpayment/);
    expect(() => account.write('deposit', { account: String(b.bank) }, { sublists: { payment: [{ id: '1', amount: 5 }] } })).toThrow(/field amount on sublist payment of a deposit/);
    expect(() => account.write('account', { acctname: 'X', name: 'X' })).toThrow(/store field name on a account/);
    // a flow: invoice, payment from it, credit memo, refund, deposit
    const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 90 }] });
    const pay = record.transform({ fromType: 'invoice', fromId: inv, toType: 'customerpayment' });
    pay.setValue({ fieldId: 'undepfunds', value: true });
    pay.save();
    const cm = record.transform({ fromType: 'invoice', fromId: inv, toType: 'creditmemo' });
    cm.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 10 });
    const cmId = cm.save();
    const refund = record.create({ type: 'customerrefund', isDynamic: true });
    refund.setValue({ fieldId: 'customer', value: String(customer) });
    refund.setValue({ fieldId: 'account', value: String(b.undepositedFunds) });
    tickLine(refund, 'apply', 'doc', String(cmId), { apply: true, amount: 10 });
    refund.save();
    const dep = record.create({ type: 'deposit', isDynamic: true });
    dep.setValue({ fieldId: 'account', value: String(b.bank) });
    for (let i = 0; i < dep.getLineCount({ sublistId: 'payment' }); i++) setLine(dep, 'payment', i, { deposit: true });
    dep.save();
    const strays: string[] = [];
    for (const [type, table] of account.records) {
      const std = STANDARD_TYPES[type];
      if (!std) continue;
      for (const rec of table.values()) {
        for (const k of Object.keys(rec.fields)) if (!INTERNAL_KEYS.has(k) && !k.startsWith('cust') && !std.body.includes(k)) strays.push(`${type}.${k}`);
        for (const [sub, lines] of Object.entries(rec.sublists)) {
          if (sub === 'gl') continue;
          for (const line of lines) for (const k of Object.keys(line)) if (!(std.sublists[sub] || []).includes(k)) strays.push(`${type}.${sub}.${k}`);
        }
      }
    }
    expect(strays).toEqual([]);
    expect(account.all('deposit')).toHaveLength(1);
  });

  test('a search names only its type\'s search columns and filters (SSS_INVALID_SRCH_COL, SSS_INVALID_SRCH_FILTER); lookupFields too', () => {
    const { customer, b } = world();
    const payId = payment(customer, 25);
    expect(() => search.create({ type: 'transaction', columns: ['unapplied'] }).run().getRange({ start: 0, end: 1 })).toThrow(named('SSS_INVALID_SRCH_COL'));
    expect(() => search.create({ type: 'transaction', filters: [['paymentamount', 'equalto', 1]], columns: ['tranid'] }).run().getRange({ start: 0, end: 1 })).toThrow(named('SSS_INVALID_SRCH_FILTER'));
    expect(() => search.create({ type: 'customer', filters: [search.createFilter({ name: 'balanceowed', operator: search.Operator.ISNOTEMPTY })], columns: ['entityid'] }).run().getRange({ start: 0, end: 1 })).toThrow(named('SSS_INVALID_SRCH_FILTER'));
    expect(() => search.lookupFields({ type: 'customerpayment', id: payId, columns: ['unapplied'] })).toThrow(named('SSS_INVALID_SRCH_COL'));
    // real columns: a payment's customer is the Transaction search's entity; an account's name is its acctname
    expect(search.lookupFields({ type: 'customerpayment', id: payId, columns: ['entity'] }).entity).toEqual([{ value: String(customer), text: 'Fields Co' }]);
    const [bank] = search.create({ type: 'account', filters: [['internalid', 'anyof', String(b.bank)]], columns: ['name', 'type'] }).run().getRange({ start: 0, end: 1 });
    expect([bank.getValue('name'), bank.getValue('type')]).toEqual(['Operating Bank', 'Bank']);
  });
});

test('a customer\'s address is an addressbook line\'s address subrecord: the search\'s bill and ship columns show the default ones; the record has no billcity field', () => {
  const { account } = world();
  const id = account.addCustomer({ companyname: 'Addressed Co', address: { addr1: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', country: 'US' } });
  const [r] = search.create({ type: 'customer', filters: [['internalid', 'anyof', String(id)]], columns: ['billaddress1', 'billcity', 'billzipcode', 'billcountrycode', 'shipcity', 'city'] }).run().getRange({ start: 0, end: 1 });
  expect(['billaddress1', 'billcity', 'billzipcode', 'billcountrycode', 'shipcity', 'city'].map((c) => r.getValue(c))).toEqual(['1 Main St', 'Austin', '78701', 'US', 'Austin', 'Austin']);
  const rec = record.load({ type: 'customer', id });
  expect(() => rec.setValue({ fieldId: 'billcity', value: 'Dallas' })).toThrow(named('EMULATOR_UNKNOWN_FIELD'));
  expect(rec.getSublistValue({ sublistId: 'addressbook', fieldId: 'defaultbilling', line: 0 })).toBe(true);
  expect(() => account.addCustomer({ companyname: 'X', address: { postcode: '1' } })).toThrow(/no field postcode/);
});

describe('standard and dynamic modes (SuiteScript 2.x Standard and Dynamic Modes)', () => {
  test('a payment in dynamic mode sources its currency and apply lines as the customer is set; in standard mode nothing is sourced until the save', () => {
    const { customer, b, books } = world();
    const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 60 }] });
    const dyn = record.create({ type: 'customerpayment', isDynamic: true });
    dyn.setValue({ fieldId: 'customer', value: String(customer) });
    expect(dyn.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
    const line = dyn.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(inv) });
    expect(line).toBeGreaterThanOrEqual(0);
    // dynamic mode edits a line by selecting it; setSublistValue is for standard mode
    expect(() => dyn.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true })).toThrow(named('SSS_INVALID_API_USAGE'));
    dyn.selectLine({ sublistId: 'apply', line });
    dyn.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
    dyn.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'amount', value: 60 });
    expect(dyn.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line })).toBe(false); // not until committed
    dyn.commitLine({ sublistId: 'apply' });
    dyn.setValue({ fieldId: 'payment', value: 60 });
    dyn.setValue({ fieldId: 'undepfunds', value: true });
    dyn.save();
    expect(books.invoiceDue(inv)).toBe(0);
    // standard mode: no currency and no lines until the save
    books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 5 }] });
    const std = record.create({ type: 'customerpayment' });
    std.setValue({ fieldId: 'customer', value: String(customer) });
    expect([std.getValue({ fieldId: 'currency' }), std.getLineCount({ sublistId: 'apply' })]).toEqual(['', 0]);
    expect(() => std.selectLine({ sublistId: 'apply', line: 0 })).toThrow(named('SSS_INVALID_API_USAGE'));
    expect(() => std.commitLine({ sublistId: 'apply' })).toThrow(named('SSS_INVALID_API_USAGE'));
    std.setValue({ fieldId: 'payment', value: 5 });
    std.setValue({ fieldId: 'undepfunds', value: true });
    std.save();
    expect(std.getValue({ fieldId: 'currency' })).toBe(String(b.currencies.USD));
    // a second currency set in either mode lists that currency's documents
    const eur = books.addInvoice({ entity: customer, currency: b.currencies.EUR, lines: [{ item: b.item, amount: 7 }] });
    const inEur = record.create({ type: 'customerpayment', isDynamic: true });
    inEur.setValue({ fieldId: 'customer', value: String(customer) });
    inEur.setValue({ fieldId: 'currency', value: String(b.currencies.EUR) });
    expect(inEur.getLineCount({ sublistId: 'apply' })).toBe(1);
    expect(inEur.getSublistValue({ sublistId: 'apply', fieldId: 'doc', line: 0 })).toBe(String(eur));
  });

  test('standard mode sources nothing until the save: a new payment, refund or deposit lists no line to tick (adding one is refused), takes no currency or subsidiary; saved, the payment is unapplied and the deposit takes nothing', () => {
    const { customer, b, books, account } = world();
    const waiting = payment(customer, 12);
    const refund = record.create({ type: 'customerrefund' });
    refund.setValue({ fieldId: 'customer', value: String(customer) });
    expect(refund.getLineCount({ sublistId: 'apply' })).toBe(0);
    const dep = record.create({ type: 'deposit' });
    dep.setValue({ fieldId: 'account', value: String(b.bank) });
    expect([dep.getValue({ fieldId: 'currency' }), dep.getLineCount({ sublistId: 'payment' })]).toEqual(['', 0]);
    // other deposits are the script's own lines: standard mode adds them
    dep.setSublistValue({ sublistId: 'other', fieldId: 'account', line: 0, value: String(b.clearing) });
    dep.setSublistValue({ sublistId: 'other', fieldId: 'amount', line: 0, value: 3 });
    const depId = dep.save();
    expect(account.get('deposit', depId).fields).toMatchObject({ currency: String(b.currencies.USD), total: 3 });
    expect([books.depositOf(waiting), books.balance(b.undepositedFunds)]).toEqual(['', 12]);
    // OneWorld: the customer's subsidiary comes with the save too
    const sub = account.addSubsidiary('Sourced Inc');
    const oneWorld = account.addCustomer({ companyname: 'One World Co', subsidiary: String(sub), currency: String(b.currencies.USD) });
    const inv = books.addInvoice({ entity: oneWorld, currency: b.currencies.USD, lines: [{ item: b.item, amount: 25 }] });
    const pay = record.create({ type: 'customerpayment' });
    pay.setValue({ fieldId: 'customer', value: String(oneWorld) });
    expect([pay.getValue({ fieldId: 'currency' }), pay.getValue({ fieldId: 'subsidiary' }), pay.getLineCount({ sublistId: 'apply' })]).toEqual(['', '', 0]);
    pay.setValue({ fieldId: 'currency', value: String(b.currencies.USD) });
    expect(pay.getLineCount({ sublistId: 'apply' })).toBe(0);
    expect(() => pay.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line: 0, value: true })).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    pay.setValue({ fieldId: 'payment', value: 25 });
    pay.setValue({ fieldId: 'undepfunds', value: true });
    const payId = pay.save();
    // the invoice was not applied: the payment is the customer's credit
    expect(account.get('customerpayment', payId).fields.subsidiary).toBe(String(sub));
    expect([books.invoiceDue(inv), books.unapplied('customerpayment', payId)]).toEqual([25, 25]);
  });

  test('a transformed record is initialized from the one it comes from, in either mode: an invoice\'s payment lists and applies the invoice in standard mode; record initialization defaults of a payment, refund or deposit are not modeled and fail loudly', () => {
    const { customer, b, books } = world();
    const inv = books.addInvoice({ entity: customer, currency: b.currencies.USD, lines: [{ item: b.item, amount: 40 }] });
    const pay = record.transform({ fromType: 'invoice', fromId: inv, toType: 'customerpayment' });
    expect(pay.isDynamic).toBe(false);
    const line = pay.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(inv) });
    expect([pay.getValue({ fieldId: 'currency' }), pay.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line }), pay.getSublistValue({ sublistId: 'apply', fieldId: 'amount', line })]).toEqual([String(b.currencies.USD), true, 40]);
    pay.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 15 });
    pay.setValue({ fieldId: 'payment', value: 15 });
    pay.setValue({ fieldId: 'undepfunds', value: true });
    pay.save();
    expect(books.invoiceDue(inv)).toBe(25);
    const cm = record.transform({ fromType: 'invoice', fromId: inv, toType: 'creditmemo' });
    expect(cm.getLineCount({ sublistId: 'item' })).toBe(1);
    for (const type of ['customerpayment', 'customerrefund', 'deposit']) {
      expect(() => record.create({ type, defaultValues: { entity: customer } })).toThrow(/does not model record initialization defaults \(entity\)/);
    }
  });

  test('a deposit in dynamic mode takes the bank\'s currency when the account is set and totals its lines as they are committed; its payment lines cannot be added to', () => {
    const { customer, b, account } = world();
    const usd = payment(customer, 30);
    const eur = payment(customer, 20, b.currencies.EUR);
    const dep = record.create({ type: 'deposit', isDynamic: true });
    dep.setValue({ fieldId: 'account', value: String(b.bank) });
    expect([dep.getValue({ fieldId: 'currency' }), dep.getValue({ fieldId: 'total' })]).toEqual([String(b.currencies.USD), 0]);
    const tick = (id: number, paymentamount?: number) => {
      dep.selectLine({ sublistId: 'payment', line: dep.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(id) }) });
      dep.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
      if (paymentamount !== undefined) dep.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', value: paymentamount });
      dep.commitLine({ sublistId: 'payment' });
    };
    tick(usd);
    expect(dep.getValue({ fieldId: 'total' })).toBe(30);
    tick(eur, 21.5); // another currency: what it brings in the deposit's currency
    expect(dep.getValue({ fieldId: 'total' })).toBe(51.5);
    const add = (sublistId: string, amount: number) => {
      dep.selectNewLine({ sublistId });
      dep.setCurrentSublistValue({ sublistId, fieldId: 'account', value: String(b.fees) });
      dep.setCurrentSublistValue({ sublistId, fieldId: 'amount', value: amount });
      dep.commitLine({ sublistId });
    };
    add('other', 2);
    add('cashback', 1.25);
    expect(dep.getValue({ fieldId: 'total' })).toBe(52.25);
    expect(() => dep.selectNewLine({ sublistId: 'payment' })).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    const id = dep.save();
    expect(account.get('deposit', id).fields.total).toBe(52.25);
  });
});
