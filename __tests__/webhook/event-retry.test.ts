/**
 * A Stripe event that failed during a Stripe outage is applied by the retry job once Stripe is back,
 * never before its backoff has passed, whatever date format and time zone the account's users have:
 * the job picks due rows by the Next Try time the bundle wrote (epoch ms), never by date text.
 */
import { CUSTOMER, EVENT, RECORD } from '../../src/core/ids';
import { clickSync } from '../sync/setup';
import { deliver, eventRows, retryEvents, webhookWorld, WebhookWorld, answerOf } from './setup';
import { advance, setClock } from '../../emulator/world';

/** The 21st, ten minutes before midnight UTC: already the 22nd east of UTC. */
const FAILED_AT = Date.UTC(2027, 0, 21, 23, 50, 0);

const CASES = [
  { name: 'D/M/YYYY at UTC+10 (Brisbane)', prefs: { dateFormat: 'D/M/YYYY', timeFormat: 'h:mm a', timeZone: 'Australia/Brisbane' }, firstRetry: '22/1/2027 9:51:00 am (Australia/Brisbane)', secondRetry: '22/1/2027 9:53:00 am (Australia/Brisbane)' },
  { name: 'M/D/YYYY at UTC+9 (Tokyo)', prefs: { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'Asia/Tokyo' }, firstRetry: '1/22/2027 8:51:00 am (Asia/Tokyo)', secondRetry: '1/22/2027 8:53:00 am (Asia/Tokyo)' },
  { name: 'DD.MM.YYYY at UTC+1 (Berlin)', prefs: { dateFormat: 'DD.MM.YYYY', timeFormat: 'H:mm', timeZone: 'Europe/Berlin' }, firstRetry: '22.01.2027 0:51:00 (Europe/Berlin)', secondRetry: '22.01.2027 0:53:00 (Europe/Berlin)' },
  { name: 'M/D/YYYY at UTC-5 (New York)', prefs: { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/New_York' }, firstRetry: '1/21/2027 6:51:00 pm (America/New_York)', secondRetry: '1/21/2027 6:53:00 pm (America/New_York)' },
];

describe.each(CASES)('users at $name', ({ prefs, firstRetry, secondRetry }) => {
  let w: WebhookWorld;
  let customerId: number;
  let stripeId: string;

  beforeEach(() => {
    w = webhookWorld();
    w.account.preferences = prefs;
    customerId = w.account.addCustomer({ companyname: 'Card Co', email: 'pay@card.test', subsidiary: String(w.parent) });
    clickSync(w, customerId);
    stripeId = String(w.account.get('customer', customerId).fields[CUSTOMER.stripeId]);
  });

  const defaultPm = () => String(w.account.get('customer', customerId).fields[CUSTOMER.defaultPm] ?? '');
  const row = () => eventRows(w)[0];
  /** A scheduled run of the retry job: what it took and the Stripe calls it spent. */
  const scheduledRun = () => {
    const calls = w.stripe.calls.length;
    const run = retryEvents();
    return { ...run, stripeCalls: w.stripe.calls.length - calls };
  };

  test('the event that failed in the outage is applied by the first run after its backoff, not before', () => {
    setClock(w, FAILED_AT);
    const pm = w.stripe.seedPaymentMethod(stripeId, { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027 } });
    w.stripe.handle({ method: 'POST', url: `/v1/customers/${stripeId}`, headers: { Authorization: `Bearer ${w.account.secrets.get('custsecret_pp_stripe_sk')!.value}` }, body: `invoice_settings[default_payment_method]=${pm.id}` });
    const event = w.stripe.store().events.filter((e) => e.type === 'customer.updated').pop()!;

    // Stripe is down for the delivery and the first retry: every GET answers 500 (one call a try: no retry loop inside)
    w.stripe.failNext({ status: 500, count: 2, method: 'GET' });
    expect(answerOf(w, deliver(w, event)).status).toBe('failed');
    expect(row()).toMatchObject({ [EVENT.status]: 'failed', [EVENT.attempts]: 1, [EVENT.nextTry]: FAILED_AT + 60000 });
    expect(row()[EVENT.error]).toContain(`PayPack tries again on the first run of the event retry job after ${firstRetry} (try 2 of 8; 7 tries left).`);
    expect(row()[EVENT.error]).not.toMatch(/mass sync|PayPack Sync/);

    // runs inside the backoff take nothing and ask Stripe nothing
    advance(w, 30);
    expect(scheduledRun()).toMatchObject({ input: [], stripeCalls: 0 });
    advance(w, 29);
    expect(scheduledRun()).toMatchObject({ input: [], stripeCalls: 0 });

    // due, but Stripe is still down: tried once more, backoff doubles
    advance(w, 1);
    const second = scheduledRun();
    expect(second.output).toEqual([{ key: 'failed', value: expect.any(String) }]);
    expect(row()).toMatchObject({ [EVENT.status]: 'failed', [EVENT.attempts]: 2, [EVENT.nextTry]: FAILED_AT + 60000 + 120000 });
    expect(row()[EVENT.error]).toContain(`after ${secondRetry} (try 3 of 8; 6 tries left)`);
    expect(defaultPm()).toBe('');

    // Stripe is back, but the backoff has not passed
    advance(w, 119);
    expect(scheduledRun()).toMatchObject({ input: [], stripeCalls: 0 });
    advance(w, 1);
    const third = scheduledRun();
    expect(third.output).toEqual([{ key: 'processed', value: expect.any(String) }]);
    expect(third.stripeCalls).toBe(1);
    expect(row()).toMatchObject({ [EVENT.status]: 'processed', [EVENT.attempts]: 3, [EVENT.nextTry]: '' });
    expect(defaultPm()).toBe('Visa •••• 4242 (exp 08/2027)');
    // the stored payload is not trusted: the state was read from Stripe, and the row says what it wrote
    expect(row()[EVENT.error]).toBe(`customer ${customerId}: default payment method is now Visa •••• 4242 (exp 08/2027).`);

    // and it stays done
    advance(w, 3600);
    expect(scheduledRun()).toMatchObject({ input: [], stripeCalls: 0 });
  });

  test('the input stage reads due rows only: one due among a thousand waiting costs one search page', () => {
    setClock(w, FAILED_AT);
    for (let i = 0; i < 1000; i++) {
      w.account.write(RECORD.event, { externalid: `evt_wait${i}`, [EVENT.id]: `evt_wait${i}`, [EVENT.type]: 'customer.updated', [EVENT.config]: String(w.parentConfig), [EVENT.status]: 'failed', [EVENT.attempts]: 3, [EVENT.nextTry]: FAILED_AT + 4 * 60000, [EVENT.payload]: '{}' });
    }
    const due = w.account.write(RECORD.event, { externalid: 'evt_due', [EVENT.id]: 'evt_due', [EVENT.type]: 'customer.updated', [EVENT.config]: String(w.parentConfig), [EVENT.status]: 'failed', [EVENT.attempts]: 1, [EVENT.nextTry]: FAILED_AT - 1, [EVENT.payload]: '{}' });
    const run = scheduledRun();
    expect(run.input.map((p) => JSON.parse(p.value).recordId)).toEqual([String(due.id)]);
    // runPaged 5 + one page 5: reading the waiting rows too would take a second page
    expect(run.usage.getInputData).toBe(10);
  });

  test('an admin who reset a row that ran out of tries (Attempts 0, Next Try cleared) gets it applied on the next run', () => {
    setClock(w, FAILED_AT);
    const r = w.account.write(RECORD.event, { externalid: 'evt_reset', [EVENT.id]: 'evt_reset', [EVENT.type]: 'customer.updated', [EVENT.config]: String(w.parentConfig), [EVENT.status]: 'failed', [EVENT.attempts]: 0, [EVENT.nextTry]: '', [EVENT.payload]: 'not json' });
    const run = scheduledRun();
    expect(run.input).toHaveLength(1);
    expect(w.account.get(RECORD.event, r.id).fields[EVENT.error]).toContain('not a whole Stripe event');
  });
});

test('the retry job gives up after the last of 8 tries: the row stays failed and says what to do, no later run takes it, and resetting Attempts brings it back', () => {
  const w = webhookWorld();
  const customerId = w.account.addCustomer({ companyname: 'Down Co', email: 'down@co.test', subsidiary: String(w.parent) });
  clickSync(w, customerId);
  const stripeId = String(w.account.get('customer', customerId).fields[CUSTOMER.stripeId]);
  w.stripe.seedCharge(stripeId, { amount: 2000, currency: 'usd' });
  // Stripe fails every read of the charge for as long as it takes
  w.stripe.failNext({ status: 500, method: 'GET', path: /^\/v1\/charges\//, count: 1000 });
  deliver(w, w.stripe.store().events.filter((e) => e.type === 'charge.succeeded').pop()!);
  const row = () => eventRows(w).find((e) => e[EVENT.type] === 'charge.succeeded')!;
  expect(row()).toMatchObject({ [EVENT.status]: 'failed', [EVENT.attempts]: 1 });
  for (let attempt = 2; attempt <= 8; attempt++) {
    advance(w, 65 * 60);
    retryEvents();
    expect(row()[EVENT.attempts]).toBe(attempt);
    // the row counts down in words: "try 8 of 8; 1 try left" before the last
    if (attempt === 7) expect(String(row()[EVENT.error])).toContain('(try 8 of 8; 1 try left).');
  }
  expect(row()[EVENT.status]).toBe('failed');
  expect(String(row()[EVENT.error])).toContain('PayPack gave up after 8 tries. Once the cause is fixed, set Attempts to 0 and clear Next Try on this row');
  // later runs leave it alone: no Stripe call, no attempt counted
  const calls = w.stripe.calls.length;
  for (let day = 1; day <= 3; day++) {
    advance(w, 86400);
    expect(retryEvents().input).toEqual([]);
  }
  expect(w.stripe.calls.length).toBe(calls);
  expect(row()[EVENT.attempts]).toBe(8);
  // the cause is fixed; the admin resets the row as the README and the row say
  w.stripe.clearFaults();
  const id = w.account.all(RECORD.event).find((r) => r.fields[EVENT.type] === 'charge.succeeded')!.id;
  w.account.write(RECORD.event, { ...w.account.get(RECORD.event, id).fields, [EVENT.attempts]: 0, [EVENT.nextTry]: '' }, { id: Number(id) });
  retryEvents();
  expect(row()).toMatchObject({ [EVENT.status]: 'processed' });
  expect(w.account.all(RECORD.payment)).toHaveLength(1);
});
