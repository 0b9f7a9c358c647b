/**
 * The Pay by card link on an invoice: written when the invoice is saved, durable, opening a fresh
 * Stripe Checkout page for what is still due when clicked; the payment that follows is posted and
 * applied to the invoice by the books. Tests run the compiled user event and Suitelet.
 */
import * as record from 'N/record';
import { runSubmit, runSuitelet } from '../../emulator/netsuite';
import { advance } from '../../emulator/world';
import { compiled } from '../compiled';
import { CONFIG, CUSTOMER, PAYMENT, SCRIPT, TRANSACTION } from '../../src/core/ids';
import { deliver } from '../webhook/setup';
import { massSync, syncLogRows } from '../sync/setup';
import { paymentOf, runPaymentsJob } from '../payments/setup';
import { bookCustomer, booksWorld, BooksWorld, turnPostingOn } from '../books/setup';

let w: BooksWorld;
const DAY = 86400;
beforeEach(() => {
  w = booksWorld();
  turnPostingOn(w, w.account.now(), { [CONFIG.paySuccessUrl]: 'https://example.com/paid', [CONFIG.payCancelUrl]: 'https://example.com/invoices' });
});

/** An accountant saves a new invoice in the UI: the compiled invoice user event runs. */
function saveInvoice(customerId: number, amount: number, currency = 'USD') {
  const run = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
    type: 'create', recordType: 'invoice',
    values: { entity: String(customerId), currency: String(w.books.currencies[currency]), subsidiary: String(w.parent), tranid: `INV${7000 + customerId}` },
    sublists: { item: [{ item: String(w.books.item), amount }] },
  });
  return { ...run, link: () => String(w.account.get('invoice', run.id).fields[TRANSACTION.payUrl] || '') };
}

/** The customer clicks the link in the invoice email: the compiled pay Suitelet. */
function click(link: string) {
  const calls = w.stripe.calls.length;
  const token = new URL(link).searchParams.get('token') || '';
  const res = runSuitelet(compiled('pp_sl_pay'), { scriptId: SCRIPT.slPay.scriptId }, { method: 'GET', parameters: { token }, url: link });
  return { ...res, stripeCalls: w.stripe.calls.length - calls };
}

const lastSession = () => [...w.stripe.store().checkoutSessions.values()].pop()!;

test('saving an invoice writes its link (no Stripe call); an edit keeps it; a click a month later opens Checkout for what is due now, and paying it brings the invoice to zero', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const calls = w.stripe.calls.length;
  const inv = saveInvoice(ann.customerId, 120);
  expect(inv.afterSubmitUsage).toBeLessThanOrEqual(30);
  expect(w.stripe.calls.length).toBe(calls);
  const link = inv.link();
  expect(link).toMatch(new RegExp(`^https://tstdrv1234567\\.extforms\\.netsuite\\.com/app/site/hosting/scriptlet\\.nl\\?script=\\d+&deploy=\\d+&compid=TSTDRV1234567&ns-at=\\w+&token=${inv.id}\\.${w.parentConfig}\\.\\d{8}\\.[0-9a-f]{32}$`, 'i'));
  runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, { type: 'edit', recordType: 'invoice', id: inv.id, values: { memo: 'edited' } });
  expect(inv.link()).toBe(link);

  // a month later, after a partial payment of 45 by cheque, the customer clicks
  advance(w, 30 * DAY);
  const cheque = record.transform({ fromType: 'invoice', fromId: inv.id, toType: 'customerpayment' });
  cheque.setValue({ fieldId: 'payment', value: 45 });
  cheque.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line: cheque.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: inv.id }), value: 45 });
  cheque.setValue({ fieldId: 'undepfunds', value: true });
  cheque.save();
  const res = click(link);
  expect(res.status).toBe(302);
  // the link's earlier sessions (none), then the new one
  expect(res.stripeCalls).toBe(2);
  expect(res.usage).toBeLessThanOrEqual(30);
  const session = lastSession();
  expect(res.headers.Location).toBe(session.url);
  expect(session).toMatchObject({ mode: 'payment', customer: ann.stripeId, currency: 'usd', amount_total: 7500, success_url: 'https://example.com/paid', cancel_url: 'https://example.com/invoices', _intentMetadata: { netsuite_invoice_id: String(inv.id) }, _name: `Invoice INV${7000 + ann.customerId}` });
  expect(w.stripe.calls.pop()!.params).toMatchObject({ payment_intent_data: { metadata: { netsuite_invoice_id: String(inv.id) } } });

  // the customer pays: Stripe's events reach the webhook, the payments job posts the payment to the invoice
  const since = w.stripe.store().events.length;
  const charge = w.stripe.completeCheckout(String(session.id));
  for (const e of w.stripe.store().events.slice(since)) deliver(w, e);
  runPaymentsJob(w);
  expect(paymentOf(w, charge.id)).toMatchObject({ [PAYMENT.nsInvoice]: String(inv.id), [PAYMENT.toPost]: false });
  expect([w.account.books.invoiceDue(inv.id), w.account.books.customerBalance(ann.customerId)]).toEqual([0, 0]);
  // a second click finds nothing due: a plain page, no Stripe call
  const again = click(link);
  expect([again.status, again.stripeCalls]).toEqual([200, 0]);
  expect(again.body).toContain('This invoice has nothing left to pay.');
  // the token lives in the invoice's link, by design, and nowhere else: no log, no record
  expect(w.account.findSecretLeaks([new URL(link).searchParams.get('token')!]).filter((l) => !l.endsWith(`${TRANSACTION.payUrl} contains a secret`))).toEqual([]);
});

test('a customer with no Stripe customer yet is synced in the same click', () => {
  const id = w.account.addCustomer({ companyname: 'New Co', email: 'ap@new.test', subsidiary: String(w.parent), currency: String(w.books.currencies.USD) });
  const res = click(saveInvoice(id, 80).link());
  expect(res.status).toBe(302);
  const stripeId = String(w.account.get('customer', id).fields[CUSTOMER.stripeId]);
  expect(stripeId).toMatch(/^cus_/);
  expect(lastSession()).toMatchObject({ customer: stripeId, amount_total: 8000 });
});

test('refusals: a forged or revoked token, a currency Stripe cannot take, Stripe down: a plain page for the customer, a sync log row for the accountant, never the token', () => {
  const ann = bookCustomer(w, 'Ann Co', ['USD', 'XAU']);
  const inv = saveInvoice(ann.customerId, 50);
  const link = inv.link();
  const token = new URL(link).searchParams.get('token')!;
  const forged = click(link.replace(/[0-9a-f]{32}$/, '0'.repeat(32)));
  expect([forged.status, forged.stripeCalls]).toEqual([200, 0]);
  expect(forged.body).toContain('<title>This link is not available</title>');
  expect(syncLogRows(w).filter((r) => r.custrecord_pp_sl_source === 'pay')).toEqual([]); // an unauthenticated guess writes no record

  for (const fault of [{ status: 500 }, { status: 429 }, { network: 'timeout' as const }]) {
    w.stripe.failNext({ ...fault, method: 'POST', path: '/v1/checkout/sessions' });
    const down = click(link);
    expect(down.body).toContain('<title>Please try again in a few minutes</title>');
    expect(String(syncLogRows(w).pop()!.custrecord_pp_sl_message)).toMatch(/^Pay by card link of invoice INV\d+: Stripe did not answer in time/);
  }

  const gold = saveInvoice(ann.customerId, 5, 'XAU');
  const refused = click(gold.link());
  expect(refused.body).toContain('This payment link is not available.');
  expect(String(syncLogRows(w).pop()!.custrecord_pp_sl_message)).toMatch(/^Pay by card link of invoice INV\d+: Stripe cannot take XAU/);

  // the accountant revokes the link: the old one stops working, a save makes a new one
  w.account.write('invoice', { [TRANSACTION.payUrl]: '' }, { id: inv.id });
  expect(click(link).body).toContain('This payment link is not available.');
  runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, { type: 'edit', recordType: 'invoice', id: inv.id, values: {} });
  expect(inv.link()).not.toBe(link);
  expect(click(inv.link()).status).toBe(302);
  expect(w.account.findSecretLeaks([token]).filter((l) => !l.endsWith(`${TRANSACTION.payUrl} contains a secret`))).toEqual([]);
  expect(syncLogRows(w).every((r) => !String(r.custrecord_pp_sl_message).includes(token))).toBe(true);
});

test('open invoices made before PayPack (no user event ran) get their link from one run of PayPack Payments Import; paid ones and linked ones are left alone', () => {
  const ann = bookCustomer(w, 'Ann Co');
  const books = w.account.books;
  const open = books.addInvoice({ entity: ann.customerId, currency: String(w.books.currencies.USD), lines: [{ item: w.books.item, amount: 20 }] });
  const paid = books.addInvoice({ entity: ann.customerId, currency: String(w.books.currencies.USD), lines: [{ item: w.books.item, amount: 10 }] });
  const pay = record.transform({ fromType: 'invoice', fromId: paid, toType: 'customerpayment' });
  pay.setValue({ fieldId: 'undepfunds', value: true });
  pay.save();
  const linked = saveInvoice(ann.customerId, 30);
  const before = linked.link();
  const run = runPaymentsJob(w);
  expect(run.output.filter((o) => o.key === 'pay link written').map((o) => o.value)).toEqual([String(open)]);
  const link = String(w.account.get('invoice', open).fields[TRANSACTION.payUrl]);
  expect(link).toMatch(new RegExp(`token=${open}\\.${w.parentConfig}\\.\\d{8}\\.[0-9a-f]{32}$`));
  expect(w.account.get('invoice', paid).fields[TRANSACTION.payUrl] || '').toBe('');
  expect(linked.link()).toBe(before);
  expect(click(link).status).toBe(302);
  // the next run finds nothing to do
  expect(runPaymentsJob(w).output.filter((o) => o.key === 'pay link written')).toEqual([]);
});

test('multi-subsidiary: the invoice\'s subsidiary decides the Stripe account; a customer not yet linked there is told to run the mass sync, then pays in that account', () => {
  record.submitFields({ type: 'customrecord_pp_config', id: w.europeConfig, values: { [CONFIG.paySuccessUrl]: 'https://example.com/eu/paid', [CONFIG.payCancelUrl]: 'https://example.com/eu' } });
  const both = w.account.addCustomer({ companyname: 'Both Co', email: 'ap@both.test', subsidiary: String(w.parent), subsidiaries: [w.europe], currency: String(w.books.currencies.USD), currencies: [w.books.currencies.EUR] });
  const run = runSubmit(compiled('pp_ue_invoice'), { scriptId: SCRIPT.ueInvoice.scriptId }, {
    type: 'create', recordType: 'invoice', values: { entity: String(both), currency: String(w.books.currencies.EUR), subsidiary: String(w.europe), tranid: 'INV-EU-1' },
    sublists: { item: [{ item: String(w.books.item), amount: 60 }] },
  });
  const link = String(w.account.get('invoice', run.id).fields[TRANSACTION.payUrl]);
  expect(link).toMatch(new RegExp(`token=${run.id}\\.${w.europeConfig}\\.`));
  const first = click(link);
  expect(first.body).toContain('This payment link is not available.');
  expect(String(syncLogRows(w).pop()!.custrecord_pp_sl_message)).toContain('the customer has no Stripe customer in PayPack Config Europe Stripe');
  massSync(w);
  const euCustomer = [...w.euStripe.store().customers.values()].find((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(both))!;
  const res = click(link);
  expect(res.status).toBe(302);
  const session = [...w.euStripe.store().checkoutSessions.values()].pop()!;
  expect(session).toMatchObject({ customer: euCustomer.id, currency: 'eur', amount_total: 6000, success_url: 'https://example.com/eu/paid' });
  expect(w.stripe.store().checkoutSessions.size).toBe(0);
});

test('the config changed after the link was made: the customer gets the plain page, the accountant reads what to set', () => {
  const ann = bookCustomer(w, 'Ann Co', ['USD']);
  const link = saveInvoice(ann.customerId, 50).link();
  const config = w.account.get('customrecord_pp_config', w.parentConfig).fields;
  const lastMessage = () => String(syncLogRows(w).pop()!.custrecord_pp_sl_message);

  config[CONFIG.payCancelUrl] = '';
  w.account.caches.clear();
  expect(click(link)).toMatchObject({ status: 200, stripeCalls: 0, body: expect.stringContaining('This payment link is not available.') });
  expect(lastMessage()).toBe(`Pay by card link of invoice INV${7000 + ann.customerId}: PayPack Config Parent Stripe has no Pay by Card Success URL or Cancel URL, where Stripe Checkout sends the customer afterwards. Set both; the same link then works.`);
  config[CONFIG.payCancelUrl] = 'https://example.com/invoices';

  config.custrecord_pp_cfg_subsidiaries = [String(w.europe)];
  w.account.caches.clear();
  expect(click(link)).toMatchObject({ status: 200, stripeCalls: 0 });
  expect(lastMessage()).toBe(`Pay by card link of invoice INV${7000 + ann.customerId}: PayPack Config ${w.parentConfig} no longer exists, is inactive or no longer serves the invoice's subsidiary. Blank Pay by Card Link on the invoice and save it to make a new link.`);
  config.custrecord_pp_cfg_subsidiaries = [String(w.parent)];

  config[CONFIG.secret] = 'custsecret_pp_gone';
  w.account.caches.clear();
  expect(click(link)).toMatchObject({ status: 200, stripeCalls: 0, body: expect.stringContaining('This payment link is not available.') });
  expect(lastMessage()).toBe(`Pay by card link of invoice INV${7000 + ann.customerId}: the Stripe key of PayPack Config Parent Stripe could not be used (INVALID_SECRET_KEY: The API secret custsecret_pp_gone does not exist or this script may not use it.). Check API secret custsecret_pp_gone allows the PayPack Pay by Card script.`);
});

test('each page the customer may see has its own title and words; each reason is in the execution log, and a real link\'s in the sync log', () => {
  const reason = () => w.account.logs.filter((l) => l.title === 'PayPack payment page not opened').pop()!.details;
  const lastRow = () => syncLogRows(w).pop()!;

  // a link cut short in the email: no invoice to name, no record written
  const rows = syncLogRows(w).length;
  expect(click('https://example.com/pay?token=12.3').body).toContain('<title>This link is not available</title>');
  expect(reason()).toBe('the link carries no PayPack pay token (cut or changed)');
  const ann = bookCustomer(w, 'Ann Co', ['USD']);
  const inv = saveInvoice(ann.customerId, 50);
  expect(click(inv.link().replace(/[0-9a-f]{32}$/, 'f'.repeat(32))).body).toContain('This payment link is not available. Please contact us and we will send you a new one.');
  expect(reason()).toBe(`invoice ${inv.id} has no such Pay by card link: it was revoked (blanked) or never issued`);
  expect(syncLogRows(w)).toHaveLength(rows);

  w.stripe.failNext({ status: 503, method: 'POST', path: '/v1/checkout/sessions' });
  expect(click(inv.link()).body).toContain('<p>We could not open the payment page just now. Please try the link again in a few minutes.</p>');

  // the Stripe customer was deleted in the Dashboard: Stripe's own words, for the accountant
  w.stripe.store().customers.get(ann.stripeId)!.deleted = true;
  expect(click(inv.link()).body).toContain('<title>This link is not available</title>');
  expect(lastRow()).toMatchObject({ custrecord_pp_sl_outcome: 'failed', custrecord_pp_sl_message: expect.stringMatching(new RegExp(`^Pay by card link of invoice INV${7000 + ann.customerId}: Stripe refused the Checkout session: No such customer: '${ann.stripeId}' \\(resource_missing, param customer, req_`)) });

  // nothing due: a page of its own, and the row says the customer was told so
  const cheque = record.transform({ fromType: 'invoice', fromId: inv.id, toType: 'customerpayment' });
  cheque.setValue({ fieldId: 'undepfunds', value: true });
  cheque.save();
  const paid = click(inv.link());
  expect(paid.body).toContain('<title>Nothing to pay</title>');
  expect(paid.body).toContain('<p>This invoice has nothing left to pay. Thank you!</p>');
  expect(lastRow()).toMatchObject({ custrecord_pp_sl_outcome: 'nothing due', custrecord_pp_sl_message: `Pay by card link of invoice INV${7000 + ann.customerId} clicked with nothing due (paid, credited or voided): the customer was told so.` });

  // a customer not linked yet whose sync fails in the click: the sync's own words
  const typo = w.account.addCustomer({ companyname: 'Typo Co', email: 'ap@typo', subsidiary: String(w.parent), currency: String(w.books.currencies.USD) });
  expect(click(saveInvoice(typo, 20).link()).body).toContain('<title>This link is not available</title>');
  expect(lastRow()).toMatchObject({ custrecord_pp_sl_customer: String(typo), custrecord_pp_sl_message: expect.stringMatching(new RegExp(`^Pay by card link of invoice INV${7000 + typo}: the customer is not linked to a Stripe customer and syncing it failed: The email "ap@typo" of customer Typo Co \\(internal id ${typo}\\) is not a valid email address\\.`)) });
});
