/**
 * A payout Stripe is still reconciling when it is paid: Stripe lists what it carries in full only
 * once its reconciliation_status is completed (docs: Payout reconciliation). Its row waits, and the
 * run after Stripe finished lists it whole: the deposit equals the payout and clearing ends at 0.
 */
import { PAYMENT, PAYOUT } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { paymentOf, payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, postWithPayouts } from './setup';

let w: BooksWorld;
const cur = (code: string) => String(w.books.currencies[code]);
const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };

test('a payout paid while Stripe reconciles it waits; once reconciliation completes the next run lists it whole and its deposit equals the payout', () => {
  w = booksWorld();
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co');
  let since = w.stripe.store().events.length;
  const charges = [2500, 4000, 6000, 7500].map((amount) => w.stripe.seedCharge(ann.stripeId, { amount, currency: 'usd' }));
  deliverSince(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);

  advance(w, 86400);
  since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd', { reconciling: true })!;
  deliverSince(since);
  expect(payoutOf(w, payout.id)![PAYOUT.contents]).toBe('waiting for Stripe to finish reconciling the payout');
  // while Stripe reconciles: nothing listed, no deposit, one call to see the payout is still reconciling
  for (let run = 0; run < 2; run++) {
    advance(w, 900);
    const waiting = runPaymentsJob(w);
    expect([waiting.mapErrors, waiting.reduceErrors]).toEqual([[], []]);
    expect(waiting.stripeCalls).toBe(1);
  }
  expect(payoutOf(w, payout.id)![PAYOUT.contents]).toBe('waiting for Stripe to finish reconciling the payout');
  expect(payoutOf(w, payout.id)![PAYOUT.count] ?? '').toBe('');
  expect(w.account.all('deposit')).toHaveLength(0);
  expect(charges.map((c) => paymentOf(w, c.id)![PAYMENT.payout] ?? '')).toEqual(['', '', '', '']);

  // Stripe finishes: the next run lists the whole payout, the one after posts its deposit
  advance(w, 3 * 3600);
  w.stripe.completeReconciliation(String(payout.id));
  advance(w, 900);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(payoutOf(w, payout.id)).toMatchObject({ [PAYOUT.contents]: 'listed', [PAYOUT.count]: 4, [PAYOUT.gross]: 200 });
  expect(charges.map((c) => paymentOf(w, c.id)![PAYMENT.payout])).toEqual(charges.map(() => payoutOf(w, payout.id)!.id));
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  expect(w.account.all('deposit')).toHaveLength(1);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^posted as deposit \d+$/);
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(Number(payout.amount) / 100);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);
  expect(w.account.books.balance(w.books.clearing, cur('USD'))).toBe(0);
});
