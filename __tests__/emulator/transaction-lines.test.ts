/**
 * Transaction searches of lines (`mainline` F): one row per line of each transaction, each with its own
 * account, debit or credit amount and memo, the rest of the columns the transaction's. NetSuite: a
 * transaction search returns a row per line; the main line filter (Main Line is false) keeps the lines.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { createWorld } from '../../emulator/world';
import { setupBooks } from '../../emulator/netsuite/books';
import { setLine, tickLine } from '../dynamic-lines';

test('a deposit\'s lines: what it takes off Undeposited Funds, its other and cash-back lines, each with its account, amount and memo; main lines as before', () => {
  const w = createWorld();
  const b = setupBooks(w.account);
  const customer = w.account.addCustomer({ companyname: 'Ledger Co', currency: String(b.currencies.USD) });
  const pay = record.create({ type: 'customerpayment' });
  pay.setValue({ fieldId: 'customer', value: String(customer) });
  pay.setValue({ fieldId: 'payment', value: 100 });
  pay.setValue({ fieldId: 'undepfunds', value: true });
  const payId = pay.save();
  const dep = record.create({ type: 'deposit', isDynamic: true });
  dep.setValue({ fieldId: 'account', value: String(b.bank) });
  dep.setValue({ fieldId: 'memo', value: 'Stripe payout po_1' });
  tickLine(dep, 'payment', 'id', String(payId), { deposit: true });
  const add = (sublistId: string, values: Record<string, string | number>) => setLine(dep, sublistId, 'new', values);
  add('other', { account: String(b.clearing), amount: 12.34, memo: 'Stripe charge ch_x: no NetSuite transaction' });
  add('cashback', { account: String(b.fees), amount: 3.2, memo: 'Stripe fees of payout po_1' });
  const depId = String(dep.save());

  const lines = (filters: unknown[]) => search.create({ type: 'transaction', filters, columns: ['account', 'debitamount', 'creditamount', 'memo', 'type'] }).run().getRange({ start: 0, end: 100 })
    .map((r) => [r.id, r.getText('account'), r.getValue('debitamount'), r.getValue('creditamount'), r.getValue('memo'), r.getValue('type')]);
  // the clearing account's lines: the deposit's other line, money in from clearing (a credit to it)
  expect(lines([['mainline', 'is', 'F'], 'AND', ['account', 'anyof', String(b.clearing)]])).toEqual([[depId, 'Stripe Clearing', '', 12.34, 'Stripe charge ch_x: no NetSuite transaction', 'Deposit']]);
  expect(lines([['mainline', 'is', 'F'], 'AND', ['type', 'anyof', 'Deposit']]).map((l) => l[1])).toEqual(['Undeposited Funds', 'Stripe Clearing', 'Stripe Fees']);
  expect(lines([['mainline', 'is', 'F'], 'AND', ['account', 'anyof', String(b.fees)]])).toEqual([[depId, 'Stripe Fees', 3.2, '', 'Stripe fees of payout po_1', 'Deposit']]);
  // main lines: one row per transaction, the body's memo, as before
  const main = search.create({ type: 'transaction', filters: [['mainline', 'is', 'T'], 'AND', ['type', 'anyof', 'Deposit']], columns: ['memo', 'mainline'] }).run().getRange({ start: 0, end: 10 });
  expect(main.map((r) => [r.id, r.getValue('memo')])).toEqual([[depId, 'Stripe payout po_1']]);
});
