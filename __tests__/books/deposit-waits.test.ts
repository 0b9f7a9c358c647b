/**
 * A payout whose deposit would carry a charge PayPack could not post yet (its customer lacks the
 * currency): the deposit waits, its payout row says for which charge, and once the charge is posted
 * the deposit takes its payment off Undeposited Funds. Nothing is left on clearing or in Undeposited
 * Funds for good, and no hand entry is needed.
 */
import { PAYOUT } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, postWithPayouts } from './setup';

test('a charge that could not be posted holds its payout\'s deposit; posted later, the deposit takes it: bank, Undeposited Funds and clearing end right', () => {
  const w = booksWorld();
  const cur = (code: string) => String(w.books.currencies[code]);
  const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co', ['USD']);
  let since = w.stripe.store().events.length;
  w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  const euro = w.stripe.seedCharge(ann.stripeId, { amount: 2000, currency: 'eur' });
  deliverSince(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  // Ann has no EUR in NetSuite: the euro charge is not posted (its row says so)
  advance(w, 86400);
  since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]); // lists what the payout carries
  const held = runPaymentsJob(w);
  expect([held.mapErrors, held.reduceErrors]).toEqual([[], []]);
  expect(w.account.all('deposit')).toHaveLength(0);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toContain(`Stripe charge ${String(euro.id)}`);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toContain('still needs posting');
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(0);

  // the accountant gives Ann EUR; the next run posts the charge, then the deposit that takes it
  w.account.write('customer', {}, { id: ann.customerId, sublists: { currency: [{ currency: cur('EUR') }] } });
  advance(w, 900);
  const done = runPaymentsJob(w);
  expect([done.mapErrors, done.reduceErrors]).toEqual([[], []]);
  expect(w.account.all('deposit')).toHaveLength(1);
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(Number(payout.amount) / 100);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('EUR'))).toBe(0);
  expect(w.account.books.balance(w.books.clearing, cur('USD'))).toBe(0);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^posted as deposit \d+$/);
});
