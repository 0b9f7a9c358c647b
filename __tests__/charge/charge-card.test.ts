/**
 * Charge Card on an invoice: the button shows where a charge can work, the click charges the
 * customer's default payment method for what the invoice owes now (one PaymentIntent, off session),
 * says what happened, and the books post and apply the charge. Compiled user event, client and Suitelet.
 */
import { TRANSACTION } from '../../src/core/ids';
import { TEST_STRIPE_KEY } from '../../emulator/world';
import { massSync } from '../sync/setup';
import { deliverSubscribed, refreshDefaults } from '../webhook/setup';
import { bookCustomer, BooksWorld } from '../books/setup';
import { booksCatchUp, callChargeSuitelet, chargeWorld, clickCharge, intents, invoicePage, payingCustomer, saveInvoice, stateOf, statusOf, VIEWER } from './setup';

let w: BooksWorld;
beforeEach(() => { w = chargeWorld(); });

const buttons = (invoiceId: number, type?: string) => invoicePage(invoiceId, undefined, type).form.buttons.map((b) => b.id);

test('the button shows in view mode on an open invoice of a linked customer with a known default, and nowhere else', () => {
  const ann = payingCustomer(w, 'Ann Co');
  const inv = saveInvoice(w, ann.customerId, 120);
  expect(invoicePage(inv).form.buttons).toEqual([expect.objectContaining({ id: 'custpage_pp_charge', label: 'Charge Card', functionName: 'paypackCharge' })]);
  expect(invoicePage(inv).form.clientScriptModulePath).toBe('/SuiteScripts/PayPack/pp_cs_invoice.js');
  expect(invoicePage(inv).usage).toBeLessThanOrEqual(5);
  expect(buttons(inv, 'edit')).toEqual([]);
  // a role that may only view invoices is not offered the button
  expect(invoicePage(inv, VIEWER).form.buttons).toEqual([]);
  // linked, but no default payment method known; not linked at all
  const bob = bookCustomer(w, 'Bob Co');
  expect(buttons(saveInvoice(w, bob.customerId, 50))).toEqual([]);
  const cy = w.account.addCustomer({ companyname: 'Cy Co', subsidiary: String(w.parent), currency: String(w.books.currencies.USD) });
  expect(buttons(saveInvoice(w, cy, 50))).toEqual([]);
});

test('a click charges what is due now in one Stripe call, says so, writes the status; the books apply the charge and a second click charges nothing', () => {
  const ann = payingCustomer(w, 'Ann Co');
  const inv = saveInvoice(w, ann.customerId, 120);
  const since = w.stripe.store().events.length;
  const click = clickCharge(w, inv);
  expect(click.message).toMatchObject({ type: 'CONFIRMATION', title: 'Charge Card' });
  expect(click.message.message).toMatch(/^Charged 120\.00 USD to Visa •••• 4242 \(exp 08\/2030\) \(pi_\w+, attempt 1\)\.$/);
  expect([click.stripeCalls, click.suiteletUnits <= 30]).toEqual([1, true]);
  const [intent] = intents(w);
  expect(intent).toMatchObject({ status: 'succeeded', amount: 12000, currency: 'usd', customer: ann.stripeId, payment_method: ann.pmId, metadata: { netsuite_invoice_id: String(inv) } });
  const sent = w.stripe.calls.at(-1)!;
  expect(sent).toMatchObject({ method: 'POST', path: '/v1/payment_intents', params: { off_session: 'true', confirm: 'true', automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' } }, idempotencyKey: `paypack-charge-${inv}-12000usd-1` });
  expect(statusOf(w, inv)).toBe(click.message.message);
  expect(stateOf(w, inv)).toMatchObject({ attempts: 1, kind: 'charged', intent: intent.id, amount: 12000 });
  // before the books have applied it, a second click finds it charged already
  const early = clickCharge(w, inv);
  expect([early.stripeCalls, early.message.type]).toEqual([0, 'WARNING']);
  expect(early.message.message).toMatch(/was charged 120\.00 USD already/);
  booksCatchUp(w, since);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  const again = clickCharge(w, inv);
  expect([again.stripeCalls, again.message.message]).toEqual([0, expect.stringMatching(/has nothing due \(paid, credited or voided\): nothing was charged\./)]);
  expect(intents(w)).toHaveLength(1);
  // the key never reaches a record, a log or a message
  expect(w.account.findSecretLeaks([TEST_STRIPE_KEY])).toEqual([]);
});

test('the invoice\'s subsidiary decides the Stripe account: a customer linked there is charged in that account, in the invoice\'s currency', () => {
  const both = w.account.addCustomer({ companyname: 'Both Co', email: 'ap@both.test', subsidiary: String(w.parent), subsidiaries: [w.europe], currency: String(w.books.currencies.USD), currencies: [w.books.currencies.EUR] });
  massSync(w);
  const euCustomer = [...w.euStripe.store().customers.values()].find((c) => (c.metadata as Record<string, string>).netsuite_customer_id === String(both))!;
  w.euStripe.seedPaymentMethod(String(euCustomer.id), { card: { brand: 'mastercard', last4: '4444', exp_month: 5, exp_year: 2031 } }, { makeDefault: true });
  refreshDefaults();
  const inv = saveInvoice(w, both, 60, { currency: String(w.books.currencies.EUR), subsidiary: String(w.europe) });
  expect(buttons(inv)).toEqual(['custpage_pp_charge']);
  const eu = w.euStripe.calls.length;
  const click = clickCharge(w, inv);
  expect(click.message.message).toMatch(/^Charged 60\.00 EUR to Mastercard •••• 4444 \(exp 05\/2031\)/);
  expect([click.stripeCalls, w.euStripe.calls.length - eu]).toEqual([0, 1]);
  expect([...w.euStripe.store().paymentIntents.values()]).toEqual([expect.objectContaining({ status: 'succeeded', amount: 6000, currency: 'eur', customer: euCustomer.id })]);
  expect(intents(w)).toEqual([]);
});

test('a decline says Stripe\'s reason on the page and the invoice; the next click is a new attempt with a new key', () => {
  const bea = payingCustomer(w, 'Bea Co', { card: { last4: '9995' } });
  const inv = saveInvoice(w, bea.customerId, 80);
  const first = clickCharge(w, inv);
  expect(first.message.type).toBe('ERROR');
  expect(first.message.message).toMatch(/^Declined: insufficient_funds: Your card has insufficient funds\. \(80\.00 USD to Visa •••• 9995 .*attempt 1, pi_\w+\)\.$/);
  expect(statusOf(w, inv)).toBe(first.message.message);
  clickCharge(w, inv);
  expect(w.stripe.calls.filter((c) => c.path === '/v1/payment_intents').map((c) => c.idempotencyKey)).toEqual([`paypack-charge-${inv}-8000usd-1`, `paypack-charge-${inv}-8000usd-2`]);
  expect(stateOf(w, inv)).toMatchObject({ attempts: 2, kind: 'declined' });
  expect(w.account.books.invoiceDue(inv)).toBe(80);
});

test('3-D Secure and an expired default: the customer has to act; an expired card is noticed before Stripe is asked', () => {
  const cat = payingCustomer(w, 'Cat Co', { card: { last4: '3184' } });
  const inv = saveInvoice(w, cat.customerId, 60);
  const click = clickCharge(w, inv);
  expect(click.message.message).toMatch(/^Needs the customer's action: the bank asks the customer to authenticate the payment \(3-D Secure\)/);
  expect(stateOf(w, inv)).toMatchObject({ kind: 'action' });
  const dan = payingCustomer(w, 'Dan Co', { card: { last4: '4242', exp_month: 1, exp_year: 2020 } });
  const old = saveInvoice(w, dan.customerId, 60);
  const expired = clickCharge(w, old);
  expect([expired.stripeCalls, expired.message.message]).toEqual([0, expect.stringMatching(/default payment method \(Visa •••• 4242 \(exp 01\/2020\)\) has expired: nothing was charged/)]);
  expect(w.account.get('invoice', old).fields[TRANSACTION.autopayStatus] ?? '').toBe('');
});

test('a default detached in Stripe before NetSuite heard of it: Stripe refuses it, and the invoice says the customer must give another', () => {
  const eve = payingCustomer(w, 'Eve Co');
  const inv = saveInvoice(w, eve.customerId, 70);
  // detached in the Dashboard; the webhook has not been delivered yet
  const since = w.stripe.store().events.length;
  w.stripe.handle({ method: 'POST', url: `/v1/payment_methods/${eve.pmId}/detach`, headers: { Authorization: `Bearer ${[...w.stripe.apiKeys][0]}` }, body: '' });
  const click = clickCharge(w, inv);
  expect(click.stripeCalls).toBe(1);
  expect(click.message.message).toMatch(/^Needs the customer's action: Stripe refused the customer's default payment method \(The provided PaymentMethod was previously used/);
  expect(w.stripe.store().charges.size).toBe(0);
  // once the webhook has told NetSuite, the detached default is noticed before Stripe is asked, and the button is gone
  deliverSubscribed(w, since);
  const again = clickCharge(w, inv);
  expect([again.stripeCalls, again.message.message]).toEqual([0, expect.stringMatching(/has no default payment method in Stripe: nothing was charged/)]);
  expect(buttons(inv)).toEqual([]);
});

test('bad input gets one clear message and changes nothing: a GET, a role that cannot edit invoices, no default, not linked, nothing due, a currency Stripe cannot charge', () => {
  const ann = payingCustomer(w, 'Ann Co');
  const inv = saveInvoice(w, ann.customerId, 120);
  const before = JSON.stringify(w.account.get('invoice', inv).fields);
  const calls = w.stripe.calls.length;
  const said = (r: { ok: boolean; message: string }) => { expect(r.ok).toBe(false); return r.message; };
  expect(said(callChargeSuitelet(String(inv), undefined, 'GET'))).toMatch(/only when asked with a POST/);
  expect(said(callChargeSuitelet(String(inv), VIEWER))).toMatch(/^You may not edit invoices, so you cannot charge invoice \d+: nothing was charged\./);
  expect(said(callChargeSuitelet('abc'))).toMatch(/needs the internal id of a saved invoice/);
  expect(said(callChargeSuitelet('999999'))).toMatch(/does not exist or is not one you can see/);
  expect(JSON.stringify(w.account.get('invoice', inv).fields)).toBe(before);
  expect(w.stripe.calls.length).toBe(calls);
  const bob = saveInvoice(w, bookCustomer(w, 'Bob Co').customerId, 50);
  const cy = saveInvoice(w, w.account.addCustomer({ companyname: 'Cy Co', subsidiary: String(w.parent), currency: String(w.books.currencies.USD) }), 50);
  const mark = w.stripe.calls.length;
  expect(said(callChargeSuitelet(String(bob)))).toMatch(/has no default payment method in Stripe: nothing was charged/);
  expect(said(callChargeSuitelet(String(cy)))).toMatch(/is not linked to a Stripe customer in PayPack Config Parent Stripe: nothing was charged/);
  expect(w.stripe.calls.length).toBe(mark);
  // a currency Stripe cannot charge: Stripe says so, nothing is written
  const gold = payingCustomer(w, 'Gold Co');
  w.account.write('customer', {}, { id: gold.customerId, sublists: { currency: [{ currency: String(w.books.currencies.XAU) }] } });
  const xau = saveInvoice(w, gold.customerId, 5, { currency: String(w.books.currencies.XAU) });
  expect(said(callChargeSuitelet(String(xau)))).toMatch(/^Stripe cannot charge XAU \(Invalid currency: xau/);
  expect(w.account.get('invoice', xau).fields[TRANSACTION.autopayStatus] ?? '').toBe('');
  // a voided invoice: its page shows no button, and a POST naming it is refused without asking Stripe
  const voided = saveInvoice(w, ann.customerId, 70);
  w.account.books.voidTransaction('invoice', voided);
  expect(buttons(voided)).toEqual([]);
  const atVoid = w.stripe.calls.length;
  expect(said(callChargeSuitelet(String(voided)))).toMatch(/^Invoice INV\d+ (is voided|has nothing due \(paid, credited or voided\)): nothing was charged\./);
  expect(w.stripe.calls.length).toBe(atVoid);
  expect(w.stripe.store().paymentIntents.size).toBe(0);
});

test('a click on an invoice the customer has just paid by its link, not yet in the books, charges nothing; once posted, only what is left', () => {
  const eve = payingCustomer(w, 'Eve Co');
  const inv = saveInvoice(w, eve.customerId, 120);
  const since = w.stripe.store().events.length;
  const link = w.stripe.seedCharge(eve.stripeId, { amount: 5000, currency: 'usd', intentMetadata: { netsuite_invoice_id: String(inv) } });
  deliverSubscribed(w, since);
  expect(w.account.books.invoiceDue(inv)).toBe(120);
  const early = clickCharge(w, inv);
  expect(early.stripeCalls).toBe(0);
  expect(early.message.message).toBe(`Invoice ${String(w.account.get('invoice', inv).fields.tranid)}: Stripe charge ${String(link.id)} (succeeded) toward it is recorded but not in the books yet: nothing was charged. PayPack Payments Import posts and applies it; a later attempt charges what is still due then.`);
  expect(statusOf(w, inv)).toBe('');
  // the payments job posts it: the click charges the 70 still due
  const more = w.stripe.store().events.length;
  booksCatchUp(w, more);
  expect(w.account.books.invoiceDue(inv)).toBe(70);
  const click = clickCharge(w, inv);
  expect([click.stripeCalls, click.suiteletUnits <= 30]).toEqual([1, true]);
  booksCatchUp(w, more);
  expect(w.account.books.invoiceDue(inv)).toBe(0);
  expect(w.account.books.customerBalance(eve.customerId)).toBe(0);
});

test('a role that may edit invoices but not view PayPack Stripe Payment rows cannot tell what is on its way: it charges nothing and is told why', () => {
  const fay = payingCustomer(w, 'Fay Co');
  const inv = saveInvoice(w, fay.customerId, 40);
  const billing = { ...VIEWER, id: 9, name: 'Bill Ing', role: 'billing', roleId: '1090', permissions: { LIST_CUSTJOB: 1, TRAN_CUSTINVC: 3, LIST_CURRENCY: 1 } };
  const res = callChargeSuitelet(String(inv), billing);
  expect(res).toMatchObject({ ok: false, outcome: 'refused' });
  expect(res.message).toMatch(/^Your role may not view PayPack Stripe Payment rows, so PayPack cannot tell whether a payment toward Invoice INV\d+ is on its way to the books: nothing was charged\. Ask an administrator for View on PayPack Stripe Payment\.$/);
  expect(w.stripe.store().paymentIntents.size).toBe(0);
});
