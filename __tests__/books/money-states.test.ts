/**
 * Books, part 3: money as Stripe really moves it. An authorization is not cash until captured (and
 * then only what was captured), an inquiry withdraws nothing, a refund can fail after it was posted,
 * and Stripe's own fees of every type go on the deposit's fee line. Events reach the webhook only
 * as Stripe delivers them: to an endpoint subscribed to their type. The tests read the general
 * ledger (each invoice's amount due, the customer's A/R, revenue, Undeposited Funds, bank, fees,
 * clearing), never the calls that were made.
 */
import { HANDLED_EVENTS } from '../../src/core/webhook-events';
import { advance } from '../../emulator/world';
import { setupSales } from '../../emulator/netsuite/books';
import { deliverSubscribed } from '../webhook/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { PAYMENT } from '../../src/core/ids';
import { bookCustomer, booksWorld, BooksWorld, postWithPayouts } from './setup';

let w: BooksWorld;
const DAY = 86400;
const events = () => w.stripe.store().events;
const usd = () => String(w.books.currencies.USD);
const cents = (x: number) => Math.round(x * 100);

beforeEach(() => {
  w = booksWorld();
  postWithPayouts(w);
  advance(w, 60);
});

/** What happens in Stripe, then Stripe's deliveries to the endpoint (only the types it subscribes to), then a run of the payments job. */
function stripeThenRun(act: () => void) {
  const since = events().length;
  act();
  const delivered = deliverSubscribed(w, since);
  expect(delivered.filter((d) => d.status !== 200)).toEqual([]);
  advance(w, 60);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  return delivered.map((d) => d.type);
}

/** A payout of everything, its event delivered, listed by one run and posted as a deposit by the next. */
function payOutAndPost() {
  advance(w, DAY);
  const since = events().length;
  const payout = w.stripe.payOut('usd')!;
  deliverSubscribed(w, since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  return payout;
}

const ledger = (customerId: number) => {
  const b = w.account.books;
  return {
    ar: b.customerBalance(customerId, usd()), revenue: 0 - b.balance(w.books.income, usd()) || 0, undeposited: b.balance(w.books.undepositedFunds, usd()),
    bank: b.balance(w.books.bank, usd()), fees: b.balance(w.books.fees, usd()), clearing: b.balance(w.books.clearing, usd()),
  };
};

test('the endpoint PayPack creates subscribes to every event the books need, and every event PayPack handles is one it subscribes to', () => {
  const endpoint = w.stripe.store().webhookEndpoints.get(w.endpointId)!;
  expect(endpoint.enabled_events).toEqual(expect.arrayContaining(['charge.captured', 'charge.expired', 'charge.refund.updated', 'refund.failed', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated', 'charge.dispute.closed']));
  // a handler for an event the endpoint is not subscribed to would never run
  expect([...(endpoint.enabled_events as string[])].sort()).toEqual([...HANDLED_EVENTS].sort());
});

test('manual capture: an authorization posts nothing; a partial capture posts what was captured, applied to the invoice, and its payout deposits it; an authorization that expires posts nothing', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const inv = w.account.books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 100 }] });
  const other = w.account.books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 50 }] });
  const before = ledger(ann.customerId);
  expect(before).toMatchObject({ ar: 150, revenue: 150, undeposited: 0 });

  let hold: Record<string, unknown> = {};
  let lapsing: Record<string, unknown> = {};
  const authorized = stripeThenRun(() => {
    hold = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'usd', manualCapture: true, intentMetadata: { netsuite_invoice_id: String(inv) } });
    lapsing = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd', manualCapture: true, metadata: { netsuite_invoice_id: String(other) } });
  });
  expect(authorized).toEqual(['charge.succeeded', 'charge.succeeded']);
  // authorized, not paid: the invoices are still due, nothing in Undeposited Funds
  expect([w.account.books.invoiceDue(inv), w.account.books.invoiceDue(other)]).toEqual([100, 50]);
  expect(ledger(ann.customerId)).toEqual(before);
  expect(paymentOf(w, hold.id)).toMatchObject({ [PAYMENT.status]: 'authorized', [PAYMENT.transaction]: '' });

  advance(w, 2 * DAY);
  expect(stripeThenRun(() => w.stripe.captureCharge(String(hold.id), 6000))).toEqual(['charge.captured']);
  expect(paymentOf(w, hold.id)).toMatchObject({ [PAYMENT.status]: 'succeeded', [PAYMENT.refunded]: 0 });
  expect(w.account.books.invoiceDue(inv)).toBe(40);
  expect(ledger(ann.customerId)).toMatchObject({ ar: 90, revenue: 150, undeposited: 60 });

  // seven days after the authorization, Stripe lets the other one go
  advance(w, 5 * DAY);
  expect(stripeThenRun(() => { expect(w.stripe.expireAuthorizations().map((c) => c.id)).toEqual([lapsing.id]); })).toEqual(['charge.expired']);
  expect(paymentOf(w, lapsing.id)).toMatchObject({ [PAYMENT.status]: 'expired', [PAYMENT.transaction]: '' });
  expect(w.account.books.invoiceDue(other)).toBe(50);
  expect(w.account.all('creditmemo')).toEqual([]);
  expect(ledger(ann.customerId)).toMatchObject({ ar: 90, revenue: 150, undeposited: 60 });

  const payout = payOutAndPost();
  expect(payout.amount).toBe(6000 - 204);
  expect(ledger(ann.customerId)).toMatchObject({ ar: 90, revenue: 150, undeposited: 0, bank: 57.96, fees: 2.04, clearing: 0 });
});

test('an inquiry posts nothing; once it becomes a chargeback its withdrawn funds post as a refund, and its reinstated funds as a payment, each dated when Stripe moved the money', () => {
  const bob = bookCustomer(w, 'Bob Co');
  const inv = w.account.books.addInvoice({ entity: bob.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 80 }] });
  let charge: Record<string, unknown> = {};
  stripeThenRun(() => { charge = w.stripe.seedCharge(bob.stripeId, { amount: 8000, currency: 'usd', metadata: { netsuite_invoice_id: String(inv) } }); });
  const paid = ledger(bob.customerId);
  expect(paid).toMatchObject({ ar: 0, revenue: 80, undeposited: 80 });

  advance(w, DAY);
  let inquiry: Record<string, unknown> = {};
  expect(stripeThenRun(() => { inquiry = w.stripe.disputeCharge(String(charge.id), 'general', 'test', { inquiry: true }); })).toEqual(['charge.dispute.created']);
  expect(stripeThenRun(() => w.stripe.reviewDispute(String(inquiry.id)))).toEqual(['charge.dispute.updated']);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.status]: 'inquiry' });
  // Stripe withdrew nothing: nothing is credited, revenue and Undeposited Funds stand
  expect(w.account.all('creditmemo')).toEqual([]);
  expect(ledger(bob.customerId)).toEqual(paid);

  advance(w, DAY);
  const withdrawnOn = w.account.now();
  expect(stripeThenRun(() => w.stripe.escalateInquiry(String(inquiry.id)))).toEqual(['charge.dispute.updated', 'charge.dispute.funds_withdrawn']);
  expect(ledger(bob.customerId)).toMatchObject({ ar: 0, revenue: 0, undeposited: 0 });
  expect(w.account.all('customerrefund').map((r) => (r.fields.trandate as Date).toISOString().slice(0, 10))).toEqual([withdrawnOn.toISOString().slice(0, 10)]);

  advance(w, 3 * DAY);
  expect(stripeThenRun(() => w.stripe.closeDispute(String(inquiry.id), 'won'))).toEqual(['charge.dispute.funds_reinstated', 'charge.dispute.closed']);
  // won: the withdrawal undone, revenue back at the sale, the customer owing nothing and holding no credit
  expect(ledger(bob.customerId)).toMatchObject({ ar: 0, revenue: 80, undeposited: 80 });
  payOutAndPost();
  // the charge's 80 in, the withdrawal out with its fee, the reinstatement in: Stripe's figures to the cent, nothing on clearing
  expect(ledger(bob.customerId)).toMatchObject({ undeposited: 0, clearing: 0, fees: 17.62, bank: 62.38 });
});

test('a refund that fails after it was posted is undone: revenue and A/R as before the refund, no credit left, and the payout carrying the money back deposits it', () => {
  const cara = bookCustomer(w, 'Cara Co');
  const inv = w.account.books.addInvoice({ entity: cara.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 120 }] });
  let charge: Record<string, unknown> = {};
  stripeThenRun(() => { charge = w.stripe.seedCharge(cara.stripeId, { amount: 12000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } }); });
  const paid = ledger(cara.customerId);
  expect(paid).toMatchObject({ ar: 0, revenue: 120, undeposited: 120 });

  advance(w, DAY);
  stripeThenRun(() => w.stripe.refundCharge(String(charge.id), 4500));
  expect(ledger(cara.customerId)).toMatchObject({ ar: 0, revenue: 75, undeposited: 75 });
  const first = payOutAndPost();
  expect(first.amount).toBe(12000 - 378 - 4500);
  expect(ledger(cara.customerId)).toMatchObject({ undeposited: 0, clearing: 0, bank: 71.22 });

  // the card was closed: Stripe's refund fails, the 45 are back in the balance
  advance(w, 2 * DAY);
  const refund = [...w.stripe.store().refunds.values()][0];
  expect(stripeThenRun(() => w.stripe.failRefund(String(refund.id), 'expired_or_canceled_card'))).toEqual(['charge.refund.updated', 'refund.failed']);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  // owes nothing, holds no credit; revenue back at the sale; the 45 wait in Undeposited Funds for the payout that carries them
  expect(ledger(cara.customerId)).toMatchObject({ ar: 0, revenue: 120, undeposited: 45 });
  expect(w.account.all('customerpayment').map((p) => w.account.books.unapplied('customerpayment', p.id))).toEqual([0, 0]);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.status]: 'succeeded', [PAYMENT.refunded]: 0 });
  // a rerun and a redelivery change nothing
  const count = ['customerpayment', 'invoice', 'creditmemo', 'customerrefund'].map((t) => w.account.all(t).length);
  stripeThenRun(() => undefined);
  expect(['customerpayment', 'invoice', 'creditmemo', 'customerrefund'].map((t) => w.account.all(t).length)).toEqual(count);

  const second = payOutAndPost();
  expect(second.amount).toBe(4500);
  expect(ledger(cara.customerId)).toMatchObject({ ar: 0, revenue: 120, undeposited: 0, clearing: 0, bank: 116.22, fees: 3.78 });
});

test('every Stripe fee type a payout carries (stripe_fee, stripe_fx_fee, tax_fee) goes on the deposit\'s fee line, none on clearing', () => {
  const dan = bookCustomer(w, 'Dan Co');
  stripeThenRun(() => { w.stripe.seedCharge(dan.stripeId, { amount: 20000, currency: 'usd' }); });
  w.stripe.chargeStripeFee('usd', 150, 'Radar');
  w.stripe.chargeStripeFee('usd', 240, 'Currency conversion', 'test', 'stripe_fx_fee');
  w.stripe.chargeStripeFee('usd', 13, 'Tax on Stripe fees', 'test', 'tax_fee');
  const payout = payOutAndPost();
  expect(payout.amount).toBe(20000 - 610 - 150 - 240 - 13);
  const l = ledger(dan.customerId);
  expect([cents(l.fees), cents(l.clearing), cents(l.undeposited), cents(l.bank)]).toEqual([610 + 150 + 240 + 13, 0, 0, payout.amount as number]);
});

test('a taxed refund that fails after it was posted: the reverse invoice is taxed as the credit memo was, so revenue and the tax owed are back where they were', () => {
  const s = setupSales(w.account);
  const eve = bookCustomer(w, 'Eve Co');
  const invoice = w.account.books.addInvoice({
    entity: eve.customerId, currency: usd(),
    lines: [{ item: w.books.item, amount: 90, istaxable: true }, { item: s.otherCharge, istaxable: false }],
    header: { taxitem: String(s.salesTax) },
  });
  const total = Number(w.account.get('invoice', invoice).fields.total);
  const books = w.account.books;
  const incomeAccounts = () => w.account.all('account').filter((a) => a.fields.accttype === 'Income');
  const taxed = () => ({
    revenue: Math.round(-incomeAccounts().reduce((sum, a) => sum + books.balance(a.id), 0) * 100) / 100,
    taxOwed: -books.balance(s.taxPayable), customer: books.customerBalance(eve.customerId, usd()),
  });
  let charge: Record<string, unknown> = {};
  stripeThenRun(() => { charge = w.stripe.seedCharge(eve.stripeId, { amount: Math.round(total * 100), currency: 'usd', metadata: { netsuite_invoice_id: String(invoice) } }); });
  const paid = taxed();
  expect(paid.customer).toBe(0);
  advance(w, DAY);
  stripeThenRun(() => w.stripe.refundCharge(String(charge.id), 2000));
  const refunded = taxed();
  expect(refunded.taxOwed).toBeLessThan(paid.taxOwed);
  advance(w, DAY);
  const refund = [...w.stripe.store().refunds.values()][0];
  stripeThenRun(() => w.stripe.failRefund(String(refund.id)));
  expect(taxed()).toEqual(paid);
  expect(books.balance(w.books.undepositedFunds, usd())).toBe(total);
});
