/** Stripe events arriving at the webhook Suitelet, signed with the official stripe package. */
import { CUSTOMER, RECORD } from '../../src/core/ids';
import { deliver, linkedCustomer, eventRows, retryEvents, stripeEvent, webhookWorld, WebhookWorld, answerOf } from './setup';
import { advance, nowSeconds } from '../../emulator/world';

let w: WebhookWorld;
let customerId: number;
let stripeId: string;
beforeEach(() => {
  w = webhookWorld();
  ({ customerId, stripeId } = linkedCustomer(w, 'Card Co', 'pay@card.test'));
});

const fields = () => w.account.get('customer', customerId).fields;
const now = () => nowSeconds(w);

/** Attach a card in Stripe and make it the default; returns Stripe's own customer.updated event. */
function newDefaultCard(last4: string, month = 8, year = 2027) {
  const pm = w.stripe.seedPaymentMethod(stripeId, { card: { brand: 'visa', last4, exp_month: month, exp_year: year } });
  advance(w, 1);
  const res = w.stripe.handle({ method: 'POST', url: `/v1/customers/${stripeId}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk')!.value}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
  expect(res.status).toBe(200);
  const event = w.stripe.store().events.filter((e) => e.type === 'customer.updated').pop()!;
  return { pm, event };
}

describe('valid events', () => {
  test('customer.updated with a new default: the customer shows it, the event row is processed, within budget', () => {
    const { pm, event } = newDefaultCard('4242');
    const res = deliver(w, event);
    expect(res.status).toBe(200);
    expect(answerOf(w, res)).toEqual({ received: true, id: event.id, status: 'processed', note: `customer ${customerId}: default payment method is now Visa •••• 4242 (exp 08/2027).` });
    expect(fields()).toMatchObject({ [CUSTOMER.defaultPm]: 'Visa •••• 4242 (exp 08/2027)', [CUSTOMER.defaultPmId]: pm.id });
    expect(eventRows(w)).toEqual([expect.objectContaining({
      custrecord_pp_evt_id: event.id, custrecord_pp_evt_type: 'customer.updated', custrecord_pp_evt_status: 'processed', custrecord_pp_evt_attempts: 1,
      custrecord_pp_evt_customer: String(customerId), custrecord_pp_evt_config: String(w.parentConfig), custrecord_pp_evt_payload: JSON.stringify(event),
      custrecord_pp_evt_created: new Date((event.created as number) * 1000),
    })]);
    expect(res.usage).toBeLessThanOrEqual(40);
    expect(res.stripeCalls).toBeLessThanOrEqual(1);
  });

  test('events that change nothing say so and leave the customer as it was: the default already shown, a card that is not the default, a second card attached', () => {
    const { pm, event } = newDefaultCard('4242');
    deliver(w, event);
    const shown = fields()[CUSTOMER.defaultPm];
    advance(w, 5);
    // the same customer again (Stripe sends customer.updated for any change, an address say)
    const same = deliver(w, stripeEvent('customer.updated', { ...((event.data as { object: object }).object), address: { city: 'Lyon' } }, now()));
    expect([answerOf(w, same).note, same.stripeCalls]).toEqual([`customer ${customerId}: default payment method unchanged.`, 0]);
    // a card of the customer that is not the default changes its expiry
    const other = w.stripe.seedPaymentMethod(stripeId, { card: { brand: 'mastercard', last4: '4444', exp_month: 1, exp_year: 2030 } });
    const key = w.account.secrets.get('custsecret_pp_stripe_sk')!.value;
    expect(w.stripe.handle({ method: 'POST', url: `/v1/payment_methods/${String(other.id)}/attach`, headers: { Authorization: `Bearer ${key}` }, body: `customer=${stripeId}` }).status).toBe(200);
    const attached = w.stripe.store().events.filter((e) => e.type === 'payment_method.attached').pop()!;
    const expiry = deliver(w, stripeEvent('payment_method.updated', { ...other, card: { ...(other.card as object), exp_year: 2031 } }, now()));
    expect([answerOf(w, expiry).note, expiry.stripeCalls]).toEqual([`customer ${customerId}: payment method ${String(other.id)} is not the default; nothing to change.`, 0]);
    // attached: the default may have changed with it, so Stripe is asked; it has not
    const read = deliver(w, attached);
    expect([answerOf(w, read).note, read.stripeCalls]).toEqual([`customer ${customerId}: default payment method unchanged.`, 1]);
    expect(fields()).toMatchObject({ [CUSTOMER.defaultPm]: shown, [CUSTOMER.defaultPmId]: pm.id });
  });

  test('the default card detached: the event names its customer only in previous_attributes; the default is cleared', () => {
    const { pm, event } = newDefaultCard('4242');
    deliver(w, event);
    advance(w, 5);
    const key = w.account.secrets.get('custsecret_pp_stripe_sk')!.value;
    w.stripe.handle({ method: 'POST', url: `/v1/payment_methods/${String(pm.id)}/detach`, headers: { Authorization: `Bearer ${key}` }, body: '' });
    const detached = w.stripe.store().events.filter((e) => e.type === 'payment_method.detached').pop()!;
    expect((detached.data as { object: { customer: unknown } }).object.customer).toBeNull();
    const res = deliver(w, detached);
    expect(answerOf(w, res)).toMatchObject({ status: 'processed', note: `customer ${customerId}: no default payment method any more: cleared.` });
    expect(fields()).toMatchObject({ [CUSTOMER.defaultPm]: '', [CUSTOMER.defaultPmId]: '' });
    // a payment method event that names no customer at all has nobody to update
    const orphan = deliver(w, stripeEvent('payment_method.detached', { ...(detached.data as { object: object }).object }, now()));
    expect(answerOf(w, orphan)).toMatchObject({ status: 'ignored', note: 'The event names no Stripe customer.' });
    expect(orphan.stripeCalls).toBe(0);
    // nor does a customer event whose object has no id
    const nameless = deliver(w, stripeEvent('customer.updated', { object: 'customer', metadata: {} }, now()));
    expect([answerOf(w, nameless).note, nameless.stripeCalls]).toEqual(['The event names no Stripe customer.', 0]);
  });

  test('two changes in the same second: the second still applies; an event older than what was applied is told with both times', () => {
    const first = newDefaultCard('1000');
    deliver(w, first.event);
    const second = newDefaultCard('2000');
    // Stripe's created is in whole seconds: give the second change the first one's second
    const sameSecond = { ...second.event, created: first.event.created };
    expect(answerOf(w, deliver(w, sameSecond)).note).toBe(`customer ${customerId}: default payment method is now Visa •••• 2000 (exp 08/2027).`);
    const late = stripeEvent('customer.updated', (first.event.data as { object: Record<string, unknown> }).object, (first.event.created as number) - 1);
    const iso = (s: number) => new Date(s * 1000).toISOString();
    expect(answerOf(w, deliver(w, late)).note).toBe(`customer ${customerId}: event from ${iso((first.event.created as number) - 1)} is older than the state already applied (${iso(first.event.created as number)}); nothing written.`);
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 2000 (exp 08/2027)');
  });

  test('the same card saved again as a new payment method: the new id is written though the words shown are the same', () => {
    const first = newDefaultCard('4242');
    deliver(w, first.event);
    advance(w, 5);
    const again = newDefaultCard('4242');
    expect(again.pm.id).not.toBe(first.pm.id);
    expect(answerOf(w, deliver(w, again.event)).note).toBe(`customer ${customerId}: default payment method is now Visa •••• 4242 (exp 08/2027).`);
    // the card refresh and later events compare ids: the old id would make them read the detached card
    expect(fields()).toMatchObject({ [CUSTOMER.defaultPm]: 'Visa •••• 4242 (exp 08/2027)', [CUSTOMER.defaultPmId]: again.pm.id });
  });

  test('a customer event whose metadata names its NetSuite customer finds it by id, cheaper than the search an event without it needs', () => {
    const { event } = newDefaultCard('4242');
    const object = (event.data as { object: Record<string, unknown> }).object;
    expect(object.metadata).toMatchObject({ netsuite_customer_id: String(customerId) });
    deliver(w, event);
    advance(w, 5);
    // the same change again (an address, say), once as Stripe sends it and once without the metadata
    const hinted = deliver(w, stripeEvent('customer.updated', object, now()));
    const plain = deliver(w, stripeEvent('customer.updated', { ...object, metadata: {} }, now()));
    for (const res of [hinted, plain]) expect(answerOf(w, res).note).toBe(`customer ${customerId}: default payment method unchanged.`);
    expect(hinted.usage).toBeLessThan(plain.usage);
  });

  test('a payment method\'s own metadata (another tool\'s) naming a NetSuite customer is no lookup hint: the event costs what one without it does', () => {
    const { pm, event } = newDefaultCard('4242');
    deliver(w, event);
    advance(w, 5);
    const other = linkedCustomer(w, 'Other Co', 'other@card.test');
    const updated = (metadata: Record<string, string>) => deliver(w, stripeEvent('payment_method.updated', { ...pm, customer: stripeId, metadata }, now()));
    const tagged = updated({ netsuite_customer_id: String(other.customerId) });
    const plain = updated({});
    for (const res of [tagged, plain]) expect(answerOf(w, res).note).toBe(`customer ${customerId}: default payment method unchanged.`);
    expect(tagged.usage).toBe(plain.usage);
  });

  test('two v1 signatures (a secret roll): the second one is right', () => {
    const { event } = newDefaultCard('1111');
    const body = JSON.stringify(event);
    const t = now();
    const good = require('crypto').createHmac('sha256', w.signingSecret).update(`${t}.${body}`).digest('hex');
    const res = deliver(w, body, { signature: `t=${t},v1=${'0'.repeat(64)},v1=${good}` });
    expect(answerOf(w, res).status).toBe('processed');
  });

  test('an event for a customer NetSuite does not know is recorded as ignored, without error', () => {
    const stranger = w.stripe.seedCustomer({ email: 'who@x.test' });
    const event = stripeEvent('customer.updated', stranger, now());
    const res = deliver(w, event);
    expect(answerOf(w, res).status).toBe('ignored');
    expect(eventRows(w)).toEqual([expect.objectContaining({ custrecord_pp_evt_status: 'ignored', custrecord_pp_evt_error: `No NetSuite customer is linked to Stripe customer ${stranger.id}.` })]);
  });

  test('an event type PayPack does not handle: ignored, 0 Stripe calls, within budget', () => {
    const event = stripeEvent('customer.discount.created', { id: 'di_1', customer: stripeId }, now());
    const res = deliver(w, event);
    expect(answerOf(w, res)).toMatchObject({ status: 'ignored', note: 'PayPack does not handle customer.discount.created events.' });
    expect(res.stripeCalls).toBe(0);
    expect(res.usage).toBeLessThanOrEqual(15);
    w.account.caches.clear();
    expect(answerOf(w, deliver(w, event))).toMatchObject({ status: 'duplicate', note: 'already ignored' });
  });

  test('the same event five times: applied once, duplicates cost no Stripe call and little governance', () => {
    const { event } = newDefaultCard('5555');
    const runs = [1, 2, 3, 4, 5].map(() => deliver(w, event));
    expect(runs.map((r) => answerOf(w, r).status)).toEqual(['processed', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    // Stripe shows each answer with the delivery in its Dashboard
    expect(answerOf(w, runs[0]).note).toBe(`customer ${customerId}: default payment method is now Visa •••• 5555 (exp 08/2027).`);
    expect(answerOf(w, runs[1]).note).toBe('already recorded');
    expect(eventRows(w)).toHaveLength(1);
    expect(runs.reduce((s, r) => s + r.stripeCalls, 0)).toBe(1);
    for (const r of runs.slice(1)) expect(r.usage).toBeLessThanOrEqual(15);
    // even when NetSuite's cache has dropped the event, its row still stops a second application
    w.account.caches.clear();
    const again = deliver(w, event);
    expect(answerOf(w, again)).toMatchObject({ status: 'duplicate', note: 'already processed' });
    expect(again.stripeCalls).toBe(0);
    // the row found is remembered: the next redelivery is told without reading the event log
    const third = deliver(w, event);
    expect(answerOf(w, third)).toMatchObject({ status: 'duplicate', note: 'already recorded' });
    expect(third.usage).toBeLessThan(again.usage);
  });

  test('customer.updated delivered after a newer one: the newer state stays', () => {
    const first = newDefaultCard('1000');
    advance(w, 60);
    const second = newDefaultCard('2000');
    expect(answerOf(w, deliver(w, second.event)).status).toBe('processed');
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 2000 (exp 08/2027)');
    const late = deliver(w, first.event);
    expect(answerOf(w, late).status).toBe('processed');
    expect(late.stripeCalls).toBe(0);
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 2000 (exp 08/2027)');
    expect(eventRows(w).find((r) => r.custrecord_pp_evt_id === first.event.id)!.custrecord_pp_evt_error).toContain('older than the state already applied');
  });

  test('the card updater changes the default card\'s expiry: shown without a Stripe call', () => {
    const { pm, event } = newDefaultCard('4242', 8, 2027);
    deliver(w, event);
    const updated = { ...pm, card: { ...(pm.card as object), exp_month: 9, exp_year: 2030 } };
    advance(w, 10);
    const res = deliver(w, stripeEvent('payment_method.automatically_updated', updated, now()));
    expect(res.stripeCalls).toBe(0);
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 4242 (exp 09/2030)');
  });

  test('customer.deleted, confirmed with Stripe, clears the link fields and the event row says so', () => {
    const { event } = newDefaultCard('4242');
    deliver(w, event);
    advance(w, 10);
    w.stripe.handle({ method: 'DELETE', url: `/v1/customers/${stripeId}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk')!.value}` }, body: '' });
    const deleted = w.stripe.store().events.filter((e) => e.type === 'customer.deleted').pop()!;
    const res = deliver(w, deleted);
    expect(answerOf(w, res).status).toBe('processed');
    expect(res.stripeCalls).toBe(1); // the deletion confirmed with the config's own Stripe account
    expect(fields()).toMatchObject({ [CUSTOMER.stripeId]: '', [CUSTOMER.defaultPm]: '', [CUSTOMER.defaultPmId]: '' });
    expect(eventRows(w).pop()!.custrecord_pp_evt_error).toBe(`customer ${customerId}: Stripe customer ${stripeId} was deleted: STRIPE CUSTOMER ID and default payment method cleared.`);
  });

  test('a customer.deleted for a Stripe customer that still exists unlinks nothing', () => {
    const { event } = newDefaultCard('4242');
    deliver(w, event);
    advance(w, 10);
    const res = deliver(w, stripeEvent('customer.deleted', { id: stripeId, object: 'customer', deleted: true, metadata: { netsuite_customer_id: String(customerId) } }, now()));
    expect(answerOf(w, res).status).toBe('processed');
    expect(fields()[CUSTOMER.stripeId]).toBe(stripeId);
    expect(eventRows(w).pop()!.custrecord_pp_evt_error).toBe(`customer ${customerId}: Stripe says customer ${stripeId} still exists, so nothing was unlinked; default payment method unchanged.`);
  });

  test('500 events in a burst: 500 rows, none lost, each applied once', () => {
    const events = Array.from({ length: 500 }, (_, i) => stripeEvent(i % 2 ? 'customer.updated' : 'customer.discount.created', { id: stripeId, object: 'customer', metadata: { netsuite_customer_id: String(customerId) }, invoice_settings: { default_payment_method: null }, default_source: null }, now() + i));
    const statuses = events.map((e) => answerOf(w, deliver(w, e)).status);
    expect(statuses.filter((s) => s === 'processed' || s === 'ignored')).toHaveLength(500);
    const rows = eventRows(w);
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.custrecord_pp_evt_id)).size).toBe(500);
    expect(rows.every((r) => r.custrecord_pp_evt_attempts === 1)).toBe(true);
  });
});

test('a body over 256 KiB is refused before it is hashed or looked up; a body just under is taken whole', () => {
  const { MAX_EVENT_CHARS } = require('../../src/core/webhook-receiver');
  const sized = (chars: number) => {
    const e = stripeEvent('customer.updated', { id: 'cus_unknown', object: 'customer', metadata: {}, description: '' }, now());
    const body = JSON.stringify(e);
    return JSON.stringify({ ...e, data: { object: { ...e.data.object, description: 'x'.repeat(chars - body.length) } } });
  };
  const big = deliver(w, sized(MAX_EVENT_CHARS + 1));
  expect(big.status).toBe(500);
  expect(big.usage).toBe(0); // not a single lookup
  expect(w.account.logs.pop()!.details).toMatch(/^config \d+: the body holds 262145 characters, more than the 262144/);
  const fits = deliver(w, sized(MAX_EVENT_CHARS));
  expect(answerOf(w, fits).status).toBe('ignored');
  expect(String(eventRows(w)[0].custrecord_pp_evt_payload)).toHaveLength(MAX_EVENT_CHARS);
});

describe('faults', () => {
  test('Stripe 500 while applying: the row stays failed with the reason; the retry job applies it later', () => {
    const { event } = newDefaultCard('4242');
    w.stripe.failNext({ status: 500, count: 1, method: 'GET' });
    const res = deliver(w, event);
    expect(res.stripeCalls).toBe(1); // no retry loop in the Suitelet: the retry job is the retry
    expect(res.status).toBe(200);
    expect(answerOf(w, res).status).toBe('failed');
    expect(eventRows(w)).toEqual([expect.objectContaining({ custrecord_pp_evt_status: 'failed', custrecord_pp_evt_attempts: 1, custrecord_pp_evt_error: expect.stringContaining('Stripe did not answer in time') })]);
    // Stripe reads this note with the delivery: what failed and when PayPack tries again, no advice meant for a sync
    expect(answerOf(w, res).note).toMatch(/^Stripe did not answer in time \(Something went wrong on Stripe's end\. \(req_[0-9a-f]+\)\)\. PayPack tries again on the first run of the event retry job after [^()]+ \(America\/Los_Angeles\) \(try 2 of 8; 7 tries left\)\.$/);
    expect(fields()[CUSTOMER.defaultPm] ?? '').toBe('');
    // too early: the first backoff is a minute
    advance(w, 59);
    expect(retryEvents().input).toHaveLength(0);
    advance(w, 1);
    const run = retryEvents();
    expect(run.output).toEqual([{ key: 'processed', value: String(w.account.all(RECORD.event)[0].id) }]);
    expect(eventRows(w)[0]).toMatchObject({ custrecord_pp_evt_status: 'processed', custrecord_pp_evt_attempts: 2 });
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 4242 (exp 08/2027)');
  });

  test('Stripe redelivers an event that failed here: the row stays the retry job\'s, so it is never applied twice at once', () => {
    const { event } = newDefaultCard('4242');
    w.stripe.failNext({ status: 500, count: 1, method: 'GET' });
    deliver(w, event);
    const again = deliver(w, event);
    expect(answerOf(w, again)).toMatchObject({ status: 'duplicate', note: 'already recorded as failed; the retry job applies it' });
    expect(again.stripeCalls).toBe(0);
    // a failed row is not remembered as done: each redelivery is told it waits for the retry job
    expect(answerOf(w, deliver(w, event))).toMatchObject({ status: 'duplicate', note: 'already recorded as failed; the retry job applies it' });
    expect(eventRows(w)).toEqual([expect.objectContaining({ custrecord_pp_evt_status: 'failed', custrecord_pp_evt_attempts: 1 })]);
    advance(w, 60);
    expect(retryEvents().output).toEqual([{ key: 'processed', value: expect.any(String) }]);
  });

  test('NetSuite stops the Suitelet just after it recorded the event: Stripe sees an error, the row waits a minute for the retry job, a redelivery meanwhile applies nothing', () => {
    // where the row is saved: the units a delivery spends up to and with that save
    deliver(w, newDefaultCard('4242').event);
    const { charges } = w.account.meter.history.filter((i) => i.kind === 'suitelet').pop()!;
    const rowSaved = charges.findIndex((c) => c.op === `record.save ${RECORD.event}`);
    expect(rowSaved).toBeGreaterThan(0);
    const stopAt = charges.slice(0, rowSaved + 1).reduce((sum, c) => sum + c.units, 0);

    const { event } = newDefaultCard('1881', 3, 2030);
    const cut = deliver(w, event, { stopAt });
    expect(cut.status).toBe(500); // Stripe will redeliver
    const row = () => eventRows(w).find((r) => r.custrecord_pp_evt_id === event.id)!;
    expect(row()).toMatchObject({ custrecord_pp_evt_status: 'pending', custrecord_pp_evt_attempts: 0 });
    expect(row().custrecord_pp_evt_error || '').toBe('');
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 4242 (exp 08/2027)');
    // a redelivery cannot tell a stopped Suitelet from one still running: the row stays the retry job's
    const again = deliver(w, event);
    expect(answerOf(w, again)).toMatchObject({ status: 'duplicate', note: 'already recorded as pending; the retry job applies it' });
    expect(again.stripeCalls).toBe(0);
    advance(w, 59);
    expect(retryEvents().input).toHaveLength(0);
    advance(w, 1);
    expect(retryEvents().output).toEqual([{ key: 'processed', value: expect.any(String) }]);
    expect(row()).toMatchObject({ custrecord_pp_evt_status: 'processed', custrecord_pp_evt_attempts: 1 });
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 1881 (exp 03/2030)');
  });

  test('a row planted in the event log (no signature) cannot write what its payload says: the retry job reads Stripe', () => {
    const { event } = newDefaultCard('4242');
    deliver(w, event);
    const forged = { ...event, id: 'evt_planted0000001', type: 'payment_method.automatically_updated', data: { object: { id: fields()[CUSTOMER.defaultPmId], object: 'payment_method', type: 'card', customer: stripeId, card: { brand: 'visa', last4: '0000', exp_month: 1, exp_year: 2099 } } } };
    w.account.write(RECORD.event, { externalid: forged.id, custrecord_pp_evt_id: forged.id, custrecord_pp_evt_type: forged.type, custrecord_pp_evt_config: String(w.parentConfig), custrecord_pp_evt_status: 'pending', custrecord_pp_evt_attempts: 0, custrecord_pp_evt_payload: JSON.stringify(forged) });
    expect(retryEvents().output).toEqual([{ key: 'processed', value: expect.any(String) }]);
    expect(fields()[CUSTOMER.defaultPm]).toBe('Visa •••• 4242 (exp 08/2027)');
  });
});

describe('refused requests: nothing written, nothing told', () => {
  /** Refused with NetSuite's error page; the reason, for the admin, is in the execution log only. */
  const refused = (res: ReturnType<typeof deliver>, reason = 'no signature matches') => {
    expect(res.status).toBe(500);
    expect(res.body).toContain('An unexpected SuiteScript error has occurred');
    expect(res.body).not.toMatch(/signature|secret|whsec|tolerance/i);
    expect(eventRows(w)).toHaveLength(0);
    expect(res.stripeCalls).toBe(0);
    expect(w.account.logs.pop()).toMatchObject({ title: 'PayPack webhook request refused', details: `config ${w.parentConfig}: ${reason}` });
  };
  let event: ReturnType<typeof stripeEvent>;
  beforeEach(() => { event = stripeEvent('customer.updated', { id: stripeId, object: 'customer' }, now()); });

  test('signed with the wrong secret', () => refused(deliver(w, event, { secret: `whsec_${'wrong'.repeat(4)}` })));
  test('body changed after signing', () => {
    const body = JSON.stringify(event);
    const signature = require('./setup').sign(body, w.signingSecret);
    refused(deliver(w, body.replace('customer.updated', 'customer.deleted'), { signature }));
  });
  test('timestamp 301 s old, or 301 s ahead', () => {
    refused(deliver(w, event, { timestamp: now() - 301 }), 'the signature timestamp is outside the 300 s tolerance');
    refused(deliver(w, event, { timestamp: now() + 301 }), 'the signature timestamp is outside the 300 s tolerance');
  });
  test('missing header', () => refused(deliver(w, event, { signature: null }), 'no Stripe-Signature header'));
  test('header garbage', () => refused(deliver(w, event, { signature: 'garbage,,=v1' }), 'the Stripe-Signature header is malformed'));
  test('a body that is not JSON', () => refused(deliver(w, 'not json at all'), 'the body is not JSON'));
  test('JSON that is not a Stripe event: each part of an event missing or of the wrong kind', () => {
    refused(deliver(w, JSON.stringify({ id: 'evt_1', hello: 'world' })), 'the body is not a Stripe event');
    const { data, ...rest } = event;
    for (const bad of [null, 'evt_1', [], { ...event, id: 42 }, { ...event, id: 'ch_1NotAnEvent' }, { ...event, type: 7 }, { ...event, created: String(event.created) },
      rest, { ...event, data: null }, { ...event, data: {} }, { ...event, data: { object: 'cus_1' } }, { ...event, data: { ...data, object: null } }]) {
      refused(deliver(w, JSON.stringify(bad)), 'the body is not a Stripe event');
    }
  });
  test('a config that has no webhook', () => {
    const res = deliver(w, event, { configId: w.europeConfig });
    expect(res.status).toBe(500);
    expect(eventRows(w)).toHaveLength(0);
    expect(w.account.logs.pop()!.details).toBe(`config ${w.europeConfig}: no PayPack Config with this id has a webhook signing secret`);
  });
  test('a live-mode event for the test-mode endpoint Enable Webhook made (a secret pasted into the wrong config)', () => {
    expect(w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_webhook_mode).toBe('test');
    refused(deliver(w, { ...event, livemode: true }), 'a live-mode event for a test-mode endpoint');
  });
  test('a test-mode event for a live-mode endpoint', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_webhook_mode = 'live';
    w.account.caches.clear();
    refused(deliver(w, event), 'a test-mode event for a live-mode endpoint');
  });
  test('a live-mode event for a live-mode endpoint is taken (the mode check refuses only a mismatch)', () => {
    w.account.get(RECORD.config, w.parentConfig).fields.custrecord_pp_cfg_webhook_mode = 'live';
    w.account.caches.clear();
    expect(deliver(w, { ...event, livemode: true }).status).toBe(200);
    expect(eventRows(w)).toEqual([expect.objectContaining({ custrecord_pp_evt_id: event.id })]);
  });
  describe('a v1 that is the right signature cut, extended or repeated, or empty: refused', () => {
    const forged = (make: (good: string) => string) => {
      const body = JSON.stringify(event);
      const t = now();
      const good = require('crypto').createHmac('sha256', w.signingSecret).update(`${t}.${body}`).digest('hex') as string;
      return deliver(w, body, { signature: `t=${t},v1=${make(good)}` });
    };
    test('a prefix', () => refused(forged((good) => good.slice(0, 32))));
    test('one character short', () => refused(forged((good) => good.slice(0, 63))));
    test('an extension', () => refused(forged((good) => `${good}0`)));
    test('written twice', () => refused(forged((good) => good + good)));
    test('empty', () => refused(forged(() => '')));
    test('upper case (Stripe signs in lower-case hex)', () => refused(forged((good) => good.toUpperCase())));
  });
  test('the reason goes to the execution log, without the secret', () => {
    deliver(w, event, { secret: `whsec_${'wrong'.repeat(4)}` });
    expect(w.account.logs.pop()).toMatchObject({ level: 'AUDIT', title: 'PayPack webhook request refused', details: `config ${w.parentConfig}: no signature matches` });
    expect(w.account.findSecretLeaks([w.signingSecret])).toEqual([]);
  });
});

test('an event of a non-primary subsidiary\'s Stripe account updates the customer link, not the customer', () => {
  const { saveConfig } = require('./setup');
  const { massSync } = require('../sync/setup');
  saveConfig(w.europeConfig, { custrecord_pp_cfg_webhook_enabled: true });
  const euSecret = String(w.account.get(RECORD.config, w.europeConfig).fields.custrecord_pp_cfg_webhook_secret);
  const id = w.account.addCustomer({ companyname: 'Two Accounts', email: 'two@acc.test', subsidiary: String(w.parent), subsidiaries: [w.europe] });
  massSync(w);
  const link = w.account.all(RECORD.customerLink).find((l) => l.fields.custrecord_pp_link_customer === String(id))!;
  const euCustomer = String(link.fields.custrecord_pp_link_stripe_id);
  const pm = w.euStripe.seedPaymentMethod(euCustomer, { type: 'sepa_debit', sepa_debit: { last4: '3000' } });
  w.euStripe.handle({ method: 'POST', url: `/v1/customers/${euCustomer}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk_eu')!.value}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
  const event = w.euStripe.store().events.filter((e) => e.type === 'customer.updated').pop()!;
  const res = deliver(w, event, { secret: euSecret, configId: w.europeConfig });
  expect(answerOf(w, res)).toMatchObject({ status: 'processed', note: `customer ${id} (customer link ${link.id}): default payment method is now SEPA Direct Debit •••• 3000.` });
  expect(w.account.get(RECORD.customerLink, link.id).fields).toMatchObject({ custrecord_pp_link_default_pm: 'SEPA Direct Debit •••• 3000', custrecord_pp_link_default_pm_id: pm.id });
  expect(w.account.get('customer', id).fields[CUSTOMER.defaultPm] ?? '').toBe('');
  // the parent account's secret does not open the Europe endpoint
  expect(deliver(w, event, { configId: w.europeConfig }).status).toBe(500);
});

test('an event signed by another config\'s account cannot touch this account\'s customers', () => {
  const { saveConfig } = require('./setup');
  saveConfig(w.europeConfig, { custrecord_pp_cfg_webhook_enabled: true });
  const euSecret = String(w.account.get(RECORD.config, w.europeConfig).fields.custrecord_pp_cfg_webhook_secret);
  const before = { ...fields() };
  // a customer.deleted naming the parent account's Stripe customer, signed with the Europe endpoint's secret
  const hostile = stripeEvent('customer.deleted', { id: stripeId, object: 'customer', deleted: true, metadata: { netsuite_customer_id: String(customerId) } }, now());
  const res = deliver(w, hostile, { secret: euSecret, configId: w.europeConfig });
  expect(answerOf(w, res).status).toBe('ignored');
  expect(res.stripeCalls).toBe(0);
  expect(fields()).toMatchObject({ [CUSTOMER.stripeId]: before[CUSTOMER.stripeId] });
  expect(eventRows(w).pop()!.custrecord_pp_evt_error).toContain(`No NetSuite customer is linked to Stripe customer ${stripeId}`);
});

test('refusals say nothing about a config parameter that is not an id, and cost the same lookup whatever the config', () => {
  const event = stripeEvent('customer.updated', { id: stripeId, object: 'customer' }, now());
  const junk = deliver(w, event, { configId: '1 OR 1=1' as unknown as number });
  expect(junk.status).toBe(500);
  expect(junk.usage).toBe(0);
  expect(w.account.logs.pop()!.details).toBe('the config parameter is not a PayPack Config id');
  // an id with junk before or after it, or longer than a record id, is no id either
  for (const junkId of [`x${w.parentConfig}`, `${w.parentConfig}x`, '12345678901']) {
    const res = deliver(w, event, { configId: junkId as unknown as number });
    expect([res.status, res.usage]).toEqual([500, 0]);
    expect(w.account.logs.pop()!.details).toBe('the config parameter is not a PayPack Config id');
  }
  const unknown = deliver(w, event, { configId: 999 });
  expect(w.account.logs.pop()!.details).toBe('config 999: no PayPack Config with this id has a webhook signing secret');
  const wrong = deliver(w, event, { secret: `whsec_${'wrong'.repeat(4)}` });
  expect([unknown.status, wrong.status]).toEqual([500, 500]);
  expect(unknown.usage).toBe(wrong.usage);
});
