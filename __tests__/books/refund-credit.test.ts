/**
 * Books: a refund of a paid invoice as it really is (taxed, discounted, several lines, an inventory
 * item on line 0, an item group, shipping). The credit memo credits the config's Refund Item, taxed
 * as the invoice was: revenue falls by the refund's net, tax liability by its tax, the customer is
 * left with no credit, and no stock moves. The tests read the general ledger.
 */
import { CONFIG, PAYMENT } from '../../src/core/ids';
import { advance } from '../../emulator/world';
import { setupSales } from '../../emulator/netsuite/books';
import { deliver } from '../webhook/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, saveConfig, turnPostingOn } from './setup';

let w: BooksWorld;
let s: ReturnType<typeof setupSales>;
const usd = () => String(w.books.currencies.USD);

beforeEach(() => {
  w = booksWorld();
  s = setupSales(w.account);
});

function deliverNew(since: number) {
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
}

/** What an accountant reads: revenue (every income account, credit positive), tax owed, stock, the customer's balance. */
function ledger(customerId: number) {
  const books = w.account.books;
  const incomeAccounts = w.account.all('account').filter((a) => a.fields.accttype === 'Income');
  return {
    revenue: Math.round(-incomeAccounts.reduce((sum, a) => sum + books.balance(a.id), 0) * 100) / 100,
    taxOwed: -books.balance(s.taxPayable),
    inventory: books.balance(s.inventoryAsset),
    onHand: w.account.get('inventoryitem', s.inventory).fields.quantityonhand,
    customer: books.customerBalance(customerId, usd()),
  };
}

/** The invoice paid by a Stripe charge that names it; then `refund` cents of it refunded, and the payments job run. */
function payThenRefund(customer: ReturnType<typeof bookCustomer>, invoice: number, refund: number) {
  const total = Number(w.account.get('invoice', invoice).fields.total);
  let since = w.stripe.store().events.length;
  const charge = w.stripe.seedCharge(customer.stripeId, { amount: Math.round(total * 100), currency: 'usd', metadata: { netsuite_invoice_id: String(invoice) } });
  deliverNew(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(w.account.books.invoiceDue(invoice)).toBe(0);
  const before = ledger(customer.customerId);
  since = w.stripe.store().events.length;
  advance(w, 86400);
  w.stripe.refundCharge(String(charge.id), refund);
  deliverNew(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  return { charge, before, after: ledger(customer.customerId) };
}

test('a VAT invoice (2 widgets on line 0 less 10%, a group, an untaxed line, 5 off, shipping) refunded in part: the credit memo credits the refund item for the net, with VAT as the invoice had it; revenue and VAT owed fall by the refund\'s net and tax, stock stays', () => {
  const ann = bookCustomer(w, 'Ann Co');
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const invoice = w.account.books.addInvoice({
    entity: ann.customerId, currency: usd(),
    lines: [
      { item: s.inventory, quantity: 2, rate: 40, taxcode: s.vat },
      { item: s.percentOff },
      { item: s.group, taxcode: s.vat },
      { item: s.subtotal },
      { item: s.nonInventory, amount: 10 },
    ],
    header: { discountitem: String(s.amountOff), shipmethod: String(s.shipping), shippingcost: 7, shippingtaxcode: String(s.vat) },
  });
  expect(w.account.get('invoice', invoice).fields.total).toBe(176.87);
  const { charge, before, after } = payThenRefund(ann, invoice, 5000);
  // the invoice billed 167.21 at 20% VAT (its lines' 137 less their share of the 5 off, 26.47 VAT, and
  // the 7 shipping with 1.40 VAT) and 9.66 untaxed (10 less its share of the 5 off): the 50 refund is
  // 47.27 of the first (39.39 net + 7.88 VAT) and 2.73 of the second
  expect(after.revenue).toBe(Math.round((before.revenue - 42.12) * 100) / 100);
  expect(after.taxOwed).toBe(Math.round((before.taxOwed - 7.88) * 100) / 100);
  expect([after.customer, after.inventory, after.onHand]).toEqual([0, before.inventory, before.onHand]);
  const [cm] = w.account.all('creditmemo');
  expect(cm.fields).toMatchObject({ createdfrom: String(invoice), total: 50, taxtotal: 7.88, discounttotal: 0, shippingcost: 0 });
  expect(cm.sublists.item.map((l) => [l.item, l.amount, l.taxcode ?? ''])).toEqual([[String(w.books.refundItem), 39.39, String(s.vat)], [String(w.books.refundItem), 2.73, '']]);
  expect(w.account.books.balance(w.books.undepositedFunds)).toBe(Math.round((176.87 - 50) * 100) / 100);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.toPost]: false });
});

test('US sales tax on the header (taxable lines, a pre-tax discount, taxable shipping) refunded in part: the credit memo\'s taxable refund line carries the invoice\'s rate, its tax and total make the refund', () => {
  const bob = bookCustomer(w, 'Bob Co');
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const invoice = w.account.books.addInvoice({
    entity: bob.customerId, currency: usd(),
    lines: [{ item: s.inventory, istaxable: true }, { item: w.books.item, amount: 90, istaxable: true }, { item: s.otherCharge, istaxable: false }],
    header: { taxitem: String(s.salesTax), discountitem: String(s.amountOff), shipmethod: String(s.shipping), shippingcost: 10 },
  });
  expect(w.account.get('invoice', invoice).fields.total).toBe(171.2);
  const { before, after } = payThenRefund(bob, invoice, 2000);
  // 147.01 billed taxable (130 less its share of the 5 off, the 10 taxable shipping, the 11.20 tax), 24.19
  // not (25 less its share): the 20 refund is 17.17 taxable (15.86 + 1.31 tax) and 2.83 not
  expect(after.revenue).toBe(Math.round((before.revenue - 18.69) * 100) / 100);
  expect(after.taxOwed).toBe(Math.round((before.taxOwed - 1.31) * 100) / 100);
  expect([after.customer, after.onHand]).toEqual([0, before.onHand]);
  const [cm] = w.account.all('creditmemo');
  expect(cm.fields).toMatchObject({ taxitem: String(s.salesTax), total: 20, taxtotal: 1.31, discounttotal: 0, shippingcost: 0 });
  expect(cm.sublists.item.map((l) => [l.amount, l.istaxable])).toEqual([[15.86, true], [2.83, false]]);
});

test('an invoice with a header discount and VAT-taxed shipping refunded in full: the credit memo takes back all the tax it billed, and revenue falls by all the rest', () => {
  const dee = bookCustomer(w, 'Dee Co');
  turnPostingOn(w, w.account.now());
  advance(w, 60);
  const invoice = w.account.books.addInvoice({
    entity: dee.customerId, currency: usd(),
    lines: [{ item: w.books.item, amount: 80, taxcode: s.vat }, { item: s.percentOff }, { item: s.nonInventory, amount: 10 }],
    header: { discountitem: String(s.amountOff), shipmethod: String(s.shipping), shippingcost: 7, shippingtaxcode: String(s.vat) },
  });
  const inv = w.account.get('invoice', invoice).fields;
  // 72 at 20% less its share of the 5 off (13.52 VAT), 10 untaxed less its share, 7 shipping with 1.40 VAT
  expect([inv.total, inv.taxtotal]).toEqual([98.92, 14.92]);
  const { before, after } = payThenRefund(dee, invoice, 9892);
  expect(after.taxOwed + 0).toBe(Math.round((before.taxOwed - 14.92) * 100) / 100 + 0);
  expect(after.revenue + 0).toBe(Math.round((before.revenue - (98.92 - 14.92)) * 100) / 100 + 0);
  expect(after.customer).toBe(0);
});

test('a posting config without a Refund Item posts no refund of a paid invoice: the row says what to choose and stays to retry; once the item is chosen the next run posts it', () => {
  const cara = bookCustomer(w, 'Cara Co');
  turnPostingOn(w, w.account.now(), { [CONFIG.refundItem]: '' });
  advance(w, 60);
  const invoice = w.account.books.addInvoice({ entity: cara.customerId, currency: usd(), lines: [{ item: w.books.item, amount: 30 }] });
  const { charge, before, after } = payThenRefund(cara, invoice, 1000);
  const row = () => paymentOf(w, charge.id)!;
  expect(String(row()[PAYMENT.posting])).toMatch(/^Stripe refund re_\w+ of charge ch_\w+ \(10 USD\) was not posted: PayPack Config .+ has no Refund Item, the item the credit memo for a paid invoice credits\. Choose a non-inventory or other-charge item in Refund Item on the config; the next run of PayPack Payments Import posts it\./);
  expect(row()[PAYMENT.toPost]).toBe(true);
  expect([w.account.all('creditmemo').length, w.account.all('customerrefund').length]).toEqual([0, 0]);
  expect(after).toEqual(before);
  saveConfig(w.parentConfig, { [CONFIG.refundItem]: String(s.otherCharge) });
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(row()[PAYMENT.toPost]).toBe(false);
  expect(ledger(cara.customerId)).toMatchObject({ revenue: 20, customer: 0 });
});

test('the config refuses a Refund Item that is not a non-inventory or other-charge item, saying what to choose', () => {
  for (const item of [s.inventory, w.books.item, s.percentOff, s.group]) {
    expect(() => saveConfig(w.parentConfig, { [CONFIG.refundItem]: String(item) })).toThrow(/Refund Item .+ is an item of type .+\. Choose a non-inventory or other-charge item for sale/);
  }
  expect(() => saveConfig(w.parentConfig, { [CONFIG.refundItem]: '999999' })).toThrow(/NetSuite has no item 999999 for Refund Item/);
  for (const item of [s.nonInventory, s.otherCharge]) expect(saveConfig(w.parentConfig, { [CONFIG.refundItem]: String(item) }).afterSubmitError).toBeUndefined();
});
