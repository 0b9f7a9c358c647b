/**
 * Books, part 2: each Stripe payout as NetSuite bank deposit(s) equal to the bank statement line. The
 * tests read what the accountant reads: the bank, Undeposited Funds, fee and clearing balances, and
 * the payout row; never the calls that were made.
 */
import * as record from 'N/record';
import { CONFIG, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { syncLogRows } from '../sync/setup';
import { payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from './setup';
import { tickLine } from '../dynamic-lines';

let w: BooksWorld;
const DAY = 86400;
const events = () => w.stripe.store().events;
const deliverSince = (since: number, twice = false) => { for (const e of events().slice(since)) { deliver(w, e); if (twice) deliver(w, e); } };
const cur = (code: string) => String(w.books.currencies[code]);
const deposits = () => w.account.all('deposit');
const journals = () => w.account.all('journalentry');

/** Posting on from now, with the bank, fee and clearing accounts of the payouts. */
function postWithDeposits(values: Record<string, unknown> = {}) {
  const saved = turnPostingOn(w, w.account.now(), {
    [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing), ...values,
  });
  expect(saved.afterSubmitError).toBeUndefined();
}

/** Stripe's own figures for a payout, in major units: fees (card, dispute, Stripe's own) and the gross of what is in `unmatched`. */
function stripeFigures(payoutId: string, unmatched: (t: Record<string, unknown>) => boolean) {
  const carried = [...w.stripe.store().balanceTransactions.values()].filter((t) => t._payout === payoutId && t.type !== 'payout');
  const fees = carried.reduce((s, t) => s + Number(t.fee) + (t.type === 'stripe_fee' ? -Number(t.amount) : 0), 0);
  const clearing = carried.filter(unmatched).reduce((s, t) => s + Number(t.amount), 0);
  return { fees: fees / 100, clearing: clearing / 100, count: carried.length };
}

/** Payout paid, its event delivered, the job lists it, and the next run posts it. */
function payOutAndPost(currency = 'usd', options: Parameters<BooksWorld['stripe']['payOut']>[1] = {}) {
  const since = events().length;
  const payout = w.stripe.payOut(currency, options)!;
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  return payout;
}

beforeEach(() => {
  w = booksWorld();
  w.stripe.settlementCurrencies = ['usd'];
  w.stripe.exchangeRates = { usd: { jpy: 0.0067 } };
});

test('a payout posts as one deposit equal to it: payments and refunds off Undeposited Funds, fees on one line, what has no transaction on clearing lines named in their memos', () => {
  const ann = bookCustomer(w, 'Ann Co', ['USD', 'JPY']);
  const bob = bookCustomer(w, 'Bob Co');
  const cara = bookCustomer(w, 'Cara Co');
  const inv = w.account.books.addInvoice({ entity: ann.customerId, currency: cur('USD'), lines: [{ item: w.books.item, amount: 120 }] });
  // before go-live: a charge PayPack does not post
  let since = events().length;
  const early = w.stripe.seedCharge(bob.stripeId, { amount: 999, currency: 'usd' });
  deliverSince(since);
  advance(w, DAY);
  postWithDeposits();

  since = events().length;
  const paid = w.stripe.seedCharge(ann.stripeId, { amount: 12000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } });
  const yen = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'jpy' });
  const refunded = w.stripe.seedCharge(bob.stripeId, { amount: 5000, currency: 'usd' });
  const disputed = w.stripe.seedCharge(cara.stripeId, { amount: 4000, currency: 'usd' });
  const stranger = w.stripe.seedCustomer({ email: 'nobody@else.test' });
  const unlinked = w.stripe.seedCharge(String(stranger.id), { amount: 1234, currency: 'usd' });
  w.stripe.refundCharge(String(refunded.id), 2000);
  w.stripe.refundCharge(String(early.id), 999); // a refund of the pre-go-live charge: nothing in NetSuite either
  w.stripe.disputeCharge(String(disputed.id));
  w.stripe.chargeStripeFee('usd', 150, 'Stripe Tax');
  deliverSince(since, true);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]); // payments, the refund and the dispute posted into Undeposited Funds
  const books = w.account.books;
  expect(books.balance(w.books.undepositedFunds, cur('USD'))).toBe(120 + 50 - 20 + 40 - 40);
  expect(books.balance(w.books.undepositedFunds, cur('JPY'))).toBe(10000);

  advance(w, DAY);
  const payout = payOutAndPost();
  const amount = Number(payout.amount) / 100;
  const unmatchedIds = new Set([early.id, unlinked.id, ...[...w.stripe.store().refunds.values()].filter((r) => r.charge === early.id).map((r) => r.id)]);
  const stripe = stripeFigures(String(payout.id), (t) => unmatchedIds.has(String(t.source)));

  // the bank line: one deposit, dated the arrival day, equal to the payout
  expect(deposits()).toHaveLength(1);
  const dep = deposits()[0];
  expect(dep.fields).toMatchObject({ externalid: `stripe_${String(payout.id)}`, custbody_pp_stripe_id: payout.id, memo: `Stripe payout ${String(payout.id)}`, account: String(w.books.bank), currency: cur('USD'), total: amount });
  const day = (d: Date) => w.account.dateText('deposit', 'trandate', d).split(' ')[0];
  // Stripe's arrival date is midnight UTC of the day: noon UTC is that day in the user's time zone too
  expect(day(dep.fields.trandate as Date)).toBe(day(new Date(Number(payout.arrival_date) * 1000 + 12 * 3600 * 1000)));
  expect(books.balance(w.books.bank, cur('USD'))).toBe(amount);
  // Undeposited Funds holds nothing the payout carried, in either currency
  expect(books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);
  expect(books.balance(w.books.undepositedFunds, cur('JPY'))).toBe(0);
  // the JPY payment came in at what Stripe settled it for, in USD
  const yenPayment = w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(yen.id)}`)!;
  const yenLine = (dep.sublists.payment || []).find((l) => String(l.id) === String(yenPayment.id))!;
  expect(yenLine).toMatchObject({ transactionamount: 10000, type: 'CustPymt', paymentamount: Math.round(10000 * 0.0067 * 100) / 100 });
  // fees: card fees, the dispute fee and Stripe Tax on one cash-back line
  expect(dep.sublists.cashback!.filter((l) => String(l.account) === String(w.books.fees))).toHaveLength(1);
  expect(books.balance(w.books.fees, cur('USD'))).toBe(Math.round(stripe.fees * 100) / 100);
  // clearing: exactly the pre-go-live charge and its refund, and the unlinked customer's charge, each named
  expect(books.balance(w.books.clearing, cur('USD'))).toBe(-Math.round(stripe.clearing * 100) / 100);
  const clearingMemos = [...(dep.sublists.other || []), ...(dep.sublists.cashback || [])].filter((l) => String(l.account) === String(w.books.clearing)).map((l) => String(l.memo));
  expect(clearingMemos).toHaveLength(3);
  for (const id of unmatchedIds) expect(clearingMemos.some((m) => m.includes(String(id)))).toBe(true);
  // the payout row points to its deposit and says how it posted
  const row = payoutOf(w, payout.id)!;
  expect(row[PAYOUT.deposit]).toBe(String(dep.id));
  expect(String(row[PAYOUT.posting])).toBe(`posted as deposit ${dep.id} with 3 clearing lines of ${stripe.clearing.toFixed(2)} USD in total: Stripe items with no NetSuite transaction, named in each line's memo`);
  expect((dep.sublists.payment || []).map((l) => String(l.id))).toContain(String(w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(paid.id)}`)!.id));

  // again: a rerun and a redelivered payout.paid post nothing more
  deliver(w, events().find((e) => e.type === 'payout.paid')!);
  runPaymentsJob(w);
  runPaymentsJob(w);
  expect(deposits()).toHaveLength(1);
  expect(books.balance(w.books.bank, cur('USD'))).toBe(amount);

  // the bank returns the payout: a journal entry takes it back out of the bank into clearing
  since = events().length;
  w.stripe.failPayout(String(payout.id));
  deliverSince(since);
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(journals()).toHaveLength(1);
  expect(journals()[0].fields).toMatchObject({ externalid: `stripe_${String(payout.id)}_failed`, custbody_pp_stripe_id: payout.id });
  expect(books.balance(w.books.bank, cur('USD'))).toBe(0);
  expect(books.balance(w.books.clearing, cur('USD'))).toBe(Math.round((amount - stripe.clearing) * 100) / 100);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/; journal entry \d+$/);
  runPaymentsJob(w);
  expect(journals()).toHaveLength(1);
  // Stripe pays the returned money out again: that deposit's clearing line clears the failed payout
  advance(w, DAY);
  const again = payOutAndPost();
  expect(Number(again.amount)).toBe(Number(payout.amount));
  expect(books.balance(w.books.bank, cur('USD'))).toBe(amount);
  expect(books.balance(w.books.clearing, cur('USD'))).toBe(-Math.round(stripe.clearing * 100) / 100);
  expect(syncLogRows(w).filter((r) => r.outcome === 'failed')).toEqual([]);
  void RECORD;
});

test('a negative payout (Stripe debits the bank) and a manual payout: the bank follows the statement, clearing holds only what Stripe does not list', () => {
  const ann = bookCustomer(w, 'Ann Co');
  postWithDeposits();
  let since = events().length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd' });
  deliverSince(since);
  advance(w, DAY);
  const first = payOutAndPost();
  // the charge is refunded after its payout: the balance goes negative and Stripe debits the bank
  advance(w, DAY);
  since = events().length;
  w.stripe.refundCharge(String(charge.id));
  w.stripe.chargeStripeFee('usd', 100, 'Radar');
  deliverSince(since);
  runPaymentsJob(w);
  // NetSuite stops the reduce call after the debit payout's deposit is saved, before its journal entry: the retry finds the deposit and makes the journal
  const sinceDebit = events().length;
  const debit = w.stripe.payOut('usd', { debit: true })!;
  deliverSince(sinceDebit);
  runPaymentsJob(w);
  const full = reduceUnitsOfNextRun();
  // its last 42 units: the journal entry found (10), made (10), saved (20), the row (2)
  const stopped = runPaymentsJob(w, { interrupt: { stage: 'reduce', key: (k) => k.startsWith('d:'), afterUnits: full - 30, restart: false } });
  expect(deposits().map((d) => d.fields.externalid)).toContain(`stripe_${String(debit.id)}`);
  expect(stopped.reduceErrors).toHaveLength(1); // the stopped call; the job's retry then completed
  expect(deposits().filter((d) => d.fields.externalid === `stripe_${String(debit.id)}`)).toHaveLength(1);
  expect(journals()).toHaveLength(1);
  expect(syncLogRows(w).filter((r) => String(r.custrecord_pp_sl_message).includes('was not posted as a deposit'))).toEqual([]);
  runPaymentsJob(w);
  expect(Number(debit.amount)).toBe(-5100);
  const books = w.account.books;
  expect(books.balance(w.books.bank, cur('USD'))).toBe((Number(first.amount) + Number(debit.amount)) / 100);
  expect(books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);
  expect(books.balance(w.books.clearing, cur('USD'))).toBe(0);
  expect(books.balance(w.books.fees, cur('USD'))).toBe(stripeFigures(String(first.id), () => false).fees + 1);
  const debitDeposit = deposits().find((d) => d.fields.externalid === `stripe_${String(debit.id)}`)!;
  expect(debitDeposit.fields.total).toBe(0);
  expect(journals().map((j) => j.fields.externalid)).toEqual([`stripe_${String(debit.id)}_debit`]);
  expect(String(payoutOf(w, debit.id)![PAYOUT.posting])).toMatch(new RegExp(`^posted as deposit ${debitDeposit.id} with 0|^posted as deposit ${debitDeposit.id}; journal entry \\d+$`));

  // a manual payout: Stripe does not say what it carries; its amount comes from clearing, said in the memo
  since = events().length;
  w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'usd' });
  deliverSince(since);
  runPaymentsJob(w);
  advance(w, DAY);
  const bankBefore = books.balance(w.books.bank, cur('USD'));
  const manual = payOutAndPost('usd', { manual: true });
  expect(payoutOf(w, manual.id)![PAYOUT.contents]).toBe('not listed: manual payout');
  const dep = deposits().find((d) => d.fields.externalid === `stripe_${String(manual.id)}`)!;
  expect(dep.sublists.other).toEqual([expect.objectContaining({ account: String(w.books.clearing), amount: Number(manual.amount) / 100, memo: expect.stringMatching(/manual payout.*does not list what a manual payout carries/) })]);
  expect(books.balance(w.books.bank, cur('USD'))).toBe(Math.round((bankBefore + Number(manual.amount) / 100) * 100) / 100);
  expect(books.balance(w.books.clearing, cur('USD'))).toBe(-Number(manual.amount) / 100);
  expect(String(payoutOf(w, manual.id)![PAYOUT.posting])).toBe(`posted as deposit ${dep.id} with 1 clearing line of ${(Number(manual.amount) / 100).toFixed(2)} USD in total: Stripe items with no NetSuite transaction, named in each line's memo`);
});

test('without the payout accounts on the config, payments and refunds are posted and the payout waits, its row saying what to set', () => {
  const ann = bookCustomer(w, 'Ann Co');
  expect(turnPostingOn(w, w.account.now(), { [CONFIG.feeAccount]: String(w.books.fees) }).afterSubmitError).toBeUndefined();
  const since = events().length;
  w.stripe.seedCharge(ann.stripeId, { amount: 2500, currency: 'usd' });
  deliverSince(since);
  advance(w, DAY);
  const payout = payOutAndPost();
  expect(deposits()).toEqual([]);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(25);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^not posted: PayPack Config .* posts to NetSuite transactions but has no Payout Bank Account, Stripe Clearing Account: set them on the config/);
  expect(saveConfigAccounts()).toBeUndefined();
  runPaymentsJob(w);
  expect(deposits()).toHaveLength(1);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);

  function saveConfigAccounts() {
    return turnPostingOn(w, w.account.now(), { [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.clearingAccount]: String(w.books.clearing) }).afterSubmitError;
  }
});

test('a deposit that would not equal its payout is not saved, and the payout row says by how much', () => {
  const ann = bookCustomer(w, 'Ann Co');
  postWithDeposits();
  const since = events().length;
  for (const amount of [1000, 2000]) w.stripe.seedCharge(ann.stripeId, { amount, currency: 'usd' });
  deliverSince(since);
  runPaymentsJob(w);
  advance(w, DAY);
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  runPaymentsJob(w); // listed
  // Stripe's listing of the payout loses a transaction after it was listed (a fault, not Stripe's contract)
  const lost = [...w.stripe.store().balanceTransactions.values()].find((t) => t._payout === payout.id && t.type === 'charge')!;
  delete lost._payout;
  runPaymentsJob(w);
  expect(deposits()).toEqual([]);
  const apart = ((Number(lost.amount) - Number(lost.fee)) / 100).toFixed(2);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(new RegExp(`^not posted: what Stripe lists for the payout comes to \\d+\\.\\d\\d USD, not the payout's ${(Number(payout.amount) / 100).toFixed(2)} \\(${apart} USD apart\\); its deposit was not saved`));
  lost._payout = payout.id;
  runPaymentsJob(w);
  expect(deposits()).toHaveLength(1);
});

test('a payout the accountant deposited by hand is not deposited again: PayPack says so, and leaves it once its row names that deposit', () => {
  const ann = bookCustomer(w, 'Ann Co');
  postWithDeposits();
  const since = events().length;
  w.stripe.seedCharge(ann.stripeId, { amount: 4000, currency: 'usd' });
  deliverSince(since);
  runPaymentsJob(w);
  // the accountant deposits the payment by hand before PayPack posts the payout
  const made = handDeposit(w.account.all('customerpayment')[0].id);
  advance(w, DAY);
  const payout = payOutAndPost();
  expect(deposits().map((d) => d.id)).toEqual([made]);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^not posted: its NetSuite transaction \d+ \(Stripe charge ch_\w+\) was deposited already, not by PayPack\. If this payout was deposited by hand, enter that deposit's internal id in Deposits on this payout row/);
  w.account.write(RECORD.payout, { [PAYOUT.deposit]: String(made) }, { id: Number(payoutOf(w, payout.id)!.id) });
  runPaymentsJob(w);
  expect(deposits().map((d) => d.id)).toEqual([made]);
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(40);

  /** Make Deposits by hand: the payment, into the bank. */
  function handDeposit(paymentId: number): number {
    const d = record.create({ type: 'deposit', isDynamic: true });
    // the Make Deposits page names the subsidiary (OneWorld): the bank's
    d.setValue({ fieldId: 'subsidiary', value: String(w.account.get('account', w.books.bank).fields.subsidiary) });
    d.setValue({ fieldId: 'account', value: String(w.books.bank) });
    tickLine(d, 'payment', 'id', String(paymentId), { deposit: true });
    return d.save();
  }
});

test('a payout currency with no bank account waits and says so once; a PayPack Payout Bank Account row for it posts it into that bank', () => {
  w.stripe.settlementCurrencies = ['usd', 'eur'];
  const eve = bookCustomer(w, 'Eve GmbH', ['EUR']);
  postWithDeposits();
  const since = events().length;
  w.stripe.seedCharge(eve.stripeId, { amount: 8000, currency: 'eur' });
  deliverSince(since);
  runPaymentsJob(w);
  advance(w, DAY);
  const payout = payOutAndPost('eur');
  runPaymentsJob(w);
  expect(deposits()).toEqual([]);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^not posted: PayPack Config .* has no bank account for EUR payouts\. Set Payout Bank Account to a EUR bank account, or add a PayPack Payout Bank Account row for eur/);
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_stripe_id === payout.id)).toHaveLength(1);
  w.account.write(RECORD.payoutBank, { custrecord_pp_pb_config: String(w.parentConfig), custrecord_pp_pb_currency: 'eur', custrecord_pp_pb_account: String(w.books.euroBank) });
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(deposits().map((d) => [d.fields.account, d.fields.currency, d.fields.total])).toEqual([[String(w.books.euroBank), cur('EUR'), Number(payout.amount) / 100]]);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('EUR'))).toBe(0);
});

test('a deposit NetSuite refuses (a closed period) leaves nothing half-posted and is posted once the period opens; a restart after the save posts it once', () => {
  const ann = bookCustomer(w, 'Ann Co');
  postWithDeposits();
  const since = events().length;
  for (const amount of [1000, 2000, 3000]) w.stripe.seedCharge(ann.stripeId, { amount, currency: 'usd' });
  deliverSince(since);
  runPaymentsJob(w);
  advance(w, DAY);
  const arrival = new Date((Math.floor(w.account.now().getTime() / 1000 / DAY) + 2) * DAY * 1000);
  const period = w.account.write('accountingperiod', { periodname: 'Arrival week', startdate: new Date(arrival.getTime() - 3 * DAY * 1000), enddate: new Date(arrival.getTime() + 3 * DAY * 1000), closed: true });
  const payout = payOutAndPost();
  expect(deposits()).toEqual([]);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(60);
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toMatch(/^not posted: NetSuite refused the deposit \(PERIOD_CLOSED: The accounting period Arrival week is closed/);
  w.account.write('accountingperiod', { closed: false }, { id: period.id });
  // NetSuite restarts the reduce call after the deposit is saved, before the payout row hears of it
  const full = reduceUnitsOfNextRun();
  const restarted = runPaymentsJob(w, { interrupt: { stage: 'reduce', key: (k) => k.startsWith('d:'), afterUnits: full - 1, restart: true } });
  expect(restarted.reduceErrors).toEqual([]);
  // the call that ran again found the saved deposit by its external id instead of making one (fewer units than a full posting)
  expect(restarted.usage.reduce.reduce((sum, u) => sum + u, 0)).toBeLessThan(full - 20);
  expect(deposits()).toHaveLength(1);
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(Number(payout.amount) / 100);
  expect(payoutOf(w, payout.id)![PAYOUT.deposit]).toBe(String(deposits()[0].id));
});

test.each([
  ['in one run', undefined],
  ['when NetSuite restarts the reduce call after its first deposit', 420],
])('a payout of 5,000 charges posts %s as two deposits that add up to it, each found again by its external id; within 60 units a deposit and 0.2 a line', (_how, restartAfter) => {
  const customers = Array.from({ length: 20 }, (_, i) => bookCustomer(w, `Customer ${i}`));
  postWithDeposits();
  for (let i = 0; i < 5000; i++) w.stripe.seedCharge(customers[i % 20].stripeId, { amount: 1000 + (i % 7) * 100, currency: 'usd' });
  advance(w, DAY);
  const since = events().length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  // the history of charges is not imported here: the payout's listing records them (the first run), their payments are posted with the deposits (the second)
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const run = runPaymentsJob(w, restartAfter ? { interrupt: { stage: 'reduce', key: (k) => k.startsWith('d:'), afterUnits: restartAfter, restart: true } } : {});
  expect([run.mapErrors, run.reduceErrors]).toEqual([[], []]);
  const made = deposits();
  expect(made.map((d) => d.fields.externalid)).toEqual([`stripe_${String(payout.id)}`, `stripe_${String(payout.id)}_2`]);
  const lines = made.reduce((n, d) => n + (d.sublists.payment || []).length + (d.sublists.cashback || []).length + (d.sublists.other || []).length, 0);
  expect(lines).toBe(5000 + 2); // every payment, and one fee line each
  expect(Math.round(made.reduce((s, d) => s + Number(d.fields.total), 0) * 100)).toBe(Number(payout.amount));
  expect(w.account.books.balance(w.books.bank, cur('USD'))).toBe(Number(payout.amount) / 100);
  expect(w.account.books.balance(w.books.undepositedFunds, cur('USD'))).toBe(0);
  expect(payoutOf(w, payout.id)![PAYOUT.deposit]).toBe(made.map((d) => d.id).join(','));
  expect(String(payoutOf(w, payout.id)![PAYOUT.posting])).toBe(`posted as 2 deposits (${made.map((d) => d.id).join(', ')})`);
  // what the call that completed spent (a restarted one lists the first part again to find its deposit)
  const units = run.usage.reduce.reduce((sum, u) => sum + u, 0);
  expect(units).toBeLessThanOrEqual(made.length * 60 + 0.2 * lines);
  runPaymentsJob(w);
  expect(deposits()).toHaveLength(2);
}, 60000);

/** The units the next run's reduce stage takes (its deposits), measured on a copy of the account that is then put back. */
function reduceUnitsOfNextRun(): number {
  const snapshot = deepCopy(w.account.snapshot());
  const before = deposits().length;
  const run = runPaymentsJob(w);
  expect(deposits().length).toBeGreaterThan(before);
  const units = run.usage.reduce.reduce((s, u) => s + u, 0);
  w.account.restore(snapshot);
  expect(deposits()).toHaveLength(before);
  return units;
}

/** A copy of the account's records that a run cannot change (dates stay Dates of this realm). */
function deepCopy<T>(x: T): T {
  if (x instanceof Date) return new Date(x.getTime()) as T;
  if (Array.isArray(x)) return x.map(deepCopy) as T;
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, deepCopy(v)])) as T;
  return x;
}
