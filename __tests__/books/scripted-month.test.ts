/**
 * Books, a scripted month (issue 39's "done when"): the compiled bundle, the emulator's clock moved
 * through thirty days of money as Stripe moves it. Charges (paid at once, authorized and captured in
 * part, one authorization left to expire, one paying a Stripe invoice), refunds (one fails later), an
 * inquiry, a lost and a won chargeback, payouts (one returned by the bank and paid out again). Stripe
 * delivers each event only if the endpoint subscribes to its type; here some arrive twice, some late
 * (after events that came after them), some never, and the payments job catches up on what they
 * would have said. At the end: what the accountant sees, exactly.
 */
import { advance } from '../../emulator/world';
import { deliver } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, postWithPayouts } from './setup';

let w: BooksWorld;
const DAY = 86400;
const usd = () => String(w.books.currencies.USD);

type Delivery = ReturnType<BooksWorld['stripe']['deliveries']>[number];
/** What happens to a delivery: delivered, twice, held back to come later, or never. */
type Fate = 'once' | 'twice' | 'late' | 'lost';
const held: Delivery[] = [];
const fates: Record<Fate, string[]> = { once: [], twice: [], late: [], lost: [] };

/** Stripe acts; the endpoint gets what it subscribes to, each delivery meeting the fate `fate` gives it (else once). */
function stripe(act: () => void, fate: (d: Delivery, object: Record<string, unknown>) => Fate | undefined = () => undefined) {
  const since = w.stripe.store().events.length;
  act();
  const endpoint = w.stripe.store().webhookEndpoints.get(w.endpointId)!;
  for (const d of w.stripe.deliveries(since).filter((x) => x.url === endpoint.url)) {
    const object = (JSON.parse(d.body) as { data: { object: Record<string, unknown> } }).data.object;
    const f = fate(d, object) ?? 'once';
    fates[f].push(d.type);
    if (f === 'lost') continue;
    if (f === 'late') { held.push(d); continue; }
    for (let i = 0; i < (f === 'twice' ? 2 : 1); i++) expect(deliver(w, d.body, { signature: d.signature }).status).toBe(200);
  }
}

/** The deliveries held back arrive now, after what came since (Stripe signs each delivery attempt when it makes it). */
function lateOnesArrive() {
  for (const d of held.splice(0)) expect(deliver(w, d.body).status).toBe(200);
}

/** PayPack Payments Import, on its schedule: runs until a run finds nothing more to do (a payout's deposit comes the run after its listing). */
function jobRuns(times = 3) {
  for (let i = 0; i < times; i++) {
    advance(w, 15 * 60);
    const run = runPaymentsJob(w);
    expect([run.mapErrors, run.reduceErrors]).toEqual([[], []]);
  }
}

beforeEach(() => {
  w = booksWorld();
  postWithPayouts(w);
  advance(w, 60);
});

test('a month of Stripe money ends with every invoice, every customer\'s A/R, revenue, Undeposited Funds, bank, fees and clearing exactly right', () => {
  const books = w.account.books;
  const [ann, bob, cara, dan, eve, fay] = ['Ann Co', 'Bob Co', 'Cara Co', 'Dan Co', 'Eve Co', 'Fay Co'].map((n) => bookCustomer(w, n));
  const invoice = (c: { customerId: number }, amount: number) => String(books.addInvoice({ entity: c.customerId, currency: usd(), lines: [{ item: w.books.item, amount }] }));
  const a1 = invoice(ann, 100); const b1 = invoice(bob, 80); const c1 = invoice(cara, 50); const d1 = invoice(dan, 120); const e1 = invoice(eve, 90); const f1 = invoice(fay, 70);
  const charges: Record<string, Record<string, unknown>> = {};

  // day 1: Ann pays (every event delivered twice); Bob's and Cara's cards are only authorized; Dan pays
  // a Stripe invoice (its invoice_payment.paid arrives before the charge's own event); Eve's
  // charge.succeeded never arrives; Fay pays
  stripe(() => {
    charges.ann = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'usd', intentMetadata: { netsuite_invoice_id: a1 } });
    charges.bob = w.stripe.seedCharge(bob.stripeId, { amount: 8000, currency: 'usd', manualCapture: true, intentMetadata: { netsuite_invoice_id: b1 } });
    charges.cara = w.stripe.seedCharge(cara.stripeId, { amount: 5000, currency: 'usd', manualCapture: true, metadata: { netsuite_invoice_id: c1 } });
    charges.dan = w.stripe.seedCharge(dan.stripeId, { amount: 12000, currency: 'usd', invoice: 'in_1DanMonth', invoiceMetadata: { netsuite_invoice_id: d1 } });
    charges.eve = w.stripe.seedCharge(eve.stripeId, { amount: 9000, currency: 'usd', metadata: { netsuite_invoice_id: e1 } });
    charges.fay = w.stripe.seedCharge(fay.stripeId, { amount: 7000, currency: 'usd', intentMetadata: { netsuite_invoice_id: f1 } });
  }, (d, o) => (o.id === charges.ann.id ? 'twice' : o.id === charges.dan.id ? 'late' : o.id === charges.eve.id ? 'lost' : undefined));
  lateOnesArrive();
  jobRuns(1);
  expect([books.invoiceDue(a1), books.invoiceDue(b1), books.invoiceDue(c1), books.invoiceDue(d1), books.invoiceDue(e1), books.invoiceDue(f1)]).toEqual([0, 80, 50, 0, 90, 0]);

  // day 3: Bob's hold is captured in part (60 of 80); Ann is refunded 30 (charge.refunded never
  // arrives); Dan is refunded 40
  advance(w, 2 * DAY);
  stripe(() => {
    w.stripe.captureCharge(String(charges.bob.id), 6000);
    w.stripe.refundCharge(String(charges.ann.id), 3000);
    w.stripe.refundCharge(String(charges.dan.id), 4000);
  }, (d, o) => (d.type === 'charge.refunded' && o.id === charges.ann.id ? 'lost' : undefined));
  jobRuns(1);

  // day 4: the first payout; its payout.paid comes a day late, with the inquiry's events
  advance(w, DAY);
  let p1: Record<string, unknown> = {};
  stripe(() => { p1 = w.stripe.payOut('usd')!; }, () => 'late');
  advance(w, DAY);
  let inquiry: Record<string, unknown> = {};
  stripe(() => {
    inquiry = w.stripe.disputeCharge(String(charges.bob.id), 'general', 'test', { inquiry: true });
    w.stripe.reviewDispute(String(inquiry.id));
  }, (d) => (d.type === 'charge.dispute.updated' ? 'twice' : undefined));
  lateOnesArrive();
  jobRuns();
  expect(Number(p1.amount)).toBe(10000 - 320 + 6000 - 204 + 12000 - 378 + 9000 - 261 - 30 + 7000 - 233 - 3000 - 4000);

  // day 6: Eve's and Fay's card holders dispute: both chargebacks withdraw the money and Stripe's fee
  advance(w, DAY);
  const chargebacks: Record<string, Record<string, unknown>> = {};
  stripe(() => {
    chargebacks.eve = w.stripe.disputeCharge(String(charges.eve.id));
    chargebacks.fay = w.stripe.disputeCharge(String(charges.fay.id));
  });
  // day 8: Cara's authorization was never captured: Stripe lets it go
  advance(w, 2 * DAY);
  stripe(() => { expect(w.stripe.expireAuthorizations().map((c) => c.id)).toEqual([charges.cara.id]); });
  jobRuns(1);

  // day 10: Dan's refund fails (his card was closed): the 40 are back in Stripe's balance
  advance(w, 2 * DAY);
  const danRefund = [...w.stripe.store().refunds.values()].find((r) => r.charge === charges.dan.id)!;
  stripe(() => w.stripe.failRefund(String(danRefund.id)), (d) => (d.type === 'charge.refund.updated' ? 'twice' : undefined));
  // day 11: Ann pays a second invoice; the inquiry closes with no money moved
  advance(w, DAY);
  const a2 = invoice(ann, 200);
  stripe(() => {
    charges.ann2 = w.stripe.seedCharge(ann.stripeId, { amount: 20000, currency: 'usd', intentMetadata: { netsuite_invoice_id: a2 } });
    w.stripe.closeDispute(String(inquiry.id), 'warning_closed');
  });
  jobRuns(1);

  // day 18: Fay's chargeback is won (funds_reinstated arrives after the dispute's close); day 19 the second payout
  advance(w, 7 * DAY);
  stripe(() => w.stripe.closeDispute(String(chargebacks.fay.id), 'won'), (d) => (d.type === 'charge.dispute.funds_reinstated' ? 'late' : undefined));
  lateOnesArrive();
  advance(w, DAY);
  let p2: Record<string, unknown> = {};
  stripe(() => { p2 = w.stripe.payOut('usd')!; });
  jobRuns();
  expect(Number(p2.amount)).toBe(20000 - 610 + 4000 - 9000 - 1500 - 7000 - 1500 + 7000);

  // day 20: Eve's chargeback is lost; day 22 the bank returns the second payout, and Stripe pays it out again
  advance(w, DAY);
  stripe(() => w.stripe.closeDispute(String(chargebacks.eve.id), 'lost'));
  advance(w, 2 * DAY);
  stripe(() => w.stripe.failPayout(String(p2.id)));
  jobRuns(1);
  advance(w, DAY);
  let p3: Record<string, unknown> = {};
  stripe(() => { p3 = w.stripe.payOut('usd')!; });
  expect(Number(p3.amount)).toBe(Number(p2.amount));
  advance(w, 7 * DAY);
  jobRuns();

  // Stripe sent the endpoint only what it subscribes to (refund.updated is not among them), and the script lost, doubled and held some
  expect(w.stripe.store().events.map((e) => e.type)).toContain('refund.updated');
  expect(Object.values(fates).flat()).not.toContain('refund.updated');
  expect(fates.lost.sort()).toEqual(['charge.refunded', 'charge.succeeded']);
  expect(fates.twice.sort()).toEqual(['charge.dispute.updated', 'charge.refund.updated', 'charge.succeeded']);
  expect(fates.late.sort()).toEqual(['charge.dispute.funds_reinstated', 'charge.succeeded', 'payout.paid']);

  // what the accountant sees
  expect({
    a1: books.invoiceDue(a1), a2: books.invoiceDue(a2), b1: books.invoiceDue(b1), c1: books.invoiceDue(c1), d1: books.invoiceDue(d1), e1: books.invoiceDue(e1), f1: books.invoiceDue(f1),
  }).toEqual({ a1: 0, a2: 0, b1: 20, c1: 50, d1: 0, e1: 0, f1: 0 });
  const ar = (c: { customerId: number }) => books.customerBalance(c.customerId, usd());
  // Bob owes what was not captured, Cara all (her authorization expired); Fay's won chargeback undid its withdrawal
  expect({ ann: ar(ann), bob: ar(bob), cara: ar(cara), dan: ar(dan), eve: ar(eve), fay: ar(fay) }).toEqual({ ann: 0, bob: 20, cara: 50, dan: 0, eve: 0, fay: 0 });
  // invoices 710; credited: Ann's refund 30, Dan's 40, Eve's lost chargeback 90, Fay's chargeback 70; undone: Dan's failed refund +40, Fay's won chargeback +70
  expect(0 - books.balance(w.books.income, usd())).toBe(710 - 30 - 40 - 90 - 70 + 40 + 70);
  expect(books.balance(w.books.undepositedFunds, usd())).toBe(0);
  // the bank as the statement shows it: the first payout, the second in and back out, and its payout again
  expect(books.balance(w.books.bank, usd())).toBe((Number(p1.amount) + Number(p3.amount)) / 100);
  expect(books.balance(w.books.bank, usd())).toBe(469.64);
  // Stripe's fees: six charges and two dispute fees
  expect(books.balance(w.books.fees, usd())).toBe((320 + 204 + 378 + 261 + 30 + 233 + 610 + 1500 + 1500) / 100);
  expect(books.balance(w.books.clearing, usd())).toBe(0);
});
