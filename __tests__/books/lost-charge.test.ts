/**
 * A Pay by card charge whose own events never arrived: PayPack first sees it in its payout's listing,
 * which carries the charge without its payment intent. The intent's metadata names the NetSuite
 * invoice it pays, so the job reads it; the books apply the payment to that invoice rather than
 * leave the invoice open beside an equal customer credit.
 */
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, postWithPayouts } from './setup';

test('a charge whose events were all lost, first seen in its payout, pays the invoice its payment intent names', () => {
  const w = booksWorld();
  const usd = String(w.books.currencies.USD);
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co');
  const inv = w.account.books.addInvoice({ entity: ann.customerId, currency: w.books.currencies.USD, lines: [{ item: w.books.item, amount: 80 }] });
  // paid through the invoice's link: the charge's events never reach NetSuite
  advance(w, 3600);
  w.stripe.seedCharge(ann.stripeId, { amount: 8000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } });
  advance(w, 86400);
  const since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd')!;
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e); // payout.paid only
  const calls = w.stripe.calls.length;
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  // the payout, what it carries, the charge's span again with its payment intent
  expect(w.stripe.calls.length - calls).toBeLessThanOrEqual(3);
  advance(w, 900);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  expect(w.account.books.customerBalance(ann.customerId, usd)).toBe(0);
  expect(w.account.books.balance(w.books.undepositedFunds, usd)).toBe(0);
  expect(w.account.books.balance(w.books.clearing, usd)).toBe(0);
  expect(w.account.books.balance(w.books.bank, usd)).toBe(Number(payout.amount) / 100);
});
