/**
 * What the books find again by external id must be what PayPack made: of the right type, and applied
 * to what PayPack says it paid. And a deposit is dated by its payout's arrival day, never guessed.
 */
import * as record from 'N/record';
import { PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { paymentOf, payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, BooksWorld, booksWorld, postWithPayouts, stripeTransactions, turnPostingOn } from './setup';

let w: BooksWorld;
const usd = () => String(w.books.currencies.USD);
const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };
beforeEach(() => { w = booksWorld(); });

test('a journal entry that holds a charge\'s external id is not taken as its payment: the row says so and nothing is marked posted', () => {
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  const ann = bookCustomer(w, 'Ann Co');
  const since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  deliverSince(since);
  // an import by hand gave a journal entry the external id PayPack gives the charge's payment
  const je = record.create({ type: 'journalentry' });
  je.setValue({ fieldId: 'currency', value: usd() });
  je.setValue({ fieldId: 'trandate', value: w.account.now() });
  je.setValue({ fieldId: 'subsidiary', value: String(w.parent) });
  je.setValue({ fieldId: 'externalid', value: `stripe_${String(charge.id)}` });
  [{ account: String(w.books.clearing), debit: 1 }, { account: String(w.books.fees), credit: 1 }].forEach((l, line) => {
    for (const [fieldId, value] of Object.entries(l)) je.setSublistValue({ sublistId: 'line', fieldId, line, value });
  });
  const jeId = String(je.save());
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const row = paymentOf(w, String(charge.id))!;
  expect(String(row[PAYMENT.posting])).toContain(`NetSuite transaction ${jeId} (`);
  expect(String(row[PAYMENT.posting])).toContain(`has the external id stripe_${String(charge.id)} that PayPack gives its customerpayment`);
  expect(row[PAYMENT.toPost]).toBe(true);
  expect(String(row[PAYMENT.transaction] || '')).toBe('');
  expect(w.account.books.customerBalance(ann.customerId, usd())).toBe(0);
});

test('a payment found again that was left unapplied is not taken as paying the invoice: a later refund comes from its credit, no credit memo', () => {
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  const ann = bookCustomer(w, 'Ann Co');
  const invoice = w.account.books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 50 }] });
  // the invoice is paid by cheque first: the Stripe payment that names it stays unapplied
  const cheque = record.transform({ fromType: 'invoice', fromId: invoice, toType: 'customerpayment' });
  cheque.setValue({ fieldId: 'undepfunds', value: true });
  cheque.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line: 0, value: true });
  cheque.save();
  let since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd', metadata: { netsuite_invoice_id: String(invoice) } });
  deliverSince(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  // the run died after saving the payment, before writing the row: the row still needs posting
  const row = w.account.all(RECORD.payment).find((r) => r.fields[PAYMENT.chargeId] === charge.id)!;
  w.account.write(RECORD.payment, { [PAYMENT.posted]: '{"done":{}}', [PAYMENT.toPost]: true, [PAYMENT.transaction]: '' }, { id: row.id });
  advance(w, 900);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(JSON.parse(String(paymentOf(w, String(charge.id))![PAYMENT.posted])).invoice).toBeUndefined();
  since = w.stripe.store().events.length;
  advance(w, 3600);
  w.stripe.refundCharge(String(charge.id), 2000);
  deliverSince(since);
  advance(w, 900);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(w.account.all('creditmemo')).toHaveLength(0);
  expect(stripeTransactions(w)).toHaveLength(2);
  // 50 of credit from the Stripe payment, 20 refunded from it: 30 left; the invoice stays paid by the cheque
  expect(w.account.books.customerBalance(ann.customerId, usd())).toBe(-30);
  expect(w.account.books.invoiceDue(invoice)).toBe(0);
});

test('a payout row without an arrival date is not deposited (dated today it would miss the bank line): the row says what to do', () => {
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co');
  let since = w.stripe.store().events.length;
  w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  deliverSince(since);
  advance(w, 86400);
  since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const row = w.account.all(RECORD.payout).find((r) => r.fields[PAYOUT.id] === payout.id)!;
  w.account.write(RECORD.payout, { [PAYOUT.arrival]: '' }, { id: row.id });
  advance(w, 900);
  const run = runPaymentsJob(w);
  expect([run.mapErrors, run.reduceErrors]).toEqual([[], []]);
  expect(w.account.all('deposit')).toHaveLength(0);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toBe('not posted: the payout row has no arrival date, the day the deposit is dated. Stripe gives every payout one: run PayPack Payments Import again (it rewrites the row from Stripe) or enter it on the row.');
});
