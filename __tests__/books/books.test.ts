/**
 * Books, part 1: a month of Stripe activity posted as NetSuite transactions. The tests read the
 * general ledger an accountant reads (A/R per customer, each invoice's amount due, Undeposited
 * Funds, revenue), never the calls that were made.
 */
import { CONFIG, PAYMENT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { syncLogRows } from '../sync/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, stripeTransactions, turnPostingOn } from './setup';

let w: BooksWorld;
const DAY = 86400;
const events = () => w.stripe.store().events;
const deliverSince = (since: number, twice = false) => { for (const e of events().slice(since)) { deliver(w, e); if (twice) deliver(w, e); } };
const usd = () => String(w.books.currencies.USD);

beforeEach(() => { w = booksWorld(); });

test('a month of charges, refunds and disputes: A/R, amounts due, Undeposited Funds and revenue end as Stripe says, each Stripe object posted once', () => {
  const ann = bookCustomer(w, 'Ann Co', ['USD', 'JPY']);
  const bob = bookCustomer(w, 'Bob Co');
  const cara = bookCustomer(w, 'Cara Co');
  const dan = bookCustomer(w, 'Dan Co');
  const item = w.books.item;
  const invoice = (customer: number, amount: number) => w.account.books.addInvoice({ entity: customer, currency: usd(), lines: [{ item, amount }] });
  // before go-live: a charge that is not posted
  const early = w.stripe.seedCharge(ann.stripeId, { amount: 999, currency: 'usd' });
  deliverSince(events().length - 1);
  advance(w, DAY);
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();

  let since = events().length;
  const inv1 = invoice(ann.customerId, 120);
  const inv2 = invoice(ann.customerId, 80);
  const inv3 = invoice(cara.customerId, 40);
  const open = invoice(bob.customerId, 35);
  // the invoice named three ways: by the payment intent, by the charge, by the Stripe invoice it paid
  const c1 = w.stripe.seedCharge(ann.stripeId, { amount: 12000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv1) } });
  const c2 = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'usd', metadata: { netsuite_invoice_id: String(inv2) } });
  const c3 = w.stripe.seedCharge(cara.stripeId, { amount: 4000, currency: 'usd', invoice: 'in_cara1', invoiceMetadata: { netsuite_invoice_id: String(inv3) } });
  const bobCharge = w.stripe.seedCharge(bob.stripeId, { amount: 5000, currency: 'usd' });
  const danCharge = w.stripe.seedCharge(dan.stripeId, { amount: 6000, currency: 'usd' });
  const yen = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'jpy' });
  w.stripe.seedCharge(bob.stripeId, { amount: 700, currency: 'usd', failureMessage: 'Your card was declined.' });
  const stranger = w.stripe.seedCustomer({ email: 'nobody@else.test' });
  w.stripe.seedCharge(String(stranger.id), { amount: 1234, currency: 'usd' });
  deliverSince(since, true); // Stripe redelivers: each event twice
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);

  const books = w.account.books;
  expect([books.invoiceDue(inv1), books.invoiceDue(inv2), books.invoiceDue(inv3), books.invoiceDue(open)]).toEqual([0, 0, 0, 35]);
  expect(books.customerBalance(ann.customerId, usd())).toBe(-20); // 100 paid on an 80 invoice: 20 credit
  expect(books.customerBalance(bob.customerId, usd())).toBe(35 - 50);

  // refunds: partial of an invoice's charge (a credit memo), full of an unapplied one; disputes lost and won
  since = events().length;
  advance(w, DAY);
  w.stripe.refundCharge(String(c1.id), 3000);
  w.stripe.refundCharge(String(bobCharge.id));
  const lost = w.stripe.disputeCharge(String(c3.id));
  const won = w.stripe.disputeCharge(String(danCharge.id));
  deliverSince(since);
  advance(w, DAY);
  const payout = w.stripe.payOut('usd')!;
  expect(payout).toBeDefined();
  since = events().length;
  // after the payout: a refund of what Ann had on credit, and the disputes close
  advance(w, 5 * DAY);
  w.stripe.refundCharge(String(c2.id), 2000);
  w.stripe.closeDispute(String(lost.id), 'lost');
  w.stripe.closeDispute(String(won.id), 'won');
  deliverSince(since, true);
  // NetSuite restarts the map call of Ann's refund after its credit memo was saved (41 units in); the run after it changes nothing
  const restarted = runPaymentsJob(w, { interrupt: { stage: 'map', key: (k) => k.endsWith(`:${String(c1.id)}`), afterUnits: 41, restart: true } });
  expect(restarted.mapErrors).toEqual([]);
  expect(w.account.all('creditmemo').map((r) => r.fields.externalid).sort()).toEqual([`stripe_${String(lost.id)}_cm`, `stripe_${String(w.stripe.store().refunds.values().next().value!.id)}_cm`].sort());
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const posted = stripeTransactions(w);
  runPaymentsJob(w);
  expect(stripeTransactions(w)).toEqual(posted);
  expect(new Set(posted).size).toBe(posted.length);

  // what Stripe says, in USD: charges of linked customers from Post From, less refunds and withdrawn disputes, plus what was reinstated
  const linked = new Set([ann, bob, cara, dan].map((c) => c.stripeId));
  const store = w.stripe.store();
  let net = 0;
  for (const ch of store.charges.values()) {
    if (!linked.has(String(ch.customer)) || ch.currency !== 'usd' || ch.status !== 'succeeded' || ch.id === early.id) continue;
    net += Number(ch.amount) - Number(ch.amount_refunded);
  }
  for (const dp of store.disputes.values()) if (dp.status !== 'won') net -= Number(dp.amount);
  expect(Math.round(books.balance(w.books.undepositedFunds, usd()) * 100)).toBe(net);
  expect(books.balance(w.books.undepositedFunds, String(w.books.currencies.JPY))).toBe(10000);
  expect(books.customerBalance(ann.customerId, String(w.books.currencies.JPY))).toBe(-10000);
  // A/R: Ann's credit of 20 refunded; Bob owes his open invoice; Cara's lost dispute credited her invoice; Dan has his reinstated 60 on credit
  expect([ann, bob, cara, dan].map((c) => books.customerBalance(c.customerId, usd()))).toEqual([0, 35, 0, -60]);
  expect([books.invoiceDue(inv1), books.invoiceDue(inv2), books.invoiceDue(inv3), books.invoiceDue(open)]).toEqual([0, 0, 0, 35]);
  // revenue: 120 + 80 + 40 invoiced (and 35 open), less the credit memos of the partial refund (30) and the lost dispute (40)
  expect(books.balance(w.books.income, usd())).toBe(-(120 + 80 + 40 + 35) + 30 + 40);

  // the ledger rows point to their payments and say what was posted
  expect(paymentOf(w, c1.id)).toMatchObject({ [PAYMENT.transaction]: expect.stringMatching(/^\d+$/), [PAYMENT.toPost]: false });
  expect(String(paymentOf(w, c1.id)![PAYMENT.posting])).toMatch(/^Posted: ch_\w+ as transaction \d+; re_\w+ as transaction \d+,\d+\./);
  expect(paymentOf(w, early.id)![PAYMENT.transaction] || '').toBe('');
  expect(w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(yen.id)}`)!.fields).toMatchObject({ currency: String(w.books.currencies.JPY), payment: 10000 });
  expect(w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(c1.id)}`)!.fields).toMatchObject({ custbody_pp_stripe_id: c1.id, paymentmethod: String(w.books.stripeMethod), account: String(w.books.undepositedFunds) });
});

test('what cannot be posted says why on the row and in the sync log once, and is posted by the next run once fixed; no Post From, no payment method: the config is not saved', () => {
  const eve = bookCustomer(w, 'Eve Co');
  expect(() => turnPostingOn(w, w.account.now(), { [CONFIG.paymentMethod]: 'Stripe Payments' })).toThrow('PayPack Config Parent Stripe: NetSuite has no active payment method named "Stripe Payments". Create it (Setup > Accounting > Accounting Lists > New > Payment Method) or name an existing one in Payment Method Name.');
  expect(() => turnPostingOn(w, '' as unknown as Date)).toThrow('PayPack Config Parent Stripe has Post to NetSuite Transactions checked but no Post From date: set the day from which Stripe charges are posted.');
  expect(w.account.get(RECORD.config, w.parentConfig).fields[CONFIG.post]).toBeFalsy();
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const since = events().length;
  const charge = w.stripe.seedCharge(eve.stripeId, { amount: 2500, currency: 'eur' });
  deliverSince(since);
  runPaymentsJob(w);
  const row = () => paymentOf(w, charge.id)!;
  expect(String(row()[PAYMENT.posting])).toBe(`Stripe charge ${String(charge.id)} was not posted: customer ${eve.customerId} has no EUR currency in NetSuite. Add EUR on the customer's Financial tab (Currencies); the next run of PayPack Payments Import posts it.`);
  runPaymentsJob(w);
  expect(syncLogRows(w).filter((r) => String(r.custrecord_pp_sl_message).includes('has no EUR currency'))).toHaveLength(1);
  w.account.write('customer', {}, { id: eve.customerId, sublists: { currency: [{ currency: String(w.books.currencies.EUR) }] } });
  runPaymentsJob(w);
  expect(row()).toMatchObject({ [PAYMENT.transaction]: expect.stringMatching(/^\d+$/), [PAYMENT.toPost]: false });
  expect(w.account.books.customerBalance(eve.customerId, String(w.books.currencies.EUR))).toBe(-25);
});

test('two runs at once post each Stripe object once: the second finds what the first saved by its external id', () => {
  const ann = bookCustomer(w, 'Ann Co');
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const since = events().length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 4200, currency: 'usd' });
  w.stripe.refundCharge(String(charge.id), 1200);
  deliverSince(since);
  let nested = false;
  const outer = runPaymentsJob(w, {
    // another deployment's run posts the same charge while this one is about to
    beforeMap: (key) => { if (key.startsWith('b:') && !nested) { nested = true; expect(runPaymentsJob(w).mapErrors).toEqual([]); } },
  });
  expect(outer.mapErrors).toEqual([]);
  expect(stripeTransactions(w).sort()).toEqual([`stripe_${String(charge.id)}`, `stripe_${String(w.stripe.store().refunds.values().next().value!.id)}`].sort());
  expect([w.account.books.customerBalance(ann.customerId), w.account.books.balance(w.books.undepositedFunds)]).toEqual([-30, 30]);
});

test('an invoice already paid or in another currency leaves the payment unapplied as the customer\'s credit, and says so; a closed period waits', () => {
  const ann = bookCustomer(w, 'Ann Co', ['USD', 'EUR']);
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const books = w.account.books;
  const paid = books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 30 }] });
  const eurInvoice = books.addInvoice({ entity: ann.customerId, currency: String(w.books.currencies.EUR), lines: [{ item: w.books.item, amount: 30 }] });
  const first = w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'usd', metadata: { netsuite_invoice_id: String(paid) } });
  const twice = w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'usd', metadata: { netsuite_invoice_id: String(paid) } });
  const other = w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'usd', metadata: { netsuite_invoice_id: String(eurInvoice) } });
  deliverSince(events().length - 3);
  runPaymentsJob(w);
  expect(books.invoiceDue(paid)).toBe(0);
  expect(books.invoiceDue(eurInvoice)).toBe(30);
  expect(String(paymentOf(w, first.id)![PAYMENT.posting])).toContain(`Applied 30 to invoice INV`);
  expect(String(paymentOf(w, twice.id)![PAYMENT.posting])).toMatch(/Invoice INV\d+ was already paid: the payment stays unapplied as the customer's credit\./);
  expect(String(paymentOf(w, other.id)![PAYMENT.posting])).toMatch(/Invoice INV\d+ is in another currency than the charge \(USD\): the payment stays unapplied as the customer's credit; apply it by hand\./);
  expect(books.customerBalance(ann.customerId, usd())).toBe(-60);
  // a refund dated in a period closed to A/R: not posted, said, posted once the period reopens
  const now = w.account.now();
  const period = w.account.write('accountingperiod', { periodname: 'This month', startdate: new Date(now.getTime() - 3 * DAY * 1000), enddate: new Date(now.getTime() + 3 * DAY * 1000), arlocked: true });
  w.stripe.refundCharge(String(twice.id), 1000);
  deliverSince(events().length - 1);
  runPaymentsJob(w);
  expect(String(paymentOf(w, twice.id)![PAYMENT.posting])).toMatch(/^Stripe refund re_\w+ of charge ch_\w+ was not posted: the accounting period of \d+\/\d+\/\d{4} is closed to Accounts Receivable/);
  expect(books.customerBalance(ann.customerId, usd())).toBe(-60);
  w.account.write('accountingperiod', { arlocked: false }, { id: period.id });
  runPaymentsJob(w);
  expect(paymentOf(w, twice.id)![PAYMENT.toPost]).toBe(false);
  expect(books.customerBalance(ann.customerId, usd())).toBe(-50);
});

test('a dispute still open is posted as withdrawn at once; a charge created exactly at Post From is posted', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const from = w.account.now();
  turnPostingOn(w, from);
  const since = events().length;
  // created the very second Post From starts
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 2000, currency: 'usd' });
  advance(w, 3600);
  const dispute = w.stripe.disputeCharge(String(charge.id));
  deliverSince(since);
  runPaymentsJob(w);
  expect(paymentOf(w, charge.id)![PAYMENT.status]).toBe('disputed');
  expect(stripeTransactions(w).sort()).toEqual([`stripe_${String(charge.id)}`, `stripe_${String(dispute.id)}`].sort());
  expect([w.account.books.customerBalance(ann.customerId), w.account.books.balance(w.books.undepositedFunds)]).toEqual([0, 0]);
});
