/** Stripe charges recorded in NetSuite through the webhook: one ledger row per charge, under the customer. */
import { EVENT, PAYMENT, RECORD } from '../../src/core/ids';
import { deliver, linkedCustomer, eventRows, retryEvents, saveConfig, webhookWorld, WebhookWorld, answerOf } from './setup';
import { advance } from '../../emulator/world';
import { majorUnits } from '../../src/core/payments';

let w: WebhookWorld;
let customerId: number;
let stripeId: string;
beforeEach(() => {
  w = webhookWorld();
  ({ customerId, stripeId } = linkedCustomer(w, 'Paying Co', 'ap@paying.test'));
});

const payments = () => w.account.all(RECORD.payment).map((r) => r.fields);
const lastEvent = (type: string) => w.stripe.store().events.filter((e) => e.type === type).pop()!;

test('charge.succeeded: one row under the customer with amount, fee and net from the balance transaction, status, method and a Dashboard link', () => {
  advance(w, 60);
  const charge = w.stripe.seedCharge(stripeId, { amount: 4250, currency: 'usd' });
  const res = deliver(w, lastEvent('charge.succeeded'));
  expect(answerOf(w, res)).toMatchObject({ status: 'processed', note: `customer ${customerId}: payment ${String(charge.id)} created: 42.5 USD succeeded.` });
  // the charge with its balance transaction, one call (which invoice it paid comes with invoice_payment.paid)
  expect(res.stripeCalls).toBe(1);
  expect(res.usage).toBeLessThanOrEqual(40);
  expect(payments()).toEqual([expect.objectContaining({
    [PAYMENT.chargeId]: charge.id, [PAYMENT.customer]: String(customerId), [PAYMENT.config]: String(w.parentConfig),
    [PAYMENT.intentId]: charge.payment_intent, [PAYMENT.invoiceId]: '', [PAYMENT.amount]: 42.5, [PAYMENT.currency]: 'usd', [PAYMENT.refunded]: 0,
    [PAYMENT.fee]: 1.53, [PAYMENT.net]: 40.97, [PAYMENT.settleCurrency]: 'usd', [PAYMENT.status]: 'succeeded', [PAYMENT.failure]: '',
    [PAYMENT.method]: 'Visa •••• 4242 (exp 08/2027)', [PAYMENT.created]: new Date(Number(charge.created) * 1000),
    [PAYMENT.dashboard]: `https://dashboard.stripe.com/test/payments/${String(charge.payment_intent)}`,
  })]);
  expect(eventRows(w).pop()).toMatchObject({ custrecord_pp_evt_status: 'processed', custrecord_pp_evt_customer: String(customerId) });
});

test('zero-decimal and three-decimal currencies are right in major units', () => {
  expect([majorUnits(5000, 'jpy'), majorUnits(5000, 'JPY'), majorUnits(1999, 'usd'), majorUnits(12345, 'kwd'), majorUnits(7, 'eur')]).toEqual([5000, 5000, 19.99, 12.345, 0.07]);
  w.stripe.settlementCurrencies = ['jpy'];
  w.stripe.seedCharge(stripeId, { amount: 5000, currency: 'jpy' });
  deliver(w, lastEvent('charge.succeeded'));
  expect(payments()[0]).toMatchObject({ [PAYMENT.amount]: 5000, [PAYMENT.currency]: 'jpy', [PAYMENT.fee]: 180, [PAYMENT.net]: 4820, [PAYMENT.settleCurrency]: 'jpy' });
});

test('a charge in a currency the account does not settle in: amount in the charge\'s currency, fee and net in the settlement currency, labelled', () => {
  // a US account: ¥10,000 settles as $67.00 at 0.0067, Stripe's fee $2.24, net $64.76
  const yen = w.stripe.seedCharge(stripeId, { amount: 10000, currency: 'jpy' });
  deliver(w, lastEvent('charge.succeeded'));
  const txn = w.stripe.store().balanceTransactions.get(String(yen.balance_transaction))!;
  expect(txn).toMatchObject({ amount: 6700, currency: 'usd', fee: 224, net: 6476, exchange_rate: 0.0067 });
  expect(payments()[0]).toMatchObject({ [PAYMENT.amount]: 10000, [PAYMENT.currency]: 'jpy', [PAYMENT.fee]: 2.24, [PAYMENT.net]: 64.76, [PAYMENT.settleCurrency]: 'usd' });
  // a euro charge on the same account: $1.08 a euro
  const eur = w.stripe.seedCharge(stripeId, { amount: 5000, currency: 'eur' });
  deliver(w, lastEvent('charge.succeeded'));
  expect(payments().find((p) => p[PAYMENT.chargeId] === eur.id)).toMatchObject({ [PAYMENT.amount]: 50, [PAYMENT.currency]: 'eur', [PAYMENT.fee]: 1.87, [PAYMENT.net]: 52.13, [PAYMENT.settleCurrency]: 'usd' });
  // a refund of half the yen: the charge's currency on the row, as Stripe says
  w.stripe.refundCharge(String(yen.id), 5000);
  deliver(w, lastEvent('charge.refunded'));
  expect(payments().find((p) => p[PAYMENT.chargeId] === yen.id)).toMatchObject({ [PAYMENT.refunded]: 5000, [PAYMENT.currency]: 'jpy', [PAYMENT.fee]: 2.24, [PAYMENT.settleCurrency]: 'usd' });
});

test('a charge that paid a Stripe invoice names it (Stripe Invoice ID) from invoice_payment.paid, one call; later events keep it at no further call', () => {
  const charge = w.stripe.seedCharge(stripeId, { amount: 12000, currency: 'usd', invoice: 'in_1Paid0Invoice', invoiceMetadata: { netsuite_invoice_id: '321' } });
  // the pinned API version's Charge has no invoice field: the double never answers one
  expect(charge).not.toHaveProperty('invoice');
  const res = deliver(w, lastEvent('charge.succeeded'));
  expect(res.stripeCalls).toBe(1);
  expect(payments()[0]).toMatchObject({ [PAYMENT.invoiceId]: '', [PAYMENT.intentId]: charge.payment_intent });
  const paid = deliver(w, lastEvent('invoice_payment.paid'));
  expect(paid.stripeCalls).toBe(1);
  expect(paid.usage).toBeLessThanOrEqual(40);
  expect(answerOf(w, paid)).toMatchObject({ status: 'processed', note: `customer ${customerId}: payment of Stripe invoice in_1Paid0Invoice (NetSuite invoice 321) named on its row.` });
  expect(payments()[0]).toMatchObject({ [PAYMENT.invoiceId]: 'in_1Paid0Invoice', [PAYMENT.nsInvoice]: '321', [PAYMENT.intentId]: charge.payment_intent });
  // a later charge event reads the charge, which names no invoice: the row keeps the invoices it names
  w.stripe.refundCharge(String(charge.id), 2000);
  const refunded = deliver(w, lastEvent('charge.refunded'));
  expect(refunded.stripeCalls).toBe(1);
  expect(answerOf(w, refunded).note).toBe(`customer ${customerId}: payment ${String(charge.id)} updated: 120 USD partially refunded, 20 refunded.`);
  expect(payments()[0]).toMatchObject({ [PAYMENT.invoiceId]: 'in_1Paid0Invoice', [PAYMENT.nsInvoice]: '321', [PAYMENT.refunded]: 20 });
});

test('invoice_payment.paid before the charge\'s own event: the row is made from the charge with its invoice, and the late charge.succeeded keeps it', () => {
  const charge = w.stripe.seedCharge(stripeId, { amount: 9000, currency: 'usd', invoice: 'in_1Early', invoiceMetadata: { netsuite_invoice_id: '55' } });
  const paid = deliver(w, lastEvent('invoice_payment.paid'));
  // the invoice payment (with its payment intent, which names the charge), then the charge
  expect(paid.stripeCalls).toBe(2);
  expect(answerOf(w, paid)).toMatchObject({ status: 'processed', note: `customer ${customerId}: payment ${String(charge.id)} created: 90 USD succeeded.` });
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.chargeId]: charge.id, [PAYMENT.invoiceId]: 'in_1Early', [PAYMENT.nsInvoice]: '55', [PAYMENT.status]: 'succeeded' })]);
  advance(w, 1);
  expect(answerOf(w, deliver(w, lastEvent('charge.succeeded'))).status).toBe('processed');
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.invoiceId]: 'in_1Early', [PAYMENT.nsInvoice]: '55' })]);
});

test('invoice_payment.paid of a Stripe customer no NetSuite customer is linked to: ignored, nothing written', () => {
  const stranger = w.stripe.seedCustomer({ email: 'nobody@else.test' });
  w.stripe.seedCharge(String(stranger.id), { amount: 1000, currency: 'usd', invoice: 'in_1Stranger' });
  const paid = deliver(w, lastEvent('invoice_payment.paid'));
  expect(answerOf(w, paid)).toMatchObject({ status: 'ignored', note: expect.stringContaining(`No NetSuite customer is linked to Stripe customer ${String(stranger.id)}`) });
  expect(payments()).toEqual([]);
});

test('overlapping deliveries: a charge.succeeded that read the charge before a refund never saves over the refund', () => {
  const charge = w.stripe.seedCharge(stripeId, { amount: 6000, currency: 'usd' });
  const succeeded = lastEvent('charge.succeeded');
  // while Stripe's answer to the first delivery's read is on its way back, the charge is refunded
  // and the refund's delivery is processed whole
  let refundDelivery: ReturnType<typeof deliver> | undefined;
  w.stripe.onAnswer = (call) => {
    if (refundDelivery || call.method !== 'GET' || call.path !== `/v1/charges/${String(charge.id)}`) return;
    w.stripe.onAnswer = undefined;
    advance(w, 1);
    w.stripe.refundCharge(String(charge.id));
    refundDelivery = deliver(w, lastEvent('charge.refunded'));
  };
  const first = deliver(w, succeeded);
  expect(answerOf(w, refundDelivery!).status).toBe('processed');
  expect(answerOf(w, first).status).toBe('processed');
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.status]: 'refunded', [PAYMENT.refunded]: 60 })]);
  expect(eventRows(w).find((e) => e.custrecord_pp_evt_type === 'charge.succeeded')!.custrecord_pp_evt_error).toContain('already shows a newer read of Stripe than this event');
});

test('charge.failed: the row says failed with Stripe\'s message, and has no fee', () => {
  w.stripe.seedCharge(stripeId, { amount: 1200, currency: 'usd', failureMessage: 'Your card was declined.' });
  const res = deliver(w, lastEvent('charge.failed'));
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.status]: 'failed', [PAYMENT.failure]: 'Your card was declined.', [PAYMENT.fee]: '', [PAYMENT.net]: '', [PAYMENT.invoiceId]: '' })]);
  // the charge read once; a failed charge paid no invoice, so no invoice payment is looked up
  expect(res.stripeCalls).toBe(1);
});

test('a charge of a Stripe customer NetSuite does not know is recorded as ignored, not lost, at no Stripe call', () => {
  const stranger = w.stripe.seedCustomer({ email: 'who@else.test' });
  w.stripe.seedCharge(String(stranger.id), { amount: 500, currency: 'usd' });
  const event = lastEvent('charge.succeeded');
  const res = deliver(w, event);
  const chargeId = (event.data as { object: { id: string } }).object.id;
  expect(answerOf(w, res)).toMatchObject({ status: 'ignored', note: `No NetSuite customer is linked to Stripe customer ${String(stranger.id)}: charge ${chargeId} not recorded.` });
  expect(res.stripeCalls).toBe(0);
  expect(payments()).toEqual([]);
  // a guest charge (no Stripe customer): nothing to record it under, at no call either
  const guest = deliver(w, { ...event, id: `${event.id}guest`, data: { object: { ...(event.data as { object: object }).object, id: 'ch_guest', customer: null } } });
  expect(answerOf(w, guest)).toMatchObject({ status: 'ignored', note: 'Charge ch_guest has no Stripe customer: nothing to record it under.' });
  expect(guest.stripeCalls).toBe(0);
  expect(eventRows(w).pop()).toMatchObject({ custrecord_pp_evt_status: 'ignored', custrecord_pp_evt_type: 'charge.succeeded' });
});

test('a charge row planted in the event log (no signature) naming a customer NetSuite does not know: the retry job reads the charge from Stripe and records it under its real customer', () => {
  const charge = w.stripe.seedCharge(stripeId, { amount: 2500, currency: 'usd' });
  const real = lastEvent('charge.succeeded');
  const planted = { ...real, id: 'evt_planted0000002', data: { object: { ...(real.data as { object: object }).object, customer: 'cus_nobody' } } };
  w.account.write(RECORD.event, { externalid: planted.id, [EVENT.id]: planted.id, [EVENT.type]: 'charge.succeeded', [EVENT.config]: String(w.parentConfig), [EVENT.status]: 'pending', [EVENT.attempts]: 0, [EVENT.payload]: JSON.stringify(planted) });
  expect(retryEvents().output).toEqual([{ key: 'processed', value: expect.any(String) }]);
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.chargeId]: charge.id, [PAYMENT.customer]: String(customerId), [PAYMENT.amount]: 25 })]);
});

test('a dispute: the row says disputed, then dispute won or lost when Stripe closes it', () => {
  const charge = w.stripe.seedCharge(stripeId, { amount: 8000, currency: 'usd' });
  deliver(w, lastEvent('charge.succeeded'));
  advance(w, 3600);
  const dispute = w.stripe.disputeCharge(String(charge.id));
  const opened = deliver(w, lastEvent('charge.dispute.created'));
  expect(opened.stripeCalls).toBe(1); // the dispute read with its charge and balance transaction
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.chargeId]: charge.id, [PAYMENT.status]: 'disputed', [PAYMENT.net]: 77.38 })]);
  advance(w, 86400);
  w.stripe.closeDispute(String(dispute.id), 'lost');
  deliver(w, lastEvent('charge.dispute.closed'));
  expect(payments()).toEqual([expect.objectContaining({ [PAYMENT.status]: 'dispute lost' })]);
  expect(eventRows(w).pop()!.custrecord_pp_evt_error).toContain(`customer ${customerId}: payment ${String(charge.id)} updated: 80 USD dispute lost`);
});

test('Enable Webhook subscribes to the charge and payout events, and an endpoint made before them is updated when the config is saved', () => {
  const endpoint = w.stripe.store().webhookEndpoints.get(w.endpointId)!;
  expect(endpoint.enabled_events).toEqual(expect.arrayContaining(['charge.succeeded', 'charge.failed', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.closed']));
  endpoint.enabled_events = (endpoint.enabled_events as string[]).filter((e) => !e.startsWith('charge.') && !e.startsWith('payout.'));
  saveConfig(w.parentConfig, { name: 'Parent Stripe (renamed)' });
  expect(w.stripe.store().webhookEndpoints.get(w.endpointId)!.enabled_events).toEqual(expect.arrayContaining([
    'charge.succeeded', 'charge.failed', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.closed', 'payout.paid', 'payout.failed',
  ]));
  expect(w.account.all(RECORD.webhook).pop()!.fields.custrecord_pp_wh_action).toBe('updated');
});
