/**
 * The books scenario, all at once, as an accountant would close it: taxed and discounted multi-line
 * invoices, a config serving two subsidiaries each with its own payout bank, and a yen customer in a
 * dollar company; charges paying each invoice, a partial refund of a taxed invoice, a dispute lost,
 * and each subsidiary's payout deposited. At the end every balance is what the sales and Stripe's
 * money make it: each invoice's amount due, each customer's A/R, revenue, tax payable, Undeposited
 * Funds per currency, each bank, the realized exchange loss, the clearing account. The test runs the
 * compiled bundle on the emulator and reads the general ledger.
 */
import { advance } from '../../emulator/world';
import { setupSales } from '../../emulator/netsuite/books';
import { CONFIG, PAYOUT, RECORD } from '../../src/core/ids';
import { clickSync } from '../sync/setup';
import { deliverSubscribed } from '../webhook/setup';
import { payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from './setup';

let w: BooksWorld;
const DAY = 86400;
const cur = (code: string) => String(w.books.currencies[code]);

beforeEach(() => {
  w = booksWorld();
  // a US Stripe account settles in dollars; NetSuite's yen rate is 0.0067 (setupBooks), Stripe converts at 0.0066
  w.stripe.settlementCurrencies = ['usd'];
  w.stripe.exchangeRates = { usd: { jpy: 0.0066 } };
});

/** What happens in Stripe, its deliveries to the endpoint, then a run of the payments job. */
function stripeThenRun<T>(act: () => T): T {
  const since = w.stripe.store().events.length;
  const out = act();
  expect(deliverSubscribed(w, since).filter((d) => d.status !== 200)).toEqual([]);
  advance(w, 60);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  return out;
}

/** A payout of everything available: its event, the run that lists it, the run that deposits it. */
function payOutAndPost() {
  advance(w, DAY);
  const payout = stripeThenRun(() => w.stripe.payOut('usd')!);
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  expect(payoutOf(w, payout.id)![PAYOUT.deposit]).toMatch(/^\d+$/);
  return payout;
}

const r2 = (x: number) => Math.round(x * 100) / 100 + 0;

test('taxed and discounted invoices in two subsidiaries and a yen invoice, paid by card, one refunded in part, one disputed and lost, both subsidiaries\' payouts deposited: every balance right', () => {
  const s = setupSales(w.account);
  const services = w.account.addSubsidiary('Parent Services LLC');
  const servicesBank = w.account.write('account', { acctname: 'Services Bank', accttype: 'Bank', currency: cur('USD'), subsidiary: String(services), isinactive: false }).id;
  expect(turnPostingOn(w, w.account.now(), {
    [CONFIG.subsidiaries]: [String(w.parent), String(services)],
    [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing),
  }).afterSubmitError).toBeUndefined();
  w.account.write(RECORD.payoutBank, { custrecord_pp_pb_config: String(w.parentConfig), custrecord_pp_pb_currency: 'usd', custrecord_pp_pb_account: String(servicesBank) });
  advance(w, 60);

  const books = w.account.books;
  const ann = bookCustomer(w, 'Ann Co');
  const kenji = bookCustomer(w, 'Kenji KK', ['JPY']);
  const sam = w.account.addCustomer({ companyname: 'Sam Services', email: 'sam@pay.test', subsidiary: String(services), currency: cur('USD') });
  clickSync(w, sam);
  const samStripe = String(w.account.get('customer', sam).fields.custentity_pp_stripe_customer_id);

  // Ann (parent, US sales tax 8.25%): 100 of services less 10% (taxable), a 25 setup fee (not taxable)
  const annInv = books.addInvoice({ entity: ann.customerId, currency: cur('USD'), lines: [{ item: w.books.item, amount: 100, istaxable: true }, { item: s.percentOff }, { item: s.otherCharge, istaxable: false }], header: { taxitem: String(s.salesTax) } });
  // Sam (services, 20% VAT): 80 of services less 10%, a 10 manual without VAT, 7 shipping with VAT; and 300 of services
  const samInv = books.addInvoice({ entity: sam, currency: cur('USD'), lines: [{ item: w.books.item, amount: 80, taxcode: s.vat }, { item: s.percentOff }, { item: s.nonInventory, amount: 10 }], header: { shipmethod: String(s.shipping), shippingcost: 7, shippingtaxcode: String(s.vat) } });
  const samInv2 = books.addInvoice({ entity: sam, currency: cur('USD'), lines: [{ item: w.books.item, amount: 300, taxcode: s.vat }] });
  // Kenji (parent, yen): ¥10,000, $67.00 at NetSuite's rate
  const kenjiInv = books.addInvoice({ entity: kenji.customerId, currency: cur('JPY'), lines: [{ item: w.books.item, amount: 10000 }] });
  const totals = [annInv, samInv, samInv2, kenjiInv].map((id) => [w.account.get('invoice', id).fields.total, w.account.get('invoice', id).fields.taxtotal]);
  expect(totals).toEqual([[122.43, 7.43], [104.8, 15.8], [360, 60], [10000, 0]]);

  // the parent's money: Ann and Kenji pay by card; a week later Ann is refunded 40 of her taxed invoice
  const annCharge = stripeThenRun(() => w.stripe.seedCharge(ann.stripeId, { amount: 12243, currency: 'usd', metadata: { netsuite_invoice_id: String(annInv) } }));
  stripeThenRun(() => w.stripe.seedCharge(kenji.stripeId, { amount: 10000, currency: 'jpy', metadata: { netsuite_invoice_id: String(kenjiInv) } }));
  advance(w, 7 * DAY);
  stripeThenRun(() => w.stripe.refundCharge(String(annCharge.id), 4000));
  const parentPayout = payOutAndPost();

  // the services subsidiary's money: Sam pays both invoices; the first is disputed and lost
  const samCharge = stripeThenRun(() => w.stripe.seedCharge(samStripe, { amount: 10480, currency: 'usd', metadata: { netsuite_invoice_id: String(samInv) } }));
  stripeThenRun(() => w.stripe.seedCharge(samStripe, { amount: 36000, currency: 'usd', metadata: { netsuite_invoice_id: String(samInv2) } }));
  advance(w, DAY);
  const dispute = stripeThenRun(() => w.stripe.disputeCharge(String(samCharge.id), 'fraudulent', 'test'));
  advance(w, 10 * DAY);
  stripeThenRun(() => w.stripe.closeDispute(String(dispute.id), 'lost'));
  const servicesPayout = payOutAndPost();

  // Stripe's figures: 2.9% + 0.30 a charge (the yen one on its $66.00), 15.00 for the dispute
  expect([parentPayout.amount, servicesPayout.amount]).toEqual([12243 - 4000 + 6600 - 385 - 221, 10480 + 36000 - 334 - 1074 - 10480 - 1500]);

  const incomeAccounts = w.account.all('account').filter((a) => a.fields.accttype === 'Income');
  expect({
    due: [annInv, samInv, samInv2, kenjiInv].map((id) => books.invoiceDue(id)),
    ar: [books.customerBalance(ann.customerId), books.customerBalance(sam), books.customerBalance(kenji.customerId), books.customerBalance(kenji.customerId, cur('JPY'))],
    // Ann 115 less the refund's 37.57 net; Sam 89 less the dispute's 89, and 300; Kenji 67
    revenue: r2(-incomeAccounts.reduce((sum, a) => sum + books.balance(a.id), 0)),
    // Ann 7.43 less the refund's 2.43; Sam 15.80 less the dispute's 15.80, and 60
    taxPayable: -books.balance(s.taxPayable),
    undeposited: [books.balance(w.books.undepositedFunds, cur('USD')), books.balance(w.books.undepositedFunds, cur('JPY')), books.balance(w.books.undepositedFunds)],
    banks: [books.balance(w.books.bank), books.balance(servicesBank)],
    fees: books.balance(w.books.fees),
    // the yen came in at $67.00 and were settled for $66.00
    gainLoss: books.balance(w.books.gainLoss),
    clearing: books.balance(w.books.clearing),
  }).toEqual({
    due: [0, 0, 0, 0],
    ar: [0, 0, 0, 0],
    revenue: r2(115 - 37.57 + 300 + 67),
    taxPayable: r2(7.43 - 2.43 + 60),
    undeposited: [0, 0, 0],
    banks: [142.37, 330.92],
    fees: r2(3.85 + 2.21 + 3.34 + 10.74 + 15),
    gainLoss: 1,
    clearing: 0,
  });
  // each deposit is its subsidiary's, into its own bank
  expect(w.account.all('deposit').map((d) => [d.fields.subsidiary, d.fields.account])).toEqual([[String(w.parent), String(w.books.bank)], [String(services), String(servicesBank)]]);
});
