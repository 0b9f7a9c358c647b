/** A books world where invoices can be charged: Charge Card clicks and Autopay runs through the compiled scripts. */
import { installScriptModules, runBeforeLoad, runClient, runMapReduce, runSubmit, runSuitelet, UserInfo } from '../../emulator/netsuite';
import { compiled } from '../compiled';
import { CONFIG, CUSTOMER, RECORD, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';
import { ACCOUNTANT } from '../sync/setup';
import { deliverSubscribed, refreshDefaults } from '../webhook/setup';
import { runPaymentsJob } from '../payments/setup';

export const DAY = 86400;

/** An accounts receivable clerk: edits customers and invoices. */
export const CLERK: UserInfo = { ...ACCOUNTANT, permissions: { LIST_CUSTJOB: 1, TRAN_CUSTINVC: 3, LIST_CURRENCY: 1 } };
/** Someone who may view invoices but not change them. */
export const VIEWER: UserInfo = { ...ACCOUNTANT, id: 8, name: 'Vic Viewer', email: 'vic@example.com', permissions: { LIST_CUSTJOB: 1, TRAN_CUSTINVC: 1, LIST_CURRENCY: 1 } };

export function chargeWorld(configValues: Record<string, unknown> = {}): BooksWorld {
  const w = booksWorld();
  turnPostingOn(w, w.account.now(), configValues);
  // the shipped Suitelet answers the button's https call
  installScriptModules({ [SCRIPT.slCharge.scriptId]: compiled('pp_sl_charge') });
  return w;
}

/**
 * A linked customer whose Stripe default is `pm` (a card by its test number's last four, or a US bank
 * account), known to NetSuite through the default payment method refresh.
 */
export function payingCustomer(w: BooksWorld, name: string, pm: { card?: { last4: string; exp_month?: number; exp_year?: number }; bank?: { last4: string } } = { card: { last4: '4242' } }, autopay = false) {
  const c = bookCustomer(w, name);
  const made = pm.bank
    ? w.stripe.seedPaymentMethod(c.stripeId, { type: 'us_bank_account', us_bank_account: { bank_name: 'STRIPE TEST BANK', last4: pm.bank.last4, account_type: 'checking' } }, { makeDefault: true })
    : w.stripe.seedPaymentMethod(c.stripeId, { card: { brand: 'visa', exp_month: 8, exp_year: 2030, ...pm.card } }, { makeDefault: true });
  refreshDefaults();
  if (autopay) w.account.write('customer', { [CUSTOMER.autopay]: true }, { id: c.customerId });
  return { ...c, pmId: String(made.id) };
}

/** An accountant saves a new invoice in the UI (the compiled invoice user event runs). */
export function saveInvoice(w: BooksWorld, customerId: number, amount: number, values: Record<string, unknown> = {}) {
  const run = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
    type: 'create', recordType: 'invoice',
    values: { entity: String(customerId), currency: String(w.books.currencies.USD), subsidiary: String(w.parent), tranid: `INV${8000 + w.account.all('invoice').length}`, ...values },
    sublists: { item: [{ item: String(w.books.item), amount }] },
  });
  return run.id;
}

/** The invoice page in view mode: the buttons beforeLoad adds. */
export function invoicePage(invoiceId: number, user: UserInfo = CLERK, type = 'view') {
  return runBeforeLoad(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId, user }, { type, recordType: 'invoice', id: invoiceId });
}

/** Someone clicks Charge Card on the invoice page (the client calls the Suitelet). */
export function clickCharge(w: BooksWorld, invoiceId: number, user: UserInfo = CLERK) {
  const mark = w.account.meter.mark();
  const calls = w.stripe.calls.length;
  const before = w.account.messagesShown.length;
  runClient(compiled('pp_cs_invoice'), 'paypackCharge', { recordType: 'invoice', id: invoiceId, user, args: [], mode: 'view' });
  const inv = w.account.meter.since(mark);
  const shown = w.account.messagesShown.slice(before)[0];
  return {
    // the banner's HTML as the user reads it
    message: { ...shown, message: shown.message.replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') },
    suiteletUnits: inv.filter((i) => i.kind === 'suitelet').reduce((s, i) => s + i.used, 0),
    stripeCalls: w.stripe.calls.length - calls,
  };
}

/** The charge Suitelet called directly (a GET from a link, a forged POST). */
export function callChargeSuitelet(invoiceId: string, user: UserInfo = CLERK, method = 'POST') {
  const res = runSuitelet(compiled('pp_sl_charge'), { scriptId: SCRIPT.slCharge.scriptId, user }, { method, parameters: { invoiceId } });
  return JSON.parse(res.body) as { ok: boolean; outcome: string; message: string };
}

/** The scheduled PayPack Autopay deployment runs once. */
export function runAutopay(w: BooksWorld, hooks: Parameters<typeof runMapReduce>[2] = {}) {
  const calls = w.stripe.calls.length;
  const run = runMapReduce(compiled('pp_mr_autopay'), { scriptId: SCRIPT.mrAutopay.scriptId }, hooks);
  return { ...run, stripeCalls: w.stripe.calls.length - calls };
}

export const statusOf = (w: BooksWorld, invoiceId: number) => String(w.account.get('invoice', invoiceId).fields[TRANSACTION.autopayStatus] ?? '');
export const stateOf = (w: BooksWorld, invoiceId: number) => JSON.parse(String(w.account.get('invoice', invoiceId).fields[TRANSACTION.autopayState] || 'null'));
export const intents = (w: BooksWorld) => [...w.stripe.store().paymentIntents.values()];
export const autopayLog = (w: BooksWorld) => w.account.all(RECORD.syncLog).map((r) => r.fields).filter((f) => f.custrecord_pp_sl_source === 'autopay');

/** What Stripe sends reaches the webhook; the payments job then posts it to the books. */
export function booksCatchUp(w: BooksWorld, since: number) {
  deliverSubscribed(w, since);
  return runPaymentsJob(w);
}

export { CONFIG };
