/**
 * Putting things right: a user voids or deletes what PayPack posted, ticks Needs Posting on the
 * payment row (clears Deposits on the payout row), and the next run of PayPack Payments Import posts
 * again what went, never twice. The ledger an accountant reads ends where it was before.
 */
import * as record from 'N/record';
import { PAYMENT, PAYOUT, RECORD } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { ACCOUNTANT, deliver } from '../webhook/setup';
import { paymentOf, payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, postWithPayouts } from './setup';

let w: BooksWorld;
const usd = () => String(w.books.currencies.USD);
const deliverSince = (since: number) => { for (const e of w.stripe.store().events.slice(since)) deliver(w, e); };
beforeEach(() => { w = booksWorld(); });

/** What an accountant reads: the invoice's amount due, the customer's A/R, Undeposited Funds, revenue, the bank. */
function ledger(customerId: number, invoice: number) {
  const b = w.account.books;
  return { due: b.invoiceDue(invoice), ar: b.customerBalance(customerId, usd()), undeposited: b.balance(w.books.undepositedFunds), revenue: b.balance(w.books.income), bank: b.balance(w.books.bank) };
}
/** As another role (its permissions on PayPack's rows and their fields). */
function asRole<T>(user: typeof ACCOUNTANT, fn: () => T): T {
  const was = w.account.user;
  w.account.user = user;
  try { return fn(); } finally { w.account.user = was; }
}
/** The administrator ticks Needs Posting on the charge's PayPack Stripe Payment row (an inline edit); the Accountant only views the row. */
function tick(chargeId: string) {
  const row = w.account.all(RECORD.payment).find((r) => r.fields[PAYMENT.chargeId] === chargeId)!;
  const values = { [PAYMENT.toPost]: true };
  expect(() => asRole(ACCOUNTANT, () => record.submitFields({ type: RECORD.payment, id: row.id, values }))).toThrow(expect.objectContaining({ name: 'INSUFFICIENT_PERMISSION' }));
  record.submitFields({ type: RECORD.payment, id: row.id, values });
}
/** The administrator clears Deposits on the payout row. */
function clearDeposits(rowId: string) {
  record.submitFields({ type: RECORD.payout, id: rowId, values: { [PAYOUT.deposit]: '' } });
}
/** A run of the job; the units of the map call that posted the charge's row. */
function run(chargeId: string) {
  advance(w, 900);
  const r = runPaymentsJob(w);
  expect([r.mapErrors, r.reduceErrors]).toEqual([[], []]);
  const i = r.input.findIndex((x) => x.key.startsWith('b:') && x.key.endsWith(`:${chargeId}`));
  return { units: i < 0 ? undefined : r.usage.map[i], stripeCalls: r.stripeCalls };
}
const live = (type: string) => w.account.all(type).filter((r) => r.fields.status !== 'Voided').map((r) => String(r.fields.externalid));

function paidInvoice() {
  postWithPayouts(w);
  const ann = bookCustomer(w, 'Ann Co');
  const invoice = w.account.books.addInvoice({ entity: ann.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 50 }] });
  const since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 5000, currency: 'usd', metadata: { netsuite_invoice_id: String(invoice) } });
  deliverSince(since);
  run(String(charge.id));
  return { ann, invoice, chargeId: String(charge.id) };
}

test('a PayPack payment a user deleted is posted again once Needs Posting is ticked: the ledger ends where it was; a tick with nothing gone posts nothing', () => {
  const { ann, invoice, chargeId } = paidInvoice();
  const before = ledger(ann.customerId, invoice);
  expect(before).toMatchObject({ due: 0, ar: 0, undeposited: 50 });
  const first = String(paymentOf(w, chargeId)![PAYMENT.transaction]);
  record.delete({ type: 'customerpayment', id: first });
  expect(ledger(ann.customerId, invoice)).toMatchObject({ due: 50, ar: 50, undeposited: 0 });
  // PayPack does not look by itself: the row is not marked, nothing is posted
  expect(run(chargeId).units).toBeUndefined();
  expect(w.account.all('customerpayment')).toHaveLength(0);

  tick(chargeId);
  const again = run(chargeId);
  expect(again.stripeCalls).toBe(0);
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  const row = paymentOf(w, chargeId)!;
  const second = String(row[PAYMENT.transaction]);
  expect(second).not.toBe(first);
  expect(w.account.get('customerpayment', second).fields.externalid).toBe(`stripe_${chargeId}_r${first}`);
  expect(String(row[PAYMENT.posting])).toContain(`Posted again in place of what was voided or deleted: deleted transaction ${first} (${chargeId})`);
  expect(row[PAYMENT.toPost]).toBe(false);
  // a rerun (the row unmarked) and a tick with nothing gone post nothing
  expect(run(chargeId).units).toBeUndefined();
  tick(chargeId);
  const checked = run(chargeId);
  expect(w.account.all('customerpayment')).toHaveLength(1);
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(String(paymentOf(w, chargeId)![PAYMENT.posting])).toContain('Checked on request: every transaction it names is in NetSuite, not voided.');
  // one search for what the row names, the lookup of its read time and the row's write
  expect(checked.units).toBe(13);
  expect(again.units).toBeLessThanOrEqual(44 + 13);
});

test('a voided payment, refund and credit memo are posted again under new external ids (a voided one keeps its own); a run that dies after saving does not post twice', () => {
  const { ann, invoice, chargeId } = paidInvoice();
  let since = w.stripe.store().events.length;
  advance(w, 3600);
  w.stripe.refundCharge(chargeId, 2000);
  const refund = [...w.stripe.store().refunds.values()].pop()!;
  deliverSince(since);
  run(chargeId);
  const before = ledger(ann.customerId, invoice);
  expect(before).toMatchObject({ due: 0, ar: 0, undeposited: 30, revenue: -30 });
  const posted = JSON.parse(String(paymentOf(w, chargeId)![PAYMENT.posted])) as { done: Record<string, string> };
  const payment = posted.done[chargeId];
  const [refundTx, creditMemo] = posted.done[String(refund.id)].split(',');
  // NetSuite voids nothing another transaction depends on: the refund first, then its credit memo and the payment
  expect(() => w.account.books.voidTransaction('creditmemo', creditMemo)).toThrow(/depend/);
  w.account.books.voidTransaction('customerrefund', refundTx);
  w.account.books.voidTransaction('creditmemo', creditMemo);
  w.account.books.voidTransaction('customerpayment', payment);
  expect(ledger(ann.customerId, invoice)).toMatchObject({ due: 50, ar: 50, undeposited: 0, revenue: -50 });

  tick(chargeId);
  // NetSuite stops the map call after the new payment is saved (51 units in, before the refund), and restarts it
  advance(w, 900);
  const restarted = runPaymentsJob(w, { interrupt: { stage: 'map', key: (k) => k.endsWith(`:${chargeId}`), afterUnits: 55, restart: true } });
  // the voided payment and the one posted in its place: the restarted call found it again
  expect(w.account.all('customerpayment')).toHaveLength(2);
  expect([restarted.mapErrors, restarted.reduceErrors]).toEqual([[], []]);
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(live('customerpayment')).toEqual([`stripe_${chargeId}_r${payment}`]);
  expect(live('creditmemo')).toEqual([`stripe_${String(refund.id)}_cm_r${creditMemo}`]);
  expect(live('customerrefund')).toEqual([`stripe_${String(refund.id)}_r${refundTx}`]);
  // the voided ones stay, voided, with their own external ids
  expect(w.account.get('customerpayment', payment).fields).toMatchObject({ status: 'Voided', externalid: `stripe_${chargeId}` });
  expect(paymentOf(w, chargeId)![PAYMENT.toPost]).toBe(false);

  // voided again: the chain of external ids goes on from the replaced one
  since = w.stripe.store().events.length;
  const newRefund = JSON.parse(String(paymentOf(w, chargeId)![PAYMENT.posted])).done[String(refund.id)].split(',')[0];
  w.account.books.voidTransaction('customerrefund', newRefund);
  tick(chargeId);
  run(chargeId);
  expect(live('customerrefund')).toEqual([`stripe_${String(refund.id)}_r${newRefund}`]);
  expect(live('creditmemo')).toEqual([`stripe_${String(refund.id)}_cm_r${creditMemo}`]); // its credit memo, still there, taken again
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(w.stripe.store().events.length).toBe(since);
});

test('a payout whose deposit a user deleted, and whose payment was voided, is deposited again once Deposits is cleared and the payment row ticked: the bank and Undeposited Funds end where they were', () => {
  const { ann, invoice, chargeId } = paidInvoice();
  advance(w, 86400);
  let since = w.stripe.store().events.length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  run(chargeId); // lists what the payout carries
  run(chargeId); // deposits it
  const before = ledger(ann.customerId, invoice);
  const row = () => payoutOf(w, payout.id)!;
  const deposit = String(row()[PAYOUT.deposit]);
  expect(before.bank).toBe(Number(payout.amount) / 100);
  expect(before.undeposited).toBe(0);
  const payment = String(paymentOf(w, chargeId)![PAYMENT.transaction]);
  // a deposited payment can be neither voided nor deleted: the deposit goes first
  expect(() => w.account.books.voidTransaction('customerpayment', payment)).toThrow(/deposit/);
  expect(() => record.delete({ type: 'customerpayment', id: payment })).toThrow(expect.objectContaining({ name: 'THIS_RECORD_CANNOT_BE_DELETED_BECAUSE_IT_HAS_DEPENDENT_RECORDS' }));
  record.delete({ type: 'deposit', id: deposit });
  w.account.books.voidTransaction('customerpayment', payment);
  expect(ledger(ann.customerId, invoice)).toMatchObject({ due: 50, bank: 0, undeposited: 0 });
  // nothing is done until the accountant asks
  run(chargeId);
  expect(w.account.all('deposit')).toHaveLength(0);

  tick(chargeId);
  clearDeposits(row().id);
  since = w.stripe.store().events.length;
  const again = run(chargeId);
  expect(again.stripeCalls).toBe(1); // the payout listed again: what it carries, one page
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(w.account.all('deposit').map((d) => d.fields.externalid)).toEqual([`stripe_${payout.id}`]);
  expect(String(row()[PAYOUT.deposit])).toBe(String(w.account.all('deposit')[0].id));
  expect(String(row()[PAYOUT.posting])).toMatch(/^posted as deposit \d+$/);
  // cleared again with the deposit there: checked, nothing made
  clearDeposits(row().id);
  expect(run(chargeId).stripeCalls).toBe(0);
  expect(w.account.all('deposit')).toHaveLength(1);
  expect(String(row()[PAYOUT.posting])).toContain('Checked when Deposits was cleared: every deposit is in NetSuite.');
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(w.stripe.store().events.length).toBe(since);
});

test('the reverse of a failed refund (an invoice and a payment applied to it), voided by a user, is posted again: the customer owes and holds what they did', () => {
  const { ann, invoice, chargeId } = paidInvoice();
  let since = w.stripe.store().events.length;
  advance(w, 3600);
  w.stripe.refundCharge(chargeId, 2000);
  deliverSince(since);
  run(chargeId);
  since = w.stripe.store().events.length;
  const refund = [...w.stripe.store().refunds.values()].pop()!;
  w.stripe.failRefund(String(refund.id));
  deliverSince(since);
  run(chargeId);
  const before = ledger(ann.customerId, invoice);
  const [payment, reverseInvoice] = JSON.parse(String(paymentOf(w, chargeId)![PAYMENT.posted])).done[`${String(refund.id)}_failed`].split(',');
  // the payment first (it applies the invoice), then the invoice
  w.account.books.voidTransaction('customerpayment', payment);
  w.account.books.voidTransaction('invoice', reverseInvoice);
  expect(ledger(ann.customerId, invoice)).not.toEqual(before);
  tick(chargeId);
  run(chargeId);
  expect(ledger(ann.customerId, invoice)).toEqual(before);
  expect(live('invoice').filter((x) => x.startsWith('stripe_'))).toEqual([`stripe_${String(refund.id)}_failed_inv_r${reverseInvoice}`]);
  expect(live('customerpayment')).toContain(`stripe_${String(refund.id)}_failed_r${payment}`);
  expect(paymentOf(w, chargeId)![PAYMENT.toPost]).toBe(false);
});
