/**
 * The PayPack Reconciliation Suitelet, compiled, on the emulated account: what an accountant reads
 * on the page for a month of Stripe money (charges, a refund, fees, a clearing line), a payout that
 * does not tie out, and what the page costs in governance units, whatever the size of the deposit.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { runSuitelet } from '../../emulator/netsuite';
import { advance } from '../../emulator/world';
import { CONFIG, PAYMENT, PAYOUT, RECORD, TRANSACTION } from '../../src/core/ids';
import { compiled } from '../compiled';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';
import { payoutOf, runPaymentsJob } from '../payments/setup';
import { deliver } from '../webhook/setup';
import { tickLine } from '../dynamic-lines';

const SCRIPT = { scriptId: 'customscript_pp_sl_reconcile' };
const DAY = 86400;
let w: BooksWorld;
const events = () => w.stripe.store().events;
const deliverSince = (since: number) => { for (const e of events().slice(since)) deliver(w, e); };
const cur = (code: string) => String(w.books.currencies[code]);

/** The page as the browser gets it. */
function open(parameters: Record<string, string> = {}) {
  const r = runSuitelet(compiled('pp_sl_reconcile'), SCRIPT, { method: 'GET', parameters });
  expect(r.status).toBe(200);
  return r;
}

/** The text of each cell of a table's body rows (tags dropped, entities read back). */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) return [];
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => text(c[1])));
}
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&');
const tieOut = (html: string) => text(/<p id="tieout"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]);
const payoutRowId = (payoutId: string) => String(w.account.all(RECORD.payout).find((r) => r.fields[PAYOUT.id] === payoutId)!.id);

function postWithDeposits() {
  const saved = turnPostingOn(w, w.account.now(), { [CONFIG.bankAccount]: String(w.books.bank), [CONFIG.feeAccount]: String(w.books.fees), [CONFIG.clearingAccount]: String(w.books.clearing) });
  expect(saved.afterSubmitError).toBeUndefined();
}

/** Stripe pays out what it holds; the event arrives; the job lists the payout, and (post) its next run posts the deposit. */
function payOut(post = true) {
  const since = events().length;
  const payout = w.stripe.payOut('usd')!;
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  if (post) expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  return payout;
}

beforeEach(() => {
  w = booksWorld();
  w.stripe.settlementCurrencies = ['usd'];
});

test('a month of Stripe money: each payout by arrival date with its deposit; one payout line by line, its fee line and account, its clearing line and why, and the tie-out', () => {
  const ann = bookCustomer(w, 'Ann & Co <Retail>');
  const bob = bookCustomer(w, 'Bob Co');
  const cara = bookCustomer(w, 'Cara Co');
  postWithDeposits();
  const annInvoice = w.account.books.addInvoice({ entity: ann.customerId, currency: cur('USD'), lines: [{ item: w.books.item, amount: 100 }] });
  const caraInvoice = w.account.books.addInvoice({ entity: cara.customerId, currency: cur('USD'), lines: [{ item: w.books.item, amount: 40 }] });
  let since = events().length;
  const early = w.stripe.seedCharge(bob.stripeId, { amount: 2500, currency: 'usd' });
  deliverSince(since);
  advance(w, DAY);
  const first = payOut();
  advance(w, 3 * DAY);

  since = events().length;
  const annPaid = w.stripe.seedCharge(ann.stripeId, { amount: 12000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(annInvoice) } });
  const bobPaid = w.stripe.seedCharge(bob.stripeId, { amount: 5000, currency: 'usd' });
  const caraPaid = w.stripe.seedCharge(cara.stripeId, { amount: 4000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(caraInvoice) } });
  const stranger = w.stripe.seedCustomer({ email: 'nobody@else.test' });
  const unlinked = w.stripe.seedCharge(String(stranger.id), { amount: 1234, currency: 'usd' });
  w.stripe.refundCharge(String(bobPaid.id), 2000);
  w.stripe.refundCharge(String(caraPaid.id), 1000);
  deliverSince(since);
  advance(w, 3600);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  advance(w, DAY);
  const second = payOut();
  const bankLine = Number(second.amount) / 100;
  const dep = w.account.all('deposit').find((d) => d.fields.externalid === `stripe_${String(second.id)}`)!;
  const txn = (type: string, stripeId: string) => String(w.account.all(type).find((t) => t.fields.externalid === `stripe_${stripeId}`)!.id);
  const refundOf = (chargeId: string) => ({ id: String([...w.stripe.store().refunds.values()].find((r) => r.charge === chargeId)!.id) });

  // the list: newest arrival first, each payout with its amount, status and deposit (a link to it)
  const list = open();
  expect(list.headers['Content-Type']).toBe('text/html; charset=utf-8');
  const rows = tableRows(list.body, 'payouts');
  expect(rows.map((r) => r[1])).toEqual([second.id, first.id]);
  expect(rows[0].slice(2, 6)).toEqual([bankLine.toFixed(2), 'USD', 'paid', `Deposit ${dep.id}`]);
  expect(list.body).toContain(`<a href="/app/common/deposit.nl?id=${dep.id}">Deposit ${dep.id}</a>`);
  // its clearing line, with why: the unlinked Stripe customer's charge has no NetSuite transaction
  expect(rows[0][6]).toMatch(new RegExp(`^12\\.34: Stripe charge ${String(unlinked.id)}: no NetSuite transaction`));
  expect(rows[0][7]).toBe(String(payoutOf(w, second.id)![PAYOUT.posting]));
  expect(rows[1][6]).toBe('none');
  // the list: the payout rows, the configs' clearing accounts and the deposits' clearing lines, a search page each
  expect(list.usage).toBe(30);

  // one payout, opened from the list
  const href = new RegExp(`<a href="([^"]+)">${String(second.id)}</a>`).exec(list.body)![1].replace(/&amp;/g, '&');
  const payout = new URL(href, 'https://x.test').searchParams.get('payout')!;
  expect(payout).toBe(payoutRowId(String(second.id)));
  const page = open({ payout });
  const lines = tableRows(page.body, "lines");
  const annPayment = txn('customerpayment', String(annPaid.id));
  expect(lines).toEqual(expect.arrayContaining([
    ['payment', annPayment, 'Ann & Co <Retail>', String(annPaid.id), String(annPaid.id), '120.00', `invoice ${String(w.account.get('invoice', annInvoice).fields.tranid)}`, '20.00'],
    ['payment', txn('customerpayment', String(bobPaid.id)), 'Bob Co', String(bobPaid.id), String(bobPaid.id), '50.00', 'unapplied', '50.00'],
    ['payment', txn('customerpayment', String(caraPaid.id)), 'Cara Co', String(caraPaid.id), String(caraPaid.id), '40.00', `invoice ${String(w.account.get('invoice', caraInvoice).fields.tranid)}`, ''],
    ['refund', txn('customerrefund', refundOf(String(bobPaid.id)).id), 'Bob Co', refundOf(String(bobPaid.id)).id, String(bobPaid.id), '-20.00', 'from the payment\'s unapplied credit', ''],
    ['refund', txn('customerrefund', refundOf(String(caraPaid.id)).id), 'Cara Co', refundOf(String(caraPaid.id)).id, String(caraPaid.id), '-10.00', `credit memo ${txn('creditmemo', `${refundOf(String(caraPaid.id)).id}_cm`)} on invoice ${String(w.account.get('invoice', caraInvoice).fields.tranid)}`, ''],
  ]));
  expect(lines).toHaveLength(5);
  // names are escaped, never markup
  expect(page.body).toContain('Ann &amp; Co &lt;Retail&gt;');
  expect(page.body).not.toContain('<Retail>');
  // the fee line, on the fee account, and the clearing line of the unlinked customer's charge, saying why
  const fees = tableRows(page.body, 'fees');
  const stripeFees = [...w.stripe.store().balanceTransactions.values()].filter((t) => t._payout === second.id && t.type !== 'payout').reduce((s, t) => s + Number(t.fee), 0) / 100;
  expect(fees).toEqual([['Stripe Fees', (-stripeFees).toFixed(2), `Stripe fees of payout ${String(second.id)}`]]);
  const clearing = tableRows(page.body, 'clearing');
  expect(clearing).toHaveLength(1);
  expect(clearing[0].slice(0, 2)).toEqual(['Stripe Clearing', '12.34']);
  expect(clearing[0][2]).toContain(String(unlinked.id));
  expect(clearing[0][2]).toContain('no NetSuite transaction');
  // payments − refunds − fees ± clearing = the deposit = the bank line
  const payments = 120 + 50 + 40;
  expect(tieOut(page.body)).toBe(`Ties out: payments ${payments.toFixed(2)} − refunds 30.00 − fees ${stripeFees.toFixed(2)} + clearing 12.34 = ${bankLine.toFixed(2)} USD; deposit ${bankLine.toFixed(2)} USD; bank line ${bankLine.toFixed(2)} USD.`);
  expect(Math.round((payments - 30 - stripeFees + 12.34) * 100) / 100).toBe(bankLine);
  expect(page.body).toContain('<p id="tieout" class="ties">');
  // its cost: the payout row and config (1 + 1), the deposit (10), one search page each for its transactions, ledger rows, the invoices they paid and the accounts' names (10 each)
  expect(page.usage).toBe(52);

  // the same breakdown as text (what npm start prints)
  const breakdown = open({ payout, format: 'text' });
  expect(breakdown.headers['Content-Type']).toBe('text/plain; charset=utf-8');
  expect(breakdown.body.split('\n')[0]).toBe(`Payout ${String(second.id)}: ${bankLine.toFixed(2)} USD paid, arrival ${rows[0][0]}; deposit ${dep.id} (${bankLine.toFixed(2)} USD)`);
  expect(breakdown.body).toContain(`Bob Co · ${String(bobPaid.id)} · unapplied: 50.00 USD stays the customer's credit · transaction ${txn('customerpayment', String(bobPaid.id))}`);
  expect(breakdown.body).toContain(`Ann & Co <Retail> · ${String(annPaid.id)} · invoice ${String(w.account.get('invoice', annInvoice).fields.tranid)}, 20.00 USD stays the customer's credit · transaction ${annPayment}`);
  expect(breakdown.body).toContain(`fees        ${(-stripeFees).toFixed(2).padStart(10)} USD  to Stripe Fees (the fee account)`);
  expect(breakdown.body).toMatch(new RegExp(`clearing\\s+12\\.34 USD  to Stripe Clearing: .*${String(unlinked.id)}`));
  expect(breakdown.body.split('\n').pop()).toBe(`  ${tieOut(page.body)}`);

  // the saved searches docs/accounting.md names, made by the payments job
  const saved = (id: string, column: string) => search.load({ id }).run().getRange({ start: 0, end: 1000 }).map((r) => String(r.getValue(column)));
  expect(Object.fromEntries(['customsearch_pp_payout_payments', 'customsearch_pp_payout_transactions', 'customsearch_pp_unapplied_credit', 'customsearch_pp_clearing_lines', 'customsearch_pp_not_posted'].map((id) => [id, w.account.savedSearches.get(id)?.title])))
    .toEqual({
      customsearch_pp_payout_payments: 'PayPack Stripe Payouts with Payments', customsearch_pp_payout_transactions: 'PayPack Transactions by Payout',
      customsearch_pp_unapplied_credit: 'PayPack Payments Left Unapplied', customsearch_pp_clearing_lines: 'PayPack Stripe Clearing Account Lines', customsearch_pp_not_posted: 'PayPack Payments Not Posted',
    });
  expect(saved('customsearch_pp_payout_transactions', PAYMENT.chargeId).sort()).toEqual([early.id, annPaid.id, bobPaid.id, caraPaid.id].map(String).sort());
  // Ann's 20 left over and Bob's whole payment are the customers' credit; Cara's payment paid its invoice
  expect(saved('customsearch_pp_unapplied_credit', PAYMENT.chargeId).sort()).toEqual([early.id, annPaid.id, bobPaid.id].map(String).sort());
  // the clearing account's lines: the deposit's line for the unlinked customer's charge, money in from clearing
  const clearingLines = search.load({ id: 'customsearch_pp_clearing_lines' }).run().getRange({ start: 0, end: 100 });
  expect(clearingLines.map((r) => [r.id, r.getValue('type'), r.getText('account'), r.getValue('debitamount'), r.getValue('creditamount'), r.getValue(TRANSACTION.stripeId)]))
    .toEqual([[String(dep.id), 'Deposit', 'Stripe Clearing', '', 12.34, second.id]]);
  expect(String(clearingLines[0].getValue('memo'))).toContain(String(unlinked.id));
  expect(saved('customsearch_pp_not_posted', PAYMENT.chargeId)).toEqual([]);
  // a charge in a currency the customer does not have is not posted, and the search says why
  w.stripe.exchangeRates = { usd: { eur: 1.1 } };
  since = events().length;
  const euro = w.stripe.seedCharge(ann.stripeId, { amount: 3000, currency: 'eur' });
  deliverSince(since);
  expect(runPaymentsJob(w).mapErrors).toEqual([]);
  expect(saved('customsearch_pp_not_posted', PAYMENT.chargeId)).toEqual([euro.id]);
  expect(saved('customsearch_pp_not_posted', PAYMENT.posting)[0]).toContain('has no EUR currency in NetSuite');

  // a payout id that is no row: a plain answer, never an error page
  expect(text(open({ payout: '99999' }).body)).toContain('There is no PayPack Stripe Payout with internal id 99999.');
  expect(text(open({ payout: '<script>' }).body)).toContain('There is no PayPack Stripe Payout with internal id <script>.');
  expect(open({ payout: '<script>' }).body).not.toContain('<script>');
});

test('a payout deposited by hand without its fees does not tie out, and the page says by how much; one not deposited yet says why', () => {
  const ann = bookCustomer(w, 'Ann Co');
  postWithDeposits();
  let since = events().length;
  const charge = w.stripe.seedCharge(ann.stripeId, { amount: 10000, currency: 'usd' });
  deliverSince(since);
  advance(w, DAY);
  // listed and its payment posted, but not deposited yet
  const payout = payOut(false);
  const rowId = payoutRowId(String(payout.id));
  const waiting = open({ payout: rowId });
  expect(tableRows(waiting.body, 'lines')).toEqual([]);
  expect(tieOut(waiting.body)).toMatch(/^Does not tie out: no deposit for this payout yet/);
  expect(waiting.body).toContain('<p id="tieout" class="off">');

  // the accountant deposits it by hand, the whole charge (forgetting Stripe's fee), and names the deposit on the payout row
  const payment = w.account.all('customerpayment').find((p) => p.fields.externalid === `stripe_${String(charge.id)}`)!;
  const dep = record.create({ type: 'deposit', isDynamic: true });
  dep.setValue({ fieldId: 'subsidiary', value: String(payment.fields.subsidiary) });
  dep.setValue({ fieldId: 'account', value: String(w.books.bank) });
  dep.setValue({ fieldId: 'trandate', value: new Date(w.account.now()) });
  tickLine(dep, 'payment', 'id', String(payment.id), { deposit: true });
  const depId = String(dep.save());
  record.submitFields({ type: RECORD.payout, id: rowId, values: { [PAYOUT.deposit]: depId } });
  since = events().length;
  expect(runPaymentsJob(w).reduceErrors).toEqual([]);
  expect(w.account.all('deposit')).toHaveLength(1); // PayPack leaves a payout deposited by hand as it is

  const page = open({ payout: rowId });
  const bank = Number(payout.amount) / 100;
  const fee = Math.round((100 - bank) * 100) / 100;
  expect(fee).toBeGreaterThan(0);
  expect(tableRows(page.body, 'lines')).toEqual([['payment', String(payment.id), 'Ann Co', String(charge.id), String(charge.id), '100.00', 'unapplied', '100.00']]);
  expect(tableRows(page.body, 'fees')).toEqual([]);
  expect(tieOut(page.body)).toBe(`Does not tie out: the deposit totals 100.00 USD but the bank line is ${bank.toFixed(2)} USD: off by ${(-fee).toFixed(2)} USD. (payments 100.00 − refunds 0.00 − fees 0.00 + clearing 0.00 = 100.00 USD; deposit 100.00 USD; bank line ${bank.toFixed(2)} USD.)`);
  expect(page.body).toContain('<p id="tieout" class="off">');
  expect(tableRows(open().body, 'payouts')[0][5]).toBe(`Deposit ${depId}`);
});

test('governance: the list is three search pages, and a payout\'s page costs the same for 3 lines or 150', () => {
  const customers = Array.from({ length: 5 }, (_, i) => bookCustomer(w, `Customer ${i}`));
  postWithDeposits();
  const month = (charges: number) => {
    const since = events().length;
    for (let i = 0; i < charges; i++) w.stripe.seedCharge(customers[i % customers.length].stripeId, { amount: 1000 + i, currency: 'usd' });
    deliverSince(since);
    advance(w, DAY);
    const p = payOut();
    advance(w, DAY);
    return payoutRowId(String(p.id));
  };
  const small = month(3);
  const large = month(150);
  expect(w.account.all('deposit')).toHaveLength(2);
  const list = open();
  expect(tableRows(list.body, 'payouts')).toHaveLength(2);
  const smallPage = open({ payout: small });
  const largePage = open({ payout: large });
  expect(tableRows(largePage.body, 'lines')).toHaveLength(150);
  expect(tieOut(largePage.body)).toMatch(/^Ties out: /);
  // list: a search page each for the payouts and the clearing accounts, and a clearing-line search with no page to fetch (no clearing lines);
  // a payout: its row and config (1 + 1), its deposit (10), its transactions, their ledger rows and the accounts' names (10 each); no invoice paid, so no invoice search
  expect(list.usage).toBe(25);
  expect(smallPage.usage).toBe(42);
  expect(w.account.all('invoice')).toHaveLength(0);
  expect(largePage.usage).toBe(smallPage.usage);
});
