/**
 * A customer served through a customer link (its primary subsidiary is not the one the config
 * serves; `customersubsidiaryrelationship`): its refund that fails after it was posted is reversed in
 * the subsidiary the config serves it in, so that subsidiary's payout bank deposits the money Stripe
 * put back. The test runs the compiled bundle on the emulator and reads the general ledger.
 */
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { CONFIG, PAYMENT } from '../../src/core/ids';
import { BooksWorld, booksWorld, servedInEurope } from './setup';

let w: BooksWorld;
const DAY = 86400;
const cur = (code: string) => String(w.books.currencies[code]);

beforeEach(() => {
  w = booksWorld();
});

test('a linked customer\'s refund that fails is reversed in the served subsidiary: invoice and payment there, and its payout deposited into that subsidiary\'s bank', () => {
  const { euBank, euSecret, both, euCustomer } = servedInEurope(w, { [CONFIG.refundItem]: String(w.books.refundItem) });
  // the customer's euro invoice of the European subsidiary
  const inv = w.account.books.addInvoice({ entity: both, currency: cur('EUR'), subsidiary: w.europe, lines: [{ item: w.books.item, amount: 50 }] });
  advance(w, 60);
  w.euStripe.settlementCurrencies = ['eur'];
  const euDeliver = (act: () => void) => {
    const from = w.euStripe.store().events.length;
    act();
    for (const e of w.euStripe.store().events.slice(from)) deliver(w, e, { secret: euSecret, configId: w.europeConfig });
    advance(w, 60);
    expect(runPaymentsJob(w).mapErrors).toEqual([]);
  };
  let charge: Record<string, unknown> = {};
  // 60 for an invoice of 50: 10 stays credit; a refund of 25 takes the 10 and credits 15 by a credit memo
  euDeliver(() => { charge = w.euStripe.seedCharge(String(euCustomer.id), { amount: 6000, currency: 'eur', metadata: { netsuite_invoice_id: String(inv) } }); });
  euDeliver(() => { w.euStripe.refundCharge(String(charge.id), 2500); });
  const books = w.account.books;
  expect([books.invoiceDue(inv), books.customerBalance(both, cur('EUR')), -books.balance(w.books.income, cur('EUR'))]).toEqual([0, 0, 35]);

  advance(w, 2 * DAY);
  const refund = [...w.euStripe.store().refunds.values()][0];
  euDeliver(() => { w.euStripe.failRefund(String(refund.id)); });
  expect(String(paymentOf(w, charge.id)![PAYMENT.posting])).not.toMatch(/not posted/);
  // every transaction PayPack posted is the European subsidiary's; revenue back at 50, the 10 of credit back
  const posted = w.account.all('customerpayment').concat(w.account.all('invoice'), w.account.all('creditmemo'), w.account.all('customerrefund'))
    .filter((t) => String(t.fields.externalid).startsWith('stripe_'));
  expect(posted.map((t) => t.fields.externalid).sort()).toEqual([`stripe_${String(charge.id)}`, `stripe_${String(refund.id)}`, `stripe_${String(refund.id)}_cm`, `stripe_${String(refund.id)}_failed`, `stripe_${String(refund.id)}_failed_inv`].sort());
  expect([...new Set(posted.map((t) => t.fields.subsidiary))]).toEqual([String(w.europe)]);
  expect([books.invoiceDue(inv), books.customerBalance(both, cur('EUR')), -books.balance(w.books.income, cur('EUR')), books.balance(w.books.undepositedFunds, cur('EUR'))]).toEqual([0, -10, 50, 60]);

  // the payout carries the charge, the refund and Stripe's refund_failure: the EU bank takes all of it
  advance(w, DAY);
  let payout: Record<string, unknown> = {};
  euDeliver(() => { payout = w.euStripe.payOut('eur')!; });
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(w.account.all('deposit').map((d) => [d.fields.account, d.fields.subsidiary, d.fields.total])).toEqual([[String(euBank), String(w.europe), Number(payout.amount) / 100]]);
  expect([books.balance(w.books.undepositedFunds, cur('EUR')), books.balance(w.books.clearing)]).toEqual([0, 0]);
});
