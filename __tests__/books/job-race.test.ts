/**
 * A refund that arrives while the payments job runs: getInputData read the charge's row before it,
 * so this run posts the payment only; the row must stay marked, so the next run posts the refund.
 */
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, stripeTransactions, turnPostingOn } from './setup';

test('a refund delivered between getInputData and the charge\'s posting is posted by the next run: A/R, Undeposited Funds and the customer\'s credit end right', () => {
  const w = booksWorld();
  const ann = bookCustomer(w, 'Ann Co');
  const usd = String(w.books.currencies.USD);
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  const since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  advance(w, 3600);
  const run = runPaymentsJob(w, {
    beforeMap: (key) => {
      if (!key.startsWith('b:')) return;
      // the customer is refunded 20 while the job runs: the webhook writes the refund on the row
      advance(w, 30);
      w.stripe.refundCharge(String(charge.id), 2000);
      deliver(w, w.stripe.store().events.filter((e) => e.type === 'charge.refunded').pop()!);
    },
  });
  expect(run.mapErrors).toEqual([]);
  expect(stripeTransactions(w)).toEqual([`stripe_${String(charge.id)}`]);
  advance(w, 900);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const refund = [...w.stripe.store().refunds.values()][0];
  expect(stripeTransactions(w).sort()).toEqual([`stripe_${String(charge.id)}`, `stripe_${String(refund.id)}`].sort());
  // 50 paid, 20 refunded from the unapplied payment: 30 of credit, Undeposited Funds 30
  expect(w.account.books.customerBalance(ann.customerId, usd)).toBe(-30);
  expect(w.account.books.balance(w.books.undepositedFunds, usd)).toBe(30);
});
