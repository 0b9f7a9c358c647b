/**
 * Books in an account whose customer payments start with Auto Apply checked: NetSuite would apply
 * each one to the customer's oldest open invoices. PayPack says how each payment applies, so a charge
 * naming an invoice pays that invoice, and one naming none stays the customer's credit. The tests run
 * the compiled bundle on the emulator and read each invoice's amount due and the customer's A/R.
 */
import { advance } from '../../emulator/world';
import { deliverSubscribed } from '../webhook/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { PAYMENT } from '../../src/core/ids';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from './setup';

let w: BooksWorld;
const DAY = 86400;
const usd = () => String(w.books.currencies.USD);

beforeEach(() => {
  w = booksWorld();
  expect(turnPostingOn(w, w.account.now()).afterSubmitError).toBeUndefined();
  // the account's customer payments start with Auto Apply checked
  w.account.books.autoApplyPayments = true;
  advance(w, 60);
});

function charge(stripeId: string, amount: number, metadata: Record<string, string> = {}) {
  const since = w.stripe.store().events.length;
  const c = w.stripe.seedCharge(stripeId, { amount, currency: 'usd', metadata });
  expect(deliverSubscribed(w, since).filter((d) => d.status !== 200)).toEqual([]);
  advance(w, 60);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  return c;
}

test('with Auto Apply on in the account, a charge naming the newer invoice pays that invoice, and a charge naming none stays the customer\'s credit, and a won dispute\'s reinstatement reverses its withdrawal: the older invoice stays due throughout', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const books = w.account.books;
  const older = books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 70 }], trandate: new Date(w.account.now().getTime() - 10 * DAY * 1000) });
  const newer = books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 40 }] });

  const paid = charge(ann.stripeId, 4000, { netsuite_invoice_id: String(newer) });
  expect(String(paymentOf(w, paid.id)![PAYMENT.posting])).toContain(`Applied 40 to invoice`);
  expect([books.invoiceDue(older), books.invoiceDue(newer), books.customerBalance(ann.customerId, usd())]).toEqual([70, 0, 70]);

  const credit = charge(ann.stripeId, 2500);
  const payment = w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(credit.id)}`)!;
  expect(payment.fields.autoapply).toBe(false);
  expect([books.invoiceDue(older), books.unapplied('customerpayment', payment.id), books.customerBalance(ann.customerId, usd())]).toEqual([70, 25, 45]);

  // the paid charge disputed and won: the reinstated payment reverses the withdrawal, it does not pay the older invoice
  advance(w, DAY);
  const since = w.stripe.store().events.length;
  const dispute = w.stripe.disputeCharge(String(paid.id), 'fraudulent', 'test');
  advance(w, 5 * DAY);
  w.stripe.closeDispute(String(dispute.id), 'won');
  expect(deliverSubscribed(w, since).filter((d) => d.status !== 200)).toEqual([]);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect([books.invoiceDue(older), books.invoiceDue(newer), books.customerBalance(ann.customerId, usd())]).toEqual([70, 0, 45]);
});
