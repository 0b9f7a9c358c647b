/**
 * Books in a real NetSuite account: a yen invoice in a dollar company (what is due is read in the
 * invoice's own currency), its Stripe charge settled in dollars and deposited at what Stripe paid
 * (NetSuite books the realized exchange difference), and a config serving two subsidiaries, each with
 * its own bank. The tests run the compiled bundle on the emulator and read the general ledger.
 */
import { runSubmit, runSuitelet } from '../../emulator/netsuite';
import { advance } from '../../emulator/world';
import { compiled } from '../compiled';
import { CONFIG, PAYMENT, PAYOUT, RECORD, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { clickSync, syncLogRows } from '../sync/setup';
import { deliver } from '../webhook/setup';
import { paymentOf, payoutOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, BooksWorld, booksWorld, servedInEurope, turnPostingOn } from './setup';

let w: BooksWorld;
const DAY = 86400;
const events = () => w.stripe.store().events;
const deliverSince = (since: number) => { for (const e of events().slice(since)) deliver(w, e); };
const cur = (code: string) => String(w.books.currencies[code]);

beforeEach(() => {
  w = booksWorld();
  // a US Stripe account settles in dollars; NetSuite's rate for the yen is 0.0067 (setupBooks), Stripe converts at 0.0066
  w.stripe.settlementCurrencies = ['usd'];
  w.stripe.exchangeRates = { usd: { jpy: 0.0066 } };
  expect(turnPostingOn(w, w.account.now(), {
    [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing),
    [CONFIG.paySuccessUrl]: 'https://example.com/paid', [CONFIG.payCancelUrl]: 'https://example.com/invoices',
  }).afterSubmitError).toBeUndefined();
  advance(w, 60);
});

/** Payout paid, its event delivered, the job lists it, and the next run posts it. */
function payOutAndPost() {
  const since = events().length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  const posting = runPaymentsJob(w);
  expect([posting.mapErrors, posting.reduceErrors]).toEqual([[], []]);
  return payout;
}

test('a ¥10,000 invoice in a USD company: the pay link asks ¥10,000, the charge applies ¥10,000, and its deposit at what Stripe settled books the realized loss', () => {
  const ann = bookCustomer(w, 'Ann KK', ['JPY']);
  const inv = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
    type: 'create', recordType: 'invoice',
    values: { entity: String(ann.customerId), currency: cur('JPY'), subsidiary: String(w.parent), tranid: 'INV-JP1' },
    sublists: { item: [{ item: String(w.books.item), amount: 10000 }] },
  });
  // NetSuite: ¥10,000 at 0.0067 is $67.00 of A/R
  expect([w.account.books.customerBalance(ann.customerId), w.account.books.customerBalance(ann.customerId, cur('JPY'))]).toEqual([67, 10000]);

  // the customer clicks Pay by card: Checkout asks what is due in yen
  const link = String(w.account.get('invoice', inv.id).fields[TRANSACTION.payUrl]);
  const token = new URL(link).searchParams.get('token') || '';
  const click = runSuitelet(compiled('pp_sl_pay'), { scriptId: SCRIPT.slPay.scriptId }, { method: 'GET', parameters: { token }, url: link });
  expect(click.status).toBe(302);
  const session = [...w.stripe.store().checkoutSessions.values()].pop()!;
  expect(session).toMatchObject({ currency: 'jpy', amount_total: 10000 });

  // paid: the ¥10,000 payment applies ¥10,000 to the invoice
  const since = events().length;
  const charge = w.stripe.completeCheckout(String(session.id));
  deliverSince(since);
  runPaymentsJob(w);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.nsInvoice]: String(inv.id), [PAYMENT.toPost]: false });
  expect(String(paymentOf(w, charge.id)![PAYMENT.posting])).toContain('Applied 10000 to invoice INV-JP1.');
  const books = w.account.books;
  expect([books.invoiceDue(inv.id), books.customerBalance(ann.customerId), books.customerBalance(ann.customerId, cur('JPY'))]).toEqual([0, 0, 0]);
  expect([books.balance(w.books.undepositedFunds), books.balance(w.books.undepositedFunds, cur('JPY'))]).toEqual([67, 10000]);

  // Stripe settled the ¥10,000 as $66.00 less its fee; the payout's deposit takes the yen payment at $66.00
  advance(w, DAY);
  const payout = payOutAndPost();
  const settled = [...w.stripe.store().balanceTransactions.values()].find((t) => t.source === charge.id)!;
  expect(settled).toMatchObject({ currency: 'usd', amount: 6600, exchange_rate: 0.0066 });
  expect(payoutOf(w, payout.id)![PAYOUT.deposit]).toMatch(/^\d+$/);
  expect(books.balance(w.books.bank)).toBe(Number(payout.amount) / 100);
  expect(books.balance(w.books.fees)).toBe(Number(settled.fee) / 100);
  // off Undeposited Funds at the $67.00 it was booked at; the $1.00 the yen lost is NetSuite's realized loss
  expect([books.balance(w.books.undepositedFunds), books.balance(w.books.undepositedFunds, cur('JPY'))]).toEqual([0, 0]);
  expect(books.balance(w.books.gainLoss)).toBe(1);
  expect(books.balance(w.books.clearing)).toBe(0);
});

test('a config serving two subsidiaries: each subsidiary\'s payouts go to its own bank (deposit and journal entry naming that subsidiary); a payout mixing both says so plainly and posts nothing', () => {
  const services = w.account.addSubsidiary('Parent Services LLC');
  w.account.write(RECORD.config, { [CONFIG.subsidiaries]: [String(w.parent), String(services)] }, { id: w.parentConfig });
  const servicesBank = w.account.write('account', { acctname: 'Services Bank', accttype: 'Bank', currency: cur('USD'), subsidiary: String(services), isinactive: false }).id;
  w.account.write(RECORD.payoutBank, { custrecord_pp_pb_config: String(w.parentConfig), custrecord_pp_pb_currency: 'usd', custrecord_pp_pb_account: String(servicesBank) });
  const ann = bookCustomer(w, 'Ann Co');
  const sam = w.account.addCustomer({ companyname: 'Sam Services', email: 'sam@pay.test', subsidiary: String(services), currency: cur('USD') });
  clickSync(w, sam);
  const samStripe = String(w.account.get('customer', sam).fields.custentity_pp_stripe_customer_id);
  expect(samStripe).toMatch(/^cus_/);
  const charge = (stripeId: string, amount: number) => {
    const since = events().length;
    const c = w.stripe.seedCharge(stripeId, { amount, currency: 'usd' });
    deliverSince(since);
    runPaymentsJob(w);
    return c;
  };
  const books = w.account.books;
  const depositOf = (payoutId: string) => w.account.get('deposit', String(payoutOf(w, payoutId)![PAYOUT.deposit])).fields;

  charge(ann.stripeId, 4000);
  advance(w, DAY);
  const first = payOutAndPost();
  expect(depositOf(String(first.id))).toMatchObject({ account: String(w.books.bank), subsidiary: String(w.parent) });

  const samCharge = charge(samStripe, 2500);
  expect(w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(samCharge.id)}`)!.fields.subsidiary).toBe(String(services));
  advance(w, DAY);
  const second = payOutAndPost();
  expect(depositOf(String(second.id))).toMatchObject({ account: String(servicesBank), subsidiary: String(services) });
  expect([books.balance(w.books.bank), books.balance(servicesBank)]).toEqual([Number(first.amount) / 100, Number(second.amount) / 100]);
  // the bank returns the second payout: the journal entry is the services subsidiary's, out of its bank
  const since = events().length;
  w.stripe.failPayout(String(second.id));
  deliverSince(since);
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(w.account.all('journalentry').map((j) => j.fields.subsidiary)).toEqual([String(services)]);
  expect([books.balance(w.books.bank), books.balance(servicesBank)]).toEqual([Number(first.amount) / 100, 0]);

  // one payout carrying both subsidiaries' money: no bank of one subsidiary can take it
  charge(ann.stripeId, 1000);
  charge(samStripe, 2000);
  advance(w, DAY);
  const mixed = payOutAndPost();
  const note = String(payoutOf(w, mixed.id)![PAYOUT.posting]);
  expect(note).toMatch(new RegExp(`^not posted: this payout carries payments of subsidiary ${w.parent} \\(.+\\) and subsidiary ${services} \\(.+\\), and no bank account of its currency on the config can take them all`));
  expect(note).toContain('PayPack does not post intercompany transfers: a Stripe payout reaches one bank account, so one that carries several subsidiaries\' payments is deposited by hand');
  expect(w.account.all('deposit')).toHaveLength(2);
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_stripe_id === mixed.id)).toHaveLength(1);
  expect(books.balance(w.books.undepositedFunds)).toBe(30);
});

test('a PayPack Payout Bank Account row whose bank account is in another currency than its own is refused when saved, with what to do; one in its currency saves', () => {
  const save = (values: Record<string, unknown>, id?: number) => runSubmit(compiled('pp_ue_payout_bank'), { scriptId: SCRIPT.uePayoutBank.scriptId }, {
    type: id === undefined ? 'create' : 'xedit', recordType: RECORD.payoutBank, ...(id === undefined ? {} : { id }), values,
  });
  const rows = () => w.account.all(RECORD.payoutBank).map((r) => [r.fields.custrecord_pp_pb_currency, r.fields.custrecord_pp_pb_account]);
  expect(() => save({ custrecord_pp_pb_config: String(w.parentConfig), custrecord_pp_pb_currency: 'usd', custrecord_pp_pb_account: String(w.books.euroBank) }))
    .toThrow(`PayPack Payout Bank Account: bank account ${w.books.euroBank} is in EUR, not USD. Stripe's USD payouts must be deposited into a USD bank account: choose one, or set the row's currency to the account's.`);
  expect(rows()).toEqual([]);
  const row = save({ custrecord_pp_pb_config: String(w.parentConfig), custrecord_pp_pb_currency: 'eur', custrecord_pp_pb_account: String(w.books.euroBank) });
  expect(rows()).toEqual([['eur', String(w.books.euroBank)]]);
  // an inline edit of the currency alone is checked against the saved account
  expect(() => save({ custrecord_pp_pb_currency: 'jpy' }, row.id)).toThrow(/is in EUR, not JPY/);
  expect(rows()).toEqual([['eur', String(w.books.euroBank)]]);
});

test('a customer served through another of its subsidiaries (a customer link): its Stripe payment and refund are posted in that subsidiary, and that subsidiary\'s payout bank takes them', () => {
  const { euBank, euSecret, both, euCustomer } = servedInEurope(w);
  advance(w, 60);
  w.euStripe.settlementCurrencies = ['eur'];
  const since = w.euStripe.store().events.length;
  const charge = w.euStripe.seedCharge(String(euCustomer.id), { amount: 5000, currency: 'eur' });
  w.euStripe.refundCharge(String(charge.id), 1000);
  const euDeliver = (from: number) => { for (const e of w.euStripe.store().events.slice(from)) deliver(w, e, { secret: euSecret, configId: w.europeConfig }); };
  euDeliver(since);
  runPaymentsJob(w);
  const posted = (type: string) => w.account.all(type).filter((t) => String(t.fields.externalid).startsWith('stripe_')).map((t) => t.fields.subsidiary);
  expect([posted('customerpayment'), posted('customerrefund')]).toEqual([[String(w.europe)], [String(w.europe)]]);
  advance(w, DAY);
  const paid = w.euStripe.store().events.length;
  const payout = w.euStripe.payOut('eur')!;
  euDeliver(paid);
  runPaymentsJob(w);
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(w.account.all('deposit').map((d) => [d.fields.account, d.fields.subsidiary, d.fields.total])).toEqual([[String(euBank), String(w.europe), Number(payout.amount) / 100]]);
  expect([w.account.books.balance(w.books.undepositedFunds, cur('EUR')), w.account.books.customerBalance(both, cur('EUR'))]).toEqual([0, -40]);
});
