/**
 * A refund whose charge.refunded event never arrived: the payout that carries it names it, so the
 * payments job reads the charge again, the books post the refund, and the deposit takes it off
 * Undeposited Funds. Without that, the refund sat on the clearing account for good and the
 * customer kept a credit they had been refunded.
 */
import { PAYOUT } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, postWithPayouts, stripeTransactions } from './setup';

test('a refund whose event was lost is found in its payout\'s listing and posted: the customer\'s credit, Undeposited Funds, the bank and clearing end right', () => {
  const w = booksWorld();
  const usd = String(w.books.currencies.USD);
  const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co');
  let since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 8000, currency: 'usd' });
  deliverSince(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(w.account.books.customerBalance(ann.customerId, usd)).toBe(-80);
  // refunded 30 in Stripe: the event never reaches NetSuite
  advance(w, 3600);
  w.stripe.refundCharge(String(charge.id), 3000);
  const refund = [...w.stripe.store().refunds.values()][0];
  advance(w, 86400);
  since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since); // payout.paid only
  const listing = runPaymentsJob(w);
  expect(listing.mapErrors).toEqual([]);
  advance(w, 900);
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  expect(stripeTransactions(w).sort()).toEqual([`stripe_${String(charge.id)}`, `stripe_${String(refund.id)}`].sort());
  // 80 paid, 30 refunded: 50 of credit left; the deposit took both off Undeposited Funds; nothing on clearing
  expect(w.account.books.customerBalance(ann.customerId, usd)).toBe(-50);
  expect(w.account.books.balance(w.books.undepositedFunds, usd)).toBe(0);
  expect(w.account.books.balance(w.books.clearing, usd)).toBe(0);
  expect(w.account.books.balance(w.books.bank, usd)).toBe(Number(payout.amount) / 100);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^posted as deposit \d+$/);
});
