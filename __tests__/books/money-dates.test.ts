/**
 * Books, the days: every PayPack transaction is dated the day Stripe moved the money, on Stripe's UTC
 * calendar (the one its payouts' arrival dates are in), whatever the time zone of the user the job
 * runs as (Pacific here) and whatever day the job runs. Read as the user sees the dates (their text).
 */
import { advance } from '../../emulator/world';
import { deliverSubscribed } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, postWithPayouts } from './setup';

let w: BooksWorld;
const DAY = 86400;
const events = () => w.stripe.store().events;
const usd = () => String(w.books.currencies.USD);

beforeEach(() => {
  w = booksWorld();
  postWithPayouts(w);
  advance(w, 60);
});

/** The UTC day of an instant, as a M/D/YYYY user reads a date. */
const utcDay = (epochSeconds: number) => { const [y, m, d] = new Date(epochSeconds * 1000).toISOString().slice(0, 10).split('-').map(Number); return `${m}/${d}/${y}`; };
const dayOf = (type: string, r: { fields: Record<string, unknown> }) => w.account.dateText(type, 'trandate', r.fields.trandate as Date).split(' ')[0];
const byExternalId = (type: string, ext: string) => w.account.all(type).find((r) => r.fields.externalid === ext)!;

/** Stripe acts, its events reach the endpoint; the job runs `later` seconds after. */
function stripeThenRun(act: () => void, later = 60) {
  const since = events().length;
  act();
  expect(deliverSubscribed(w, since).filter((d) => d.status !== 200)).toEqual([]);
  advance(w, later);
  const run = runPaymentsJob(w);
  expect([run.mapErrors, run.reduceErrors]).toEqual([[], []]);
}

/** Move the clock to the next hh:mm UTC. */
function toUtc(hour: number, minute: number) {
  const now = Math.floor(w.account.now().getTime() / 1000);
  let next = Math.floor(now / DAY) * DAY + hour * 3600 + minute * 60;
  if (next <= now) next += DAY;
  advance(w, next - now);
}

test('a charge captured at 00:30 UTC (16:30 the day before in Pacific time) is dated its UTC day, as the payout carrying it is dated its arrival day: one calendar', () => {
  const ann = bookCustomer(w, 'Ann Co');
  toUtc(0, 30);
  let charge: Record<string, unknown> = {};
  stripeThenRun(() => { charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' }); });
  const at = Number(charge.created);
  // the Pacific day is the day before: a rule of the script's zone would date it so
  expect(w.account.dateText('customerpayment', 'trandate', new Date(at * 1000)).split(' ')[0]).not.toBe(utcDay(at));
  expect(dayOf('customerpayment', byExternalId('customerpayment', `stripe_${String(charge.id)}`))).toBe(utcDay(at));

  // its payout is made at 00:30 UTC too: the deposit is dated the arrival day, Stripe's UTC day
  advance(w, DAY);
  let payout: Record<string, unknown> = {};
  stripeThenRun(() => { payout = w.stripe.payOut('usd')!; });
  stripeThenRun(() => undefined);
  const deposit = w.account.all('deposit')[0];
  expect(dayOf('deposit', deposit)).toBe(utcDay(Number(payout.arrival_date)));
  expect(w.account.books.balance(w.books.undepositedFunds, usd())).toBe(0);
});

test('a refund that fails is reversed on the day Stripe put the money back (its refund_failure balance transaction), not the day the job runs', () => {
  const bob = bookCustomer(w, 'Bob Co');
  const inv = w.account.books.addInvoice({ entity: bob.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 60 }] });
  let charge: Record<string, unknown> = {};
  stripeThenRun(() => { charge = w.stripe.seedCharge(bob.stripeId, { amount: 6000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } }); });
  advance(w, DAY);
  stripeThenRun(() => w.stripe.refundCharge(String(charge.id), 2000));
  advance(w, DAY);
  toUtc(12, 0);
  const refund = [...w.stripe.store().refunds.values()][0];
  // the job runs three days after Stripe returned the money
  stripeThenRun(() => w.stripe.failRefund(String(refund.id)), 3 * DAY);
  const failure = w.stripe.store().balanceTransactions.get(String(w.stripe.store().refunds.get(String(refund.id))!.failure_balance_transaction))!;
  expect(failure.type).toBe('refund_failure');
  const failedDay = utcDay(Number(failure.created));
  expect(failedDay).not.toBe(utcDay(Math.floor(w.account.now().getTime() / 1000)));
  expect(dayOf('customerpayment', byExternalId('customerpayment', `stripe_${String(refund.id)}_failed`))).toBe(failedDay);
  expect(dayOf('invoice', byExternalId('invoice', `stripe_${String(refund.id)}_failed_inv`))).toBe(failedDay);
  expect(w.account.books.customerBalance(bob.customerId, usd())).toBe(0);
});

test('a failed payout\'s journal entry is dated the day the bank returned it (the payout\'s failure balance transaction), not its arrival day nor the run\'s', () => {
  const cara = bookCustomer(w, 'Cara Co');
  stripeThenRun(() => { w.stripe.seedCharge(cara.stripeId, { amount: 9000, currency: 'usd' }); });
  advance(w, DAY);
  let payout: Record<string, unknown> = {};
  stripeThenRun(() => { payout = w.stripe.payOut('usd')!; });
  stripeThenRun(() => undefined);
  expect(w.account.all('deposit')).toHaveLength(1);
  // the bank returns it five days later; the job runs two days after that
  advance(w, 5 * DAY);
  stripeThenRun(() => w.stripe.failPayout(String(payout.id)), 2 * DAY);
  const failure = w.stripe.store().balanceTransactions.get(String(w.stripe.store().payouts.get(String(payout.id))!.failure_balance_transaction))!;
  const je = byExternalId('journalentry', `stripe_${String(payout.id)}_failed`);
  expect(dayOf('journalentry', je)).toBe(utcDay(Number(failure.created)));
  expect(utcDay(Number(failure.created))).not.toBe(utcDay(Number(payout.arrival_date)));
  expect(w.account.books.balance(w.books.bank, usd())).toBe(0);
});
