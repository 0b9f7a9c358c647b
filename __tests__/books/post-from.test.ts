/**
 * Post From is a date, and NetSuite hands dates to scripts as text in each user's own format. The
 * configs are cached once for every user, so the cache keeps Post From as an instant: whoever
 * loaded it first, the payments job posts from the day the admin entered, and a date that cannot be
 * read stops posting for that config instead of posting everything.
 */
import { CONFIG, PAYMENT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { ACCOUNTANT, clickSync, syncLogRows } from '../sync/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, stripeTransactions, turnPostingOn } from './setup';

let w: BooksWorld;
const DAY = 86400;
const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };

beforeEach(() => { w = booksWorld(); });

test('a D/M/YYYY user loads the configs first: a charge of 23 November is still before a Post From of 1 December', () => {
  const ann = bookCustomer(w, 'Ann Co');
  // 23 November: a charge before go-live
  let since = w.stripe.store().events.length;
  const early = w.stripe.seedCharge(ann.stripeId, { amount: 2500, currency: 'usd' });
  deliverSince(since);
  // 2 December: posting turned on from 1 December (12/1/2026 to the admin, 1/12/2026 to a D/M/YYYY user)
  advance(w, 9 * DAY);
  since = w.stripe.store().events.length;
  const late = w.stripe.seedCharge(ann.stripeId, { amount: 4000, currency: 'usd' });
  deliverSince(since);
  expect(turnPostingOn(w, new Date(w.account.now().getTime() - DAY * 1000)).afterSubmitError).toBeUndefined();
  // a user with another date format is the first to read the configs after the save (the cache is shared)
  const european = { ...ACCOUNTANT, preferences: { dateFormat: 'D/M/YYYY' } };
  const other = w.account.addCustomer({ companyname: 'Other Co', email: 'ap@other.test', subsidiary: String(w.parent) });
  expect(clickSync(w, other, european).message.type).toBe('CONFIRMATION');
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  // read as 12 January 2026, Post From would have posted the November charge too
  expect(stripeTransactions(w)).toEqual([`stripe_${String(late.id)}`]);
  expect(w.account.books.customerBalance(ann.customerId, String(w.books.currencies.USD))).toBe(-40);
  expect(String(paymentOf(w, String(early.id))!.custrecord_pp_pay_transaction || '')).toBe('');
});

test('a Post From that cannot be read stops posting for its config, says so, and posts nothing from the beginning of time', () => {
  const ann = bookCustomer(w, 'Ann Co');
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  const since = w.stripe.store().events.length;
  w.stripe.seedCharge(ann.stripeId, { amount: 2500, currency: 'usd' });
  deliverSince(since);
  // what a CSV import or another script can leave in the field: text NetSuite cannot read as a date
  w.account.write(RECORD.config, { [CONFIG.postFrom]: 'soon' }, { id: w.parentConfig });
  advance(w, DAY + 3600); // past the day the config cache keeps a config
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(stripeTransactions(w)).toEqual([]);
  expect(syncLogRows(w).map((r) => r.custrecord_pp_sl_message)).toContain('PayPack Config Parent Stripe: Post From "soon" cannot be read as a date, so nothing is posted for it. Enter Post From again on the config. Nothing was posted.');
});

test('a ledger row whose Stripe time cannot be read is not posted: it waits, and its row says why', () => {
  const ann = bookCustomer(w, 'Ann Co');
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  const since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 2500, currency: 'usd' });
  deliverSince(since);
  const row = w.account.all(RECORD.payment).find((r) => r.fields[PAYMENT.chargeId] === charge.id)!;
  w.account.write(RECORD.payment, { [PAYMENT.created]: 'yesterday' }, { id: row.id });
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(stripeTransactions(w)).toEqual([]);
  const after = paymentOf(w, String(charge.id))!;
  expect(after[PAYMENT.posting]).toContain(`Stripe charge ${String(charge.id)} was not posted: its Stripe time ("yesterday") cannot be read`);
  expect(after[PAYMENT.toPost]).toBe(true);
});
